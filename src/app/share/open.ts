/**
 * The app side of shareable scenarios: making a link from the app's state, and opening one. Opening checks the
 * scenario against what this app has (plant or carried model, levels, capabilities, tour), loads that run, plays it as
 * fast as possible to the recorded simulated time (`play` with `until`: the engine pauses exactly there), then restores
 * the recorded speed. A link that cannot be used leaves what was shown before untouched and says what was wrong; one
 * that the engine refuses after the app accepted it puts the previous plant and settings back.
 */
import { create } from 'zustand';
import { runnable } from '../../core/models.ts';
import { validateModel } from '../../core/model/load.ts';
import { formatLimit, LIMITS } from '../../core/model/limits.ts';
import { catalog } from '../engine/catalog.ts';
import { loadSelected, send } from '../engine/client.ts';
import { registerHudWriter } from '../hud.ts';
import { setCustomLayout } from '../scene/custom-layouts.ts';
import { live, useApp } from '../store.ts';
import { startTour, useTour } from '../tour/player.ts';
import { findTour } from '../tour/tours.ts';
import { importRules, useSavedRules } from '../lab/rules-store.ts';
import { decodeScenario, encodeScenario, scenarioPayload, scenarioUrl, ScenarioLinkError, type Scenario, type ScenarioProblem } from './scenario.ts';

/** Why a link could not be opened: the payload (`scenario.ts`) or what it asks for. */
export type OpenProblem = ScenarioProblem | 'plant' | 'model' | 'settings' | 'tour';

export interface ShareState {
  /** What opening the page's link has come to (`idle`: the page had no link). */
  status: 'idle' | 'opening' | 'reproducing' | 'reproduced' | 'error';
  problem?: OpenProblem;
  /** Technical detail of the problem (file, path, expected). */
  detail?: string;
}

export const useShare = create<ShareState>(() => ({ status: 'idle' }));

class OpenError extends Error {
  constructor(
    readonly problem: OpenProblem,
    detail: string,
  ) {
    super(detail);
  }
}

/** The scenario the app shows now, as a link. */
export async function currentLink(): Promise<string> {
  const app = useApp.getState();
  const tour = useTour.getState();
  const rules = useSavedRules.getState().rules;
  const custom = app.custom?.id === app.modelId ? app.custom : undefined;
  const scenario: Scenario = {
    plant: app.modelId,
    ...(custom ? { custom: { id: custom.id, file: custom.file, model: custom.model, ...(custom.scene !== undefined ? { scene: custom.scene } : {}) } } : {}),
    level: app.level,
    overrides: { ...app.overrides },
    seed: app.seed,
    // One of the speed select's choices; `encodeScenario` validates it.
    speed: app.speed === Infinity ? 'max' : (app.speed as Scenario['speed']),
    // Until the run has loaded, the clock still shows the previous one.
    time: app.loaded ? live.time : 0,
    ...(tour.tourId !== undefined ? { tour: { id: tour.tourId, step: tour.step } } : {}),
    ...(rules.length > 0 ? { rules: [...rules] } : {}),
  };
  return scenarioUrl(location, await encodeScenario(scenario));
}

/** Checks a decoded scenario against this app (and registers a carried scene layout); throws an `OpenError`. */
function check(scenario: Scenario): void {
  let model;
  if (scenario.custom) {
    if (scenario.custom.id !== scenario.plant) {
      throw new OpenError('content', `plant: expected the carried model's id ${JSON.stringify(scenario.custom.id)}, got ${JSON.stringify(scenario.plant)}`);
    }
    if (catalog.some((e) => e.id === scenario.custom!.id)) {
      throw new OpenError('content', `custom.id: ${JSON.stringify(scenario.custom.id)} is a catalog model's id`);
    }
    try {
      model = runnable(validateModel(scenario.custom.model, scenario.custom.file));
    } catch (error) {
      throw new OpenError('model', error instanceof Error ? error.message : String(error));
    }
  } else {
    const entry = catalog.find((e) => e.id === scenario.plant);
    if (!entry) throw new OpenError('plant', `plant: unknown plant ${JSON.stringify(scenario.plant)}; expected one of ${catalog.map((e) => e.id).join(', ')}`);
    model = runnable(entry.model);
  }
  if (!model.levels.includes(scenario.level)) {
    throw new OpenError('settings', `level: ${scenario.level} is not implemented; expected one of ${model.levels.join(', ')}`);
  }
  for (const [name, level] of Object.entries(scenario.overrides)) {
    if (!model.capabilities.includes(name)) {
      throw new OpenError('settings', `overrides.${name}: unknown capability; expected one of ${model.capabilities.join(', ') || 'none'}`);
    }
    if (!model.levels.includes(level)) throw new OpenError('settings', `overrides.${name}: ${level} is not implemented`);
  }
  const longest = LIMITS.runDays * model.unitsPerDay;
  if (scenario.time > longest) {
    throw new OpenError(
      'settings',
      `time: expected at most ${formatLimit(longest)} (${formatLimit(LIMITS.runDays)} days, the limit on a run), got ${formatLimit(scenario.time)}`,
    );
  }
  if (scenario.tour) {
    const tour = findTour(scenario.tour.id);
    if (!tour) throw new OpenError('tour', `tour.id: unknown tour ${JSON.stringify(scenario.tour.id)}`);
    if (scenario.tour.step >= tour.tour.steps.length) {
      throw new OpenError('tour', `tour.step: expected a step below ${tour.tour.steps.length}, got ${scenario.tour.step}`);
    }
  }
  if (scenario.custom?.scene !== undefined) {
    try {
      setCustomLayout(scenario.custom.id, scenario.custom.scene, `${scenario.custom.file} (scene)`);
    } catch (error) {
      throw new OpenError('model', error instanceof Error ? error.message : String(error));
    }
  }
}

