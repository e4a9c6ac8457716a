/**
 * The UI side of the engine worker: sends commands, and copies each frame into `live` (no React state), then lets the
 * registered HUD writers update the DOM once per animation frame.
 */
import { DECISION_KINDS } from '../../core/runtime/view.ts';
import { DECISIONS_PER_UNIT, live, LOG_LENGTH, useApp } from '../store.ts';
import type { FromEngine, ToEngine } from './protocol.ts';
import { remote } from '../connect/remote-state.ts';

let worker: Worker | undefined;
const EMPTY = new Float64Array(0);

export function engine(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromEngine>) => receive(event.data);
    worker.onerror = (event) => useApp.setState({ error: event.message, running: false });
  }
  return worker;
}

export function send(message: ToEngine): void {
  engine().postMessage(message);
}

function receive(message: FromEngine): void {
  // Following a remote plant (connect/remote.ts): the local engine's model and frames are not shown.
  if (remote.active && message.type !== 'error') return;
  switch (message.type) {
    case 'loaded': {
      const { type: _type, ...loaded } = message;
      useApp.setState({ loaded, error: undefined, running: false });
      break;
    }
    case 'frame': {
      const { type: _type, running, baselineKpis, log, ...arrays } = message;
      Object.assign(live, arrays);
      live.baselineKpis = baselineKpis ?? EMPTY;
      if (log.length > 0) {
        // Decisions go to their unit's list (shown in the inspector); everything else to the plant-wide log.
        const notable = log.filter((event) => !DECISION_KINDS.has(event.kind));
        if (notable.length > 0) live.log = [...live.log, ...notable].slice(-LOG_LENGTH);
        for (const event of log) {
          if (!DECISION_KINDS.has(event.kind)) continue;
          const list = live.decisions.get(event.unit) ?? [];
          live.decisions.set(event.unit, [...list, event].slice(-DECISIONS_PER_UNIT));
        }
      }
      live.frame++;
      if (useApp.getState().running !== running) useApp.setState({ running });
      break;
    }
    case 'error':
      useApp.setState({ error: message.message, running: false });
      break;
  }
}

/** Loads the model, level and seed currently selected in the store. */
export function loadSelected(): void {
  const { modelId, custom, level, overrides, seed, speed } = useApp.getState();
  useApp.setState({ loaded: undefined, selectedUnit: undefined });
  live.log = [];
  live.decisions = new Map();
  const model = custom?.id === modelId ? { custom: { model: custom.model, file: custom.file } } : {};
  send({ type: 'load', modelId, level, overrides, seed, ...model });
  send({ type: 'speed', factor: speed });
}
