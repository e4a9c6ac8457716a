/**
 * The layout editor's document and its commands, with no React and no DOM: a flow line drawn as units on a floor plan
 * (sources, stations of an equipment kind, sinks) joined by links (conveyors, AGV routes, direct hand-overs).
 *
 * Every command is a pure function from a document to a new one, so the history is a stack of documents and undo/redo
 * cover every action. `toModel` turns a document into a flow model file with its scene (the layout file the CLI runs
 * unchanged); `fromModel` reads one back. `checkLayout` finds what makes a layout wrong, naming the units involved.
 */
import type { DistributionSpec as Distribution } from '../../core/model/distribution.ts';
import { own } from '../../core/util/own.ts';
import { conveyorSchema, timeUnits, type FlowModel, type FlowModelInput, type TimeUnit } from '../../core/model/flow-model.ts';
import type { EquipmentKind, SceneLayout, SceneLayoutInput } from '../../core/model/scene.ts';

/** Station kinds the palette offers (each draws as its equipment; all run as flow-model stations). */
export const STATION_KINDS = ['cnc', 'deburr', 'anodize', 'inspection', 'packing', 'buffer', 'robot', 'station'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export type UnitKind = StationKind | 'source' | 'sink';
export const UNIT_KINDS: readonly UnitKind[] = ['source', ...STATION_KINDS, 'sink'];

/** How a link moves parts: a belt or an AGV route take length / speed; a direct link hands over at once. */
export const LINK_KINDS = ['conveyor', 'agv', 'direct'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface StationParams {
  servers: number;
  serviceTime: Distribution;
  bufferCapacity: number | null;
  mtbf?: number;
  mttr?: number;
  /** Weibull shape of the lives (wear-out above 1). */
  wearShape?: number;
  /** Mean preventive-maintenance time; lets the line's L3 planner maintain the station before it fails. */
  pmTime?: number;
}

/** The fleet's battery, as the model's `fleets[].battery` (`fleetSchema`). */
export interface FleetBattery {
  /** Working time (travel and handling) on a full charge. */
  readonly capacity: number;
  /** Time to charge from empty to full. */
  readonly chargeTime: number;
  /** A freed vehicle below this charge fraction goes to charge. */
  readonly threshold: number;
  /** Station where vehicles charge: one at an end of an AGV route. */
  readonly charger: string;
}

/** The editor's AGV fleet: the model's fleet fields without its id (`fleetSchema`). */
export interface FleetSettings {
  readonly vehicles: number;
  readonly speed: number;
  readonly loadTime: number;
  readonly unloadTime: number;
  readonly dispatching: 'nearest' | 'fcfs';
  /** Without it vehicles never run down. */
  readonly battery?: FleetBattery;
}

/** The fleet id the editor writes; one fleet serves every AGV route of an edited line. */
export const EDITOR_FLEET_ID = 'agv-fleet';

export interface SourceParams {
  interarrival: Distribution;
  limit?: number;
  onBlocked: 'wait' | 'drop';
}

export interface EditorUnit {
  readonly id: string;
  /** A palette kind in a flow line; any equipment kind when moving a shipped plant's units (layout only). */
  readonly kind: EquipmentKind;
  /** Centre on the floor, metres (x to the right, z down the plan). */
  readonly x: number;
  readonly z: number;
  /** Degrees about the vertical axis. */
  readonly rotation: number;
  readonly name?: string;
  /** The label in both languages, as a scene file gave it; dropped when the unit is renamed. */
  readonly label?: { readonly en: string; readonly zh: string };
  /** Station or source parameters as in the model file (without the id); empty for a sink. */
  readonly params: StationParams | SourceParams | Record<string, never>;
}

export interface EditorLink {
  readonly id: string;
  readonly kind: LinkKind;
  readonly from: string;
  readonly to: string;
  /** Metres per model time unit (conveyor and AGV). */
  readonly speed: number;
}

export interface LayoutDocument {
  readonly name: string;
  /**
   * Set when the document moves the units of a shipped plant (3C machining, petrochemical) in its scene only: the plant's
   * model is not edited, only positions and rotations, written back into its scene (`plantScene`).
   */
  readonly plant?: { readonly id: string; readonly scene: SceneLayoutInput };
  readonly timeUnit: TimeUnit;
  /** Operator patrol interval: gives the line L1 (breakdowns noticed at the next patrol) and L2 (alarm at once). */
  readonly maintenance?: { readonly patrolInterval: number };
  /** The AGV fleet every AGV route of the line uses; without it an AGV route is a plain delay (unlimited vehicles). */
  readonly fleet?: FleetSettings;
  readonly units: readonly EditorUnit[];
  readonly links: readonly EditorLink[];
}

export const GRID = 0.5;

/** Floor footprint, width (x) by depth (z) in metres, before rotation. */
export const FOOTPRINTS: Readonly<Record<EquipmentKind, readonly [number, number]>> = {
  laser: [1.6, 1.2],
  reactor: [2, 2],
  heater: [2, 1.6],
  column: [1.4, 1.4],
  tank: [2, 2],
  pump: [1, 0.8],
  separator: [1.6, 1.6],
  source: [1, 1],
  sink: [1, 1],
  cnc: [2.4, 2],
  deburr: [1.6, 1.4],
  anodize: [3, 1.4],
  inspection: [1.6, 1.2],
  packing: [1.8, 1.4],
  buffer: [1.2, 1.2],
  robot: [1.2, 1.2],
  station: [1.6, 1.6],
};

/** Default speeds, metres per minute: a belt at 0.1 m/s, an AGV at 1 m/s. */
const SPEED_PER_MINUTE: Record<LinkKind, number> = { conveyor: 6, agv: 60, direct: 6 };

/** A default speed in metres per model time unit. */
function defaultSpeed(kind: LinkKind, unit: TimeUnit): number {
  return SPEED_PER_MINUTE[kind] * timeUnits[unit] * 60;
}

/** Parameters a new unit of each kind starts with (model time unit: minutes). */
export function defaultParams(kind: EquipmentKind): EditorUnit['params'] {
  switch (kind) {
    case 'source':
      return { interarrival: { dist: 'exponential', mean: 6 }, onBlocked: 'wait' };
    case 'sink':
      return {};
    case 'cnc':
      return { servers: 1, serviceTime: { dist: 'lognormal', mean: 5, sd: 1 }, bufferCapacity: null };
    case 'deburr':
      return { servers: 1, serviceTime: { dist: 'lognormal', mean: 2, sd: 0.5 }, bufferCapacity: null };
    case 'anodize':
      // A tank that holds several parts at once: parallel places, each for the bath time.
      return { servers: 6, serviceTime: { dist: 'constant', value: 30 }, bufferCapacity: null };
    case 'inspection':
      return { servers: 1, serviceTime: { dist: 'exponential', mean: 1.5 }, bufferCapacity: null };
    case 'packing':
      return { servers: 1, serviceTime: { dist: 'constant', value: 1 }, bufferCapacity: null };
    case 'buffer':
      // Places that hold parts for no time: with blocking after service, a full buffer holds the part before it.
      return { servers: 10, serviceTime: { dist: 'constant', value: 0 }, bufferCapacity: 0 };
    case 'robot':
      return { servers: 1, serviceTime: { dist: 'constant', value: 0.5 }, bufferCapacity: 0 };
    default:
      return { servers: 1, serviceTime: { dist: 'exponential', mean: 3 }, bufferCapacity: null };
  }
}

export type Role = 'source' | 'station' | 'sink';
export function roleOf(kind: EquipmentKind): Role {
  return kind === 'source' || kind === 'sink' ? kind : 'station';
}

export function emptyDocument(name = 'Edited line'): LayoutDocument {
  return { name, timeUnit: 'minute', units: [], links: [] };
}

export function snap(value: number, grid = GRID): number {
  const snapped = Math.round(value / grid) * grid;
  return snapped === 0 ? 0 : snapped; // no -0 in saved files
}

/** The smallest free `kind-n` id. */
export function freshId(taken: ReadonlySet<string>, prefix: string): string {
  for (let n = 1; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

function idsOf(doc: LayoutDocument): Set<string> {
  return new Set([...doc.units.map((u) => u.id), ...doc.links.map((l) => l.id)]);
}

export function unitById(doc: LayoutDocument, id: string): EditorUnit | undefined {
  return doc.units.find((u) => u.id === id);
}

/** Distance between two units' centres, metres, rounded to centimetres (the conveyor's length). */
export function linkLength(doc: LayoutDocument, link: EditorLink): number {
  const a = unitById(doc, link.from);
  const b = unitById(doc, link.to);
  if (!a || !b) return NaN;
  return Math.max(0.01, Math.round(Math.hypot(b.x - a.x, b.z - a.z) * 100) / 100);
}

/** Model time a part spends on a link; 0 for a direct link or one from a source or into a sink. */
export function transportTime(doc: LayoutDocument, link: EditorLink): number {
  return carriesTime(doc, link) ? linkLength(doc, link) / link.speed : 0;
}

/** Whether the link becomes a conveyor of the model (between two stations, and not direct). */
function carriesTime(doc: LayoutDocument, link: EditorLink): boolean {
  if (link.kind === 'direct') return false;
  const a = unitById(doc, link.from);
  const b = unitById(doc, link.to);
  return a !== undefined && b !== undefined && roleOf(a.kind) === 'station' && roleOf(b.kind) === 'station';
}

// ---------------------------------------------------------------------------------------------------------------------
// Commands. Each returns a new document (or the same one when nothing changed).

export function placeUnit(doc: LayoutDocument, kind: UnitKind, x: number, z: number): { doc: LayoutDocument; id: string } {
  const id = freshId(idsOf(doc), kind);
  const unit: EditorUnit = { id, kind, x: snap(x), z: snap(z), rotation: 0, params: defaultParams(kind) };
  return { doc: { ...doc, units: [...doc.units, unit] }, id };
}

/** Moves units by (dx, dz), each landing on the grid. */
export function moveUnits(doc: LayoutDocument, ids: readonly string[], dx: number, dz: number): LayoutDocument {
  if (ids.length === 0 || (dx === 0 && dz === 0)) return doc;
  const moving = new Set(ids);
  let changed = false;
  const units = doc.units.map((u) => {
    if (!moving.has(u.id)) return u;
    const x = snap(u.x + dx);
    const z = snap(u.z + dz);
    if (x === u.x && z === u.z) return u;
    changed = true;
    return { ...u, x, z };
  });
  return changed ? { ...doc, units } : doc;
}

/** Turns units by `degrees` (default a quarter turn), kept in [0, 360). */
export function rotateUnits(doc: LayoutDocument, ids: readonly string[], degrees = 90): LayoutDocument {
  if (ids.length === 0) return doc;
  const turning = new Set(ids);
  return { ...doc, units: doc.units.map((u) => (turning.has(u.id) ? { ...u, rotation: (((u.rotation + degrees) % 360) + 360) % 360 } : u)) };
}

export type ConnectRefusal = 'self' | 'duplicate' | 'intoSource' | 'outOfSink' | 'missing';

/**
 * Joins `from` to `to`. A link out of a source or into a sink only routes parts (the model has conveyors between
 * stations only), so it is made direct whatever kind was asked for.
 */
export function connect(doc: LayoutDocument, from: string, to: string, kind: LinkKind): { doc: LayoutDocument; id: string } | { refused: ConnectRefusal } {
  const a = unitById(doc, from);
  const b = unitById(doc, to);
  if (!a || !b) return { refused: 'missing' };
  if (from === to) return { refused: 'self' };
  if (b.kind === 'source') return { refused: 'intoSource' };
  if (a.kind === 'sink') return { refused: 'outOfSink' };
  if (doc.links.some((l) => l.from === from && l.to === to)) return { refused: 'duplicate' };
  const between = roleOf(a.kind) === 'station' && roleOf(b.kind) === 'station';
  const linkKind = between ? kind : 'direct';
  const id = freshId(idsOf(doc), linkKind === 'agv' ? 'agv' : linkKind === 'conveyor' ? 'belt' : 'link');
  return { doc: { ...doc, links: [...doc.links, { id, kind: linkKind, from, to, speed: defaultSpeed(linkKind, doc.timeUnit) }] }, id };
}

/** Deletes units (with every link touching them) and links. */
export function deleteItems(doc: LayoutDocument, ids: readonly string[]): LayoutDocument {
  if (ids.length === 0) return doc;
  const gone = new Set(ids);
  const units = doc.units.filter((u) => !gone.has(u.id));
  const links = doc.links.filter((l) => !gone.has(l.id) && !gone.has(l.from) && !gone.has(l.to));
  if (units.length === doc.units.length && links.length === doc.links.length) return doc;
  return { ...doc, units, links };
}

export function editParams(doc: LayoutDocument, id: string, params: EditorUnit['params']): LayoutDocument {
  return { ...doc, units: doc.units.map((u) => (u.id === id ? { ...u, params } : u)) };
}

export function renameUnit(doc: LayoutDocument, id: string, name: string): LayoutDocument {
  return {
    ...doc,
    units: doc.units.map((u) => {
      if (u.id !== id) return u;
      const { name: _old, label: _label, ...rest } = u;
      return name.trim() === '' ? rest : { ...rest, name: name.trim() };
    }),
  };
}

export function editLink(doc: LayoutDocument, id: string, change: { kind?: LinkKind; speed?: number }): LayoutDocument {
  return { ...doc, links: doc.links.map((l) => (l.id === id ? { ...l, ...change } : l)) };
}

export function renameLayout(doc: LayoutDocument, name: string): LayoutDocument {
  return { ...doc, name };
}

/** Sets (or with undefined, removes) the operator patrol interval of the line. */
export function setFleet(doc: LayoutDocument, fleet: FleetSettings | undefined): LayoutDocument {
  const { fleet: _old, ...rest } = doc;
  return fleet === undefined ? rest : { ...rest, fleet: { ...fleet, ...(fleet.battery ? { battery: { ...fleet.battery } } : {}) } };
}

export function setPatrolInterval(doc: LayoutDocument, patrolInterval: number | undefined): LayoutDocument {
  if (patrolInterval === doc.maintenance?.patrolInterval) return doc;
  const { maintenance: _old, ...rest } = doc;
  return patrolInterval === undefined ? rest : { ...rest, maintenance: { patrolInterval } };
}

/** What copy puts on the clipboard: units, and the links among them. */
export interface Clipboard {
  readonly units: readonly EditorUnit[];
  readonly links: readonly EditorLink[];
}

export function copy(doc: LayoutDocument, ids: readonly string[]): Clipboard {
  const chosen = new Set(ids);
  const units = doc.units.filter((u) => chosen.has(u.id));
  const kept = new Set(units.map((u) => u.id));
  return { units, links: doc.links.filter((l) => kept.has(l.from) && kept.has(l.to)) };
}

/** Pastes with fresh ids, shifted by (dx, dz); the copies' links are remapped to the copies. */
export function paste(doc: LayoutDocument, clipboard: Clipboard, dx = 2, dz = 2): { doc: LayoutDocument; ids: string[] } {
  const taken = idsOf(doc);
  const renamed = new Map<string, string>();
  const units = clipboard.units.map((u) => {
    const id = freshId(taken, u.kind);
    taken.add(id);
    renamed.set(u.id, id);
    return { ...u, id, x: snap(u.x + dx), z: snap(u.z + dz) };
  });
  const links = clipboard.links.map((l) => {
    const id = freshId(taken, l.kind === 'agv' ? 'agv' : l.kind === 'conveyor' ? 'belt' : 'link');
    taken.add(id);
    return { ...l, id, from: renamed.get(l.from)!, to: renamed.get(l.to)! };
  });
  return { doc: { ...doc, units: [...doc.units, ...units], links: [...doc.links, ...links] }, ids: units.map((u) => u.id) };
}

// ---------------------------------------------------------------------------------------------------------------------
// History: a stack of documents, so every command can be undone.

export interface History {
  readonly past: readonly LayoutDocument[];
  readonly present: LayoutDocument;
  readonly future: readonly LayoutDocument[];
}

export const HISTORY_LIMIT = 200;

export function startHistory(doc: LayoutDocument): History {
  return { past: [], present: doc, future: [] };
}

/** Records `next` as the result of a command; a command that changed nothing leaves no entry. */
export function record(history: History, next: LayoutDocument): History {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-HISTORY_LIMIT), present: next, future: [] };
}

export function undo(history: History): History {
  const previous = history.past[history.past.length - 1];
  if (!previous) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo(history: History): History {
  const next = history.future[0];
  if (!next) return history;
  return { past: [...history.past, history.present], present: next, future: history.future.slice(1) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Selection helpers.

/** Units whose centre lies in the rectangle spanned by two corners (rubber-band selection). */
export function unitsInRect(doc: LayoutDocument, x0: number, z0: number, x1: number, z1: number): string[] {
  const [left, right] = x0 < x1 ? [x0, x1] : [x1, x0];
  const [top, bottom] = z0 < z1 ? [z0, z1] : [z1, z0];
  return doc.units.filter((u) => u.x >= left && u.x <= right && u.z >= top && u.z <= bottom).map((u) => u.id);
}

/** Half extents of a unit's footprint on the floor, after rotation (the rotated rectangle's bounding box). */
export function halfExtents(unit: EditorUnit): [number, number] {
  const [w, d] = FOOTPRINTS[unit.kind];
  const a = (unit.rotation * Math.PI) / 180;
  const c = Math.abs(Math.cos(a));
  const s = Math.abs(Math.sin(a));
  return [(w * c + d * s) / 2, (w * s + d * c) / 2];
}

// ---------------------------------------------------------------------------------------------------------------------
// Whole-layout checks.

export type ProblemCode =
  | 'empty'
  | 'noSource'
  | 'noSink'
  | 'overlap'
  | 'unfed'
  | 'leadsNowhere'
  | 'danglingLink'
  | 'cycle'
  | 'sourceToSink'
  | 'sourceUnused'
  | 'invalidLink'
  | 'chargerOffRoute';

export interface LayoutProblem {
  readonly code: ProblemCode;
  /** Units to highlight (existing ones only). */
  readonly units: readonly string[];
  /** Links to highlight. */
  readonly links: readonly string[];
  /** Ids the message names (a missing unit's id, for a dangling link). */
  readonly names: readonly string[];
}

const problem = (code: ProblemCode, units: string[], links: string[] = [], names: string[] = units): LayoutProblem => ({
  code,
  units,
  links,
  names,
});

/** Paths of unit ids from each source, following links, until a sink or a dead end; cycles are cut and reported. */
function tracePaths(doc: LayoutDocument): { paths: Map<string, string[][]>; cycles: string[][] } {
  const byId = new Map(doc.units.map((u) => [u.id, u]));
  const out = new Map<string, string[]>();
  for (const l of doc.links) if (byId.has(l.from) && byId.has(l.to)) out.set(l.from, [...(out.get(l.from) ?? []), l.to]);
  const paths = new Map<string, string[][]>();
  const cycles: string[][] = [];
  const LIMIT = 1000; // a layout with more distinct paths than this is not a line the editor can route
  for (const source of doc.units.filter((u) => u.kind === 'source')) {
    const found: string[][] = [];
    const walk = (path: string[]) => {
      if (found.length >= LIMIT) return;
      const last = path[path.length - 1]!;
      const next = out.get(last) ?? [];
      if (next.length === 0 || byId.get(last)!.kind === 'sink') {
        found.push(path);
        return;
      }
      for (const to of next) {
        const at = path.indexOf(to);
        if (at >= 0) cycles.push(path.slice(at));
        else walk([...path, to]);
      }
    };
    walk([source.id]);
    paths.set(source.id, found);
  }
  return { paths, cycles };
}

/** Stations at an end of an AGV route: where the fleet's charger may stand. */
export function chargerStations(doc: LayoutDocument): string[] {
  const ids = new Set<string>();
  for (const l of doc.links) if (l.kind === 'agv') for (const id of [l.from, l.to]) ids.add(id);
  return doc.units.filter((u) => ids.has(u.id) && roleOf(u.kind) === 'station').map((u) => u.id);
}

export function checkLayout(doc: LayoutDocument): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  if (doc.units.length === 0) return [problem('empty', [])];
  const byId = new Map(doc.units.map((u) => [u.id, u]));
  const flowLine = doc.plant === undefined; // a shipped plant's scene: only where units stand is edited
  if (flowLine && !doc.units.some((u) => u.kind === 'source')) problems.push(problem('noSource', []));
  if (flowLine && !doc.units.some((u) => u.kind === 'sink')) problems.push(problem('noSink', []));

  // Overlapping footprints, pair by pair (layouts have tens of units).
  for (let i = 0; i < doc.units.length; i++) {
    const a = doc.units[i]!;
    const [ax, az] = halfExtents(a);
    for (let j = i + 1; j < doc.units.length; j++) {
      const b = doc.units[j]!;
      const [bx, bz] = halfExtents(b);
      if (Math.abs(a.x - b.x) < ax + bx - 1e-9 && Math.abs(a.z - b.z) < az + bz - 1e-9) problems.push(problem('overlap', [a.id, b.id]));
    }
  }
  if (!flowLine) return problems;

  for (const l of doc.links) {
    const missing = [l.from, l.to].filter((id) => !byId.has(id));
    if (missing.length > 0) {
      problems.push(
        problem(
          'danglingLink',
          [l.from, l.to].filter((id) => byId.has(id)),
          [l.id],
          [l.id, ...missing],
        ),
      );
    } else if (l.kind !== 'direct' && carriesTime(doc, l) && !conveyorSchema.shape.speed.safeParse(l.speed).success) {
      problems.push(problem('invalidLink', [l.from, l.to], [l.id], [l.id]));
    }
  }

  // The fleet's charger must be a station its vehicles drive to (the model refuses it otherwise).
  const charger = doc.fleet?.battery?.charger;
  if (charger !== undefined && !chargerStations(doc).includes(charger)) {
    problems.push(problem('chargerOffRoute', byId.has(charger) ? [charger] : [], [], [charger]));
  }

  const fed = new Set(doc.links.filter((l) => byId.has(l.from)).map((l) => l.to));
  const leads = new Set(doc.links.filter((l) => byId.has(l.to)).map((l) => l.from));
  for (const u of doc.units) {
    if (u.kind !== 'source' && !fed.has(u.id)) problems.push(problem('unfed', [u.id]));
    if (u.kind !== 'sink' && !leads.has(u.id)) problems.push(problem('leadsNowhere', [u.id]));
  }

  const { paths, cycles } = tracePaths(doc);
  const seenCycles = new Set<string>();
  for (const cycle of cycles) {
    const key = [...cycle].sort().join(',');
    if (!seenCycles.has(key)) {
      seenCycles.add(key);
      problems.push(problem('cycle', cycle));
    }
  }
  for (const [source, found] of paths) {
    for (const path of found) {
      const last = byId.get(path[path.length - 1]!)!;
      // A path that stops before a sink is reported as 'leadsNowhere' at its last unit already.
      if (last.kind === 'sink' && path.length === 2) problems.push(problem('sourceToSink', [source, last.id]));
    }
    if (found.length > 0 && !found.some((p) => byId.get(p[p.length - 1]!)!.kind === 'sink' && p.length > 2)) {
      if (!problems.some((p) => p.code === 'leadsNowhere' && p.units[0] === source)) problems.push(problem('sourceUnused', [source]));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------------
// To and from the model file.

/** A layout file: a flow model file that carries its scene. */
export type LayoutFile = FlowModelInput & { scene: SceneLayoutInput };

/**
 * The flow model and scene of a document. Routings are the paths from each source through stations to a sink; a source
 * with several paths sends jobs down each with equal weight. Conveyors are the belt and AGV links between consecutive
 * stations of a path, with the length measured on the plan. Run it only when `checkLayout` finds nothing: the schema
 * refuses what the checks report.
 */
export function toModel(doc: LayoutDocument): { model: FlowModelInput; scene: SceneLayoutInput } {
  const byId = new Map(doc.units.map((u) => [u.id, u]));
  const { paths } = tracePaths(doc);
  const routings: FlowModelInput['routings'] = [];
  const routingByKey = new Map<string, string>();
  const sources: FlowModelInput['sources'] = [];
  const hops = new Set<string>();
  for (const unit of doc.units) {
    if (unit.kind !== 'source') continue;
    const used: string[] = [];
    for (const path of paths.get(unit.id) ?? []) {
      const sink = byId.get(path[path.length - 1]!)!;
      const steps = path.slice(1, -1);
      if (sink.kind !== 'sink' || steps.length === 0) continue;
      const key = `${steps.join('>')}>${sink.id}`;
      let routing = routingByKey.get(key);
      if (!routing) {
        routing = `route-${routings.length + 1}`;
        routingByKey.set(key, routing);
        routings.push({ id: routing, steps, sink: sink.id });
      }
      if (!used.includes(routing)) used.push(routing);
      for (let k = 0; k + 1 < steps.length; k++) hops.add(`${steps[k]}>${steps[k + 1]}`);
    }
    const params = unit.params as SourceParams;
    const source = { id: unit.id, ...params };
    if (used.length === 1) sources.push({ ...source, routing: used[0]! });
    else if (used.length > 1) sources.push({ ...source, mix: used.map((routing) => ({ routing, weight: 1 })) });
  }
  const conveyors = doc.links
    .filter((l) => carriesTime(doc, l) && hops.has(`${l.from}>${l.to}`))
    .map((l) => ({
      id: l.id,
      from: l.from,
      to: l.to,
      kind: l.kind === 'agv' ? ('agv' as const) : ('belt' as const),
      length: linkLength(doc, l),
      speed: l.speed,
      ...(l.kind === 'agv' && doc.fleet ? { fleet: EDITOR_FLEET_ID } : {}),
    }));
  const fleetUsed = doc.fleet !== undefined && conveyors.some((c) => c.kind === 'agv');
  const named = (u: EditorUnit) => (u.name ? { name: u.name } : {});
  const model: FlowModelInput = {
    kind: 'flow',
    name: doc.name,
    timeUnit: doc.timeUnit,
    sources,
    stations: doc.units.filter((u) => roleOf(u.kind) === 'station').map((u) => ({ id: u.id, ...named(u), ...(u.params as StationParams) })),
    routings,
    sinks: doc.units.filter((u) => u.kind === 'sink').map((u) => ({ id: u.id, ...named(u) })),
    ...(conveyors.length > 0 ? { conveyors } : {}),
    ...(doc.maintenance ? { maintenance: { ...doc.maintenance } } : {}),
    ...(fleetUsed ? { fleets: [{ id: EDITOR_FLEET_ID, ...doc.fleet! }] } : {}),
  };
  const scene: SceneLayoutInput = {
    units: Object.fromEntries(
      doc.units.map((u) => [
        u.id,
        {
          position: [u.x, u.z] as [number, number],
          rotation: u.rotation,
          kind: u.kind,
          ...(u.label ? { label: { ...u.label } } : u.name ? { label: { en: u.name, zh: u.name } } : {}),
        },
      ]),
    ),
  };
  return { model, scene };
}

/** The layout file of a document: the model with its scene inside (what export writes and the CLI runs). */
export function layoutFile(doc: LayoutDocument): LayoutFile {
  const { model, scene } = toModel(doc);
  return { ...model, scene };
}

/**
 * A document from a validated flow model and its scene. Units the scene does not place go in rows (sources left,
 * stations in routing order, sinks right). Links come from consecutive routing steps; a conveyor of the model keeps its
 * kind and speed, and its length is measured on the plan again.
 */
export function fromModel(model: FlowModel, scene?: SceneLayout): LayoutDocument {
  const placed = scene?.units ?? {};
  const kindOf = (id: string, role: Role): UnitKind => {
    const kind = own(placed, id)?.kind;
    if (kind && (UNIT_KINDS as readonly string[]).includes(kind) && roleOf(kind as UnitKind) === role) return kind as UnitKind;
    return role;
  };
  const units: EditorUnit[] = [];
  const add = (id: string, role: Role, index: number, column: number, name: string | undefined, params: EditorUnit['params']) => {
    const at = own(placed, id);
    const label = at?.label?.en;
    units.push({
      id,
      kind: kindOf(id, role),
      x: at ? at.position[0] : column,
      z: at ? at.position[1] : index * 3,
      rotation: at?.rotation ?? 0,
      ...((name ?? label) !== undefined ? { name: name ?? label } : {}),
      ...(at?.label ? { label: { ...at.label } } : {}),
      params,
    });
  };
  model.sources.forEach((s, i) => {
    const { id, routing: _r, mix: _m, ...params } = s;
    add(id, 'source', i, -4, undefined, params);
  });
  model.stations.forEach((s, i) => {
    const { id, name, ...params } = s;
    add(id, 'station', 0, i * 4, name, params);
  });
  model.sinks.forEach((s, i) => add(s.id, 'sink', i, model.stations.length * 4, s.name, {}));

  const conveyorByHop = new Map(model.conveyors.map((c) => [`${c.from}>${c.to}`, c]));
  const links: EditorLink[] = [];
  const taken = new Set([...units.map((u) => u.id), ...model.conveyors.map((c) => c.id)]);
  const join = (from: string, to: string) => {
    if (links.some((l) => l.from === from && l.to === to)) return;
    const conveyor = conveyorByHop.get(`${from}>${to}`);
    if (conveyor) {
      links.push({ id: conveyor.id, kind: conveyor.kind === 'agv' ? 'agv' : 'conveyor', from, to, speed: conveyor.speed });
    } else {
      const id = freshId(taken, 'link');
      taken.add(id);
      links.push({ id, kind: 'direct', from, to, speed: defaultSpeed('direct', model.timeUnit) });
    }
  };
  const routingById = new Map(model.routings.map((r) => [r.id, r]));
  for (const s of model.sources) {
    for (const id of s.routing !== undefined ? [s.routing] : (s.mix ?? []).map((m) => m.routing)) {
      join(s.id, routingById.get(id)!.steps[0]!);
    }
  }
  for (const r of model.routings) {
    for (let k = 0; k + 1 < r.steps.length; k++) join(r.steps[k]!, r.steps[k + 1]!);
    join(r.steps[r.steps.length - 1]!, r.sink);
  }
  const fleet = model.fleets?.[0];
  return {
    name: model.name,
    timeUnit: model.timeUnit,
    ...(model.maintenance ? { maintenance: { ...model.maintenance } } : {}),
    ...(fleet
      ? {
          fleet: {
            vehicles: fleet.vehicles,
            speed: fleet.speed,
            loadTime: fleet.loadTime,
            unloadTime: fleet.unloadTime,
            dispatching: fleet.dispatching,
            ...(fleet.battery ? { battery: { ...fleet.battery } } : {}),
          },
        }
      : {}),
    units,
    links,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Layout only: the units of a shipped plant, moved in its scene.

/**
 * A document for moving a shipped plant's units: one unit per unit of its scene, drawn as the scene's kind where it
 * names one, else as the plant's own (`kinds`, from the model's view).
 */
export function fromPlantScene(id: string, name: string, scene: SceneLayout, kinds: Readonly<Record<string, string>>): LayoutDocument {
  const known = (kind: string | undefined): EquipmentKind | undefined =>
    kind !== undefined && Object.hasOwn(FOOTPRINTS, kind) ? (kind as EquipmentKind) : undefined;
  const units: EditorUnit[] = Object.entries(scene.units).map(([unitId, at]) => ({
    id: unitId,
    kind: known(at.kind) ?? known(own(kinds, unitId)) ?? 'station',
    x: at.position[0],
    z: at.position[1],
    rotation: at.rotation,
    ...(at.label ? { name: at.label.en, label: { ...at.label } } : {}),
    params: {},
  }));
  return { name, timeUnit: 'minute', plant: { id, scene: JSON.parse(JSON.stringify(scene)) as SceneLayoutInput }, units, links: [] };
}

/** The plant's scene with each unit where the document has it; everything else (labels, kinds, cameras) as it was. */
export function plantScene(doc: LayoutDocument): SceneLayoutInput {
  if (!doc.plant) throw new Error('not a layout-only document');
  const original = doc.plant.scene;
  const units: SceneLayoutInput['units'] = {};
  for (const u of doc.units) units[u.id] = { ...own(original.units, u.id), position: [u.x, u.z], rotation: u.rotation };
  return { ...original, units };
}