/** The run being reproduced, watched once per animation frame until it reaches its time, and what was shown before. */
let target:
  | { scenario: Scenario; speed: number; previous: Pick<ReturnType<typeof useApp.getState>, 'modelId' | 'custom' | 'level' | 'overrides' | 'seed' | 'speed'> }
  | undefined;

function watchReproduction(): void {
  if (!target || useShare.getState().status !== 'reproducing') return;
  const { scenario, speed } = target;
  const { loaded, error } = useApp.getState();
  if (error !== undefined) {
    // The engine refused the run (a carried model that validates here but fails to start there): put back what was
    // shown before, and say so.
    const { previous } = target;
    target = undefined;
    useApp.setState({ ...previous, error: undefined });
    loadSelected();
    useShare.setState({ status: 'error', problem: 'model', detail: error });
    return;
  }
  if (!loaded || loaded.modelId !== scenario.plant || loaded.level !== scenario.level || loaded.seed !== scenario.seed) return;
  if (live.time < scenario.time) return;
  target = undefined;
  send({ type: 'speed', factor: speed });
  useShare.setState({ status: 'reproduced' });
}

/** The payload this page has opened. */
let openedPayload: string | undefined;

/** Opens the scenario in the page's URL, if it has one. */
export async function openSharedLink(search: string, hash = ''): Promise<void> {
  const payload = scenarioPayload(search, hash);
  // Once per page: React runs mount effects twice in development, and a second opening would take the first one's
  // scenario for "what was shown before".
  if (payload === undefined || payload === openedPayload) return;
  openedPayload = payload;
  useShare.setState({ status: 'opening', problem: undefined, detail: undefined });
  let scenario: Scenario;
  try {
    scenario = await decodeScenario(payload);
    check(scenario);
  } catch (error) {
    const problem: OpenProblem = error instanceof ScenarioLinkError || error instanceof OpenError ? error.problem : 'content';
    const detail = error instanceof ScenarioLinkError ? error.detail : error instanceof Error ? error.message : String(error);
    useShare.setState({ status: 'error', problem, detail });
    return;
  }
  if (scenario.rules) importRules(scenario.rules);
  const speed = scenario.speed === 'max' ? Infinity : scenario.speed;
  const app = useApp.getState();
  const previous = { modelId: app.modelId, custom: app.custom, level: app.level, overrides: app.overrides, seed: app.seed, speed: app.speed };
  useApp.setState({
    modelId: scenario.plant,
    custom: scenario.custom
      ? {
          id: scenario.custom.id,
          file: scenario.custom.file,
          model: scenario.custom.model,
          ...(scenario.custom.scene !== undefined ? { scene: scenario.custom.scene } : {}),
        }
      : app.custom,
    level: scenario.level,
    overrides: scenario.overrides,
    seed: scenario.seed,
    speed,
    cameraId: undefined,
    overlay: 'none',
    selectedUnit: undefined,
  });
  target = { scenario, speed, previous };
  useShare.setState({ status: 'reproducing' });
  registerHudWriter(watchReproduction);
  loadSelected();
  if (scenario.time > 0) {
    // Catch up as fast as possible; the engine pauses exactly at the recorded time, then the recorded speed returns.
    send({ type: 'speed', factor: Infinity });
    send({ type: 'play', until: scenario.time });
  }
  if (scenario.tour) {
    startTour(scenario.tour.id, scenario.tour.step, { plant: scenario.plant, level: scenario.level, seed: scenario.seed, overrides: scenario.overrides });
  }
}
