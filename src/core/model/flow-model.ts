/**
 * The generic flow model: sources, stations with buffers, routings and sinks. Teaching models (M/M/1, tandem lines) are
 * written in it, and the plant models reuse its parts.
 */
import { z } from 'zod';
import { distributionSchema } from './distribution.ts';
import { sceneLayoutSchema } from './scene.ts';
import { flowDomainRules } from './domain-rules.ts';
import { formatLimit, LIMITS } from './limits.ts';
import { provenanceSchema } from './provenance.ts';

export const timeUnits = { second: 1 / 3600, minute: 1 / 60, hour: 1, day: 24 } as const;
export type TimeUnit = keyof typeof timeUnits;

/** Length of one day in a model's time unit. */
export function unitsPerDay(unit: TimeUnit): number {
  return 24 / timeUnits[unit];
}
/** Length of one hour in a model's time unit. */
export function unitsPerHour(unit: TimeUnit): number {
  return 1 / timeUnits[unit];
}

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'expected an identifier (letters, digits, _ . : -)')
  .describe('Identifier, unique in the model');

/** One station (exported for the layout editor, which validates a station's fields with it as they are typed). */
export const stationSchema = z
  .strictObject({
    id,
    name: z.string().optional(),
    servers: z
      .number()
      .int()
      .positive()
      .max(LIMITS.servers, { error: `expected at most ${formatLimit(LIMITS.servers)} (the limit on servers of a station)` })
      .default(1)
      .describe('Parallel identical servers'),
    serviceTime: distributionSchema.describe('Service time of one job, in the model time unit'),
    bufferCapacity: z
      .number()
      .int()
      .nonnegative()
      .max(LIMITS.bufferCapacity, { error: `expected at most ${formatLimit(LIMITS.bufferCapacity)} (the limit on a finite buffer; null for unlimited)` })
      .nullable()
      .default(null)
      .describe('Jobs that may wait in front of the servers; null for unlimited. When full, upstream blocks after service.'),
    mtbf: z.number().positive().optional().describe('Mean operating time between failures (exponential); omit for none'),
    mttr: z.number().positive().optional().describe('Mean time to repair (exponential); required with mtbf'),
    wearShape: z
      .number()
      .min(1)
      .max(10)
      .optional()
      .describe('Weibull shape of the time between failures (mean mtbf): 1 or omitted for memoryless failures, above 1 for wear-out'),
    pmTime: z
      .number()
      .positive()
      .optional()
      .describe('Mean time of a preventive maintenance (exponential), which renews the station like a repair; lets L3 learn when to do one'),
  })
  .refine((s) => (s.mtbf === undefined) === (s.mttr === undefined), {
    message: 'expected mtbf and mttr together',
    path: ['mttr'],
  })
  .refine((s) => s.mtbf !== undefined || (s.wearShape === undefined && s.pmTime === undefined), {
    message: 'expected mtbf and mttr with wearShape or pmTime (they describe how the station fails)',
    path: ['mtbf'],
  });

/** One source (exported for the layout editor). */
export const sourceSchema = z.strictObject({
  id,
  interarrival: distributionSchema.describe('Time between arrivals, in the model time unit'),
  routing: id.optional().describe('Routing every job follows (or give mix)'),
  mix: z
    .array(z.strictObject({ routing: id, weight: z.number().positive() }))
    .min(1)
    .optional()
    .describe('Routings chosen at random with probability proportional to weight'),
  limit: z.number().int().positive().optional().describe('Stop after this many arrivals'),
  onBlocked: z.enum(['wait', 'drop']).default('wait').describe('When the first buffer is full: hold the job and pause arrivals, or turn the job away'),
});

const routingSchema = z.strictObject({
  id,
  steps: z.array(id).min(1).describe('Stations visited in order'),
  sink: id.describe('Sink the job leaves by'),
});

const sinkSchema = z.strictObject({ id, name: z.string().optional() });

/**
 * A transport link between two stations. A job finishing at `from` whose routing goes on to `to` leaves the server at
 * once and rides for `length / speed`; at the end it enters `to` if there is room, else waits there, in arrival order
 * (FIFO), until `to` takes it. The belt holds any number of parts, so it never blocks `from`.
 */
export const conveyorSchema = z.strictObject({
  id,
  from: id.describe('Station the transport starts at'),
  to: id.describe('Station it delivers to'),
  kind: z.enum(['belt', 'agv']).default('belt').describe('Drawn as a belt or an AGV route; both are a transport delay'),
  length: z.number().positive().describe('Length in metres'),
  speed: z.number().positive().describe('Speed in metres per model time unit; transport time = length / speed'),
  fleet: id.optional().describe('AGV route only: the fleet whose vehicles carry its jobs (then they wait for a vehicle); omit for an unlimited delay'),
});

/** How breakdowns come to notice (see `maintenance` in the model). Exported for the layout editor's line settings. */
export const maintenanceSchema = z.strictObject({
  patrolInterval: z
    .number()
    .positive()
    .describe('Operators walk the line at every multiple of this time (model time unit); at L1 a failure waits for the next walk'),
});

/** A fleet of AGVs serving the AGV routes that name it (see `src/core/flow/fleet.ts`). Exported for the layout editor. */
export const fleetSchema = z.strictObject({
  id,
  vehicles: z.number().int().positive().describe('Number of vehicles'),
  speed: z.number().positive().describe("Metres per model time unit, loaded or empty (a fleet route's own speed is not used)"),
  loadTime: z.number().nonnegative().default(0).describe('Time to take a job from a station (model time unit)'),
  unloadTime: z.number().nonnegative().default(0).describe('Time to set a job down at the next station'),
  dispatching: z
    .enum(['nearest', 'fcfs'])
    .default('nearest')
    .describe(
      'nearest: a call gets the nearest idle vehicle and a freed vehicle the nearest call; fcfs: calls in order, the longest-idle vehicle first. At L3 a look-ahead dispatcher sends vehicles to stations about to finish',
    ),
  home: id.optional().describe("Station where the vehicles start (default: the start of the fleet's first route)"),
  battery: z
    .strictObject({
      capacity: z.number().positive().describe('Working time (travel and handling) on a full charge'),
      chargeTime: z.number().positive().describe('Time to charge from empty to full'),
      threshold: z.number().min(0).max(1).default(0.25).describe('A freed vehicle below this charge fraction goes to charge'),
      charger: id.describe("Station where vehicles charge (on the fleet's routes)"),
    })
    .optional(),
});

export const flowModelSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kind: z.literal('flow'),
    name: z.string().min(1),
    description: z.string().optional(),
    timeUnit: z.enum(['second', 'minute', 'hour', 'day']).default('minute'),
    warmup: z.number().nonnegative().default(0).describe('Statistics are reset at this time (model time unit)'),
    defaultDays: z.number().positive().default(30).describe('Run length when the CLI is given neither --days nor --until'),
    sources: z.array(sourceSchema).min(1),
    stations: z.array(stationSchema).min(1),
    routings: z.array(routingSchema).min(1),
    sinks: z.array(sinkSchema).min(1),
    conveyors: z.array(conveyorSchema).default([]).describe('Transport between consecutive routing steps'),
    fleets: z.array(fleetSchema).optional().describe('AGV fleets; an AGV route with a fleet waits for one of its vehicles'),
    maintenance: maintenanceSchema
      .optional()
      .describe(
        'Gives the line a maintenance capability with two levels: at L1 a broken station is noticed at the next operator patrol, at L2 the networked station alarms the MES and repair starts at once. Without it a repair starts at once and the line has L1 only.',
      ),
    scene: sceneLayoutSchema.optional().describe('Where each unit stands (a layout saved by the layout editor); the simulation never reads it'),
    provenance: provenanceSchema,
  })
  .superRefine((model, ctx) => {
    flowDomainRules(model, ctx);
    const seen = new Map<string, string>();
    const claim = (value: string, path: (string | number)[]) => {
      const previous = seen.get(value);
      if (previous) ctx.addIssue({ code: 'custom', path, message: `duplicate id "${value}" (already used at ${previous})` });
      else
        seen.set(
          value,
          path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
            .join('')
            .slice(1),
        );
    };
    model.sources.forEach((s, i) => claim(s.id, ['sources', i, 'id']));
    model.stations.forEach((s, i) => claim(s.id, ['stations', i, 'id']));
    model.sinks.forEach((s, i) => claim(s.id, ['sinks', i, 'id']));
    const routingIds = new Set<string>();
    model.routings.forEach((r, i) => {
      if (routingIds.has(r.id)) ctx.addIssue({ code: 'custom', path: ['routings', i, 'id'], message: `duplicate routing id "${r.id}"` });
      routingIds.add(r.id);
    });
    const stationIds = new Set(model.stations.map((s) => s.id));
    const sinkIds = new Set(model.sinks.map((s) => s.id));
    const known = (set: Set<string>) => [...set].map((s) => `"${s}"`).join(', ');
    model.routings.forEach((r, i) => {
      r.steps.forEach((step, j) => {
        if (!stationIds.has(step)) {
          ctx.addIssue({
            code: 'custom',
            path: ['routings', i, 'steps', j],
            message: `unknown station "${step}"; expected one of ${known(stationIds)}`,
          });
        }
      });
      if (!sinkIds.has(r.sink)) {
        ctx.addIssue({ code: 'custom', path: ['routings', i, 'sink'], message: `unknown sink "${r.sink}"; expected one of ${known(sinkIds)}` });
      }
    });
    const hops = new Set<string>();
    for (const r of model.routings) for (let k = 0; k + 1 < r.steps.length; k++) hops.add(`${r.steps[k]}>${r.steps[k + 1]}`);
    const conveyorPairs = new Set<string>();
    model.conveyors.forEach((c, i) => {
      claim(c.id, ['conveyors', i, 'id']);
      for (const end of ['from', 'to'] as const) {
        if (!stationIds.has(c[end])) {
          ctx.addIssue({
            code: 'custom',
            path: ['conveyors', i, end],
            message: `unknown station "${c[end]}"; expected one of ${known(stationIds)}`,
          });
        }
      }
      const pair = `${c.from}>${c.to}`;
      if (conveyorPairs.has(pair)) {
        ctx.addIssue({ code: 'custom', path: ['conveyors', i], message: `a second conveyor from "${c.from}" to "${c.to}"` });
      } else if (stationIds.has(c.from) && stationIds.has(c.to) && !hops.has(pair)) {
        ctx.addIssue({
          code: 'custom',
          path: ['conveyors', i],
          message: `no routing goes from "${c.from}" straight to "${c.to}"; expected a pair of consecutive routing steps`,
        });
      }
      conveyorPairs.add(pair);
    });
    checkFleets(model, stationIds, claim, ctx);
    model.sources.forEach((s, i) => {
      if ((s.routing === undefined) === (s.mix === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['sources', i], message: 'expected exactly one of routing or mix' });
      }
      const refs = s.routing !== undefined ? [{ ref: s.routing, path: ['sources', i, 'routing'] }] : [];
      s.mix?.forEach((m, j) => refs.push({ ref: m.routing, path: ['sources', i, 'mix', j, 'routing'] }));
      for (const { ref, path } of refs) {
        if (!routingIds.has(ref)) {
          ctx.addIssue({ code: 'custom', path, message: `unknown routing "${ref}"; expected one of ${known(routingIds)}` });
        }
      }
    });
  });

export type FlowModel = z.infer<typeof flowModelSchema>;
export type FlowModelInput = z.input<typeof flowModelSchema>;
export type StationSpec = FlowModel['stations'][number];
export type SourceSpec = FlowModel['sources'][number];
export type ConveyorSpec = FlowModel['conveyors'][number];
export type FleetSpec = NonNullable<FlowModel['fleets']>[number];

/** Fleet references: each fleet route is an AGV route naming a known fleet; a fleet's routes connect its home and charger. */
function checkFleets(
  model: { conveyors: readonly z.infer<typeof conveyorSchema>[]; fleets?: readonly z.infer<typeof fleetSchema>[] },
  stationIds: ReadonlySet<string>,
  claim: (value: string, path: (string | number)[]) => void,
  ctx: z.RefinementCtx,
): void {
  const fleets = model.fleets ?? [];
  fleets.forEach((f, i) => claim(f.id, ['fleets', i, 'id']));
  const fleetIds = new Set(fleets.map((f) => f.id));
  model.conveyors.forEach((c, i) => {
    if (c.fleet === undefined) return;
    if (!fleetIds.has(c.fleet)) {
      const known = [...fleetIds].map((f) => `"${f}"`).join(', ') || '(none: add one under fleets)';
      ctx.addIssue({ code: 'custom', path: ['conveyors', i, 'fleet'], message: `unknown fleet "${c.fleet}"; expected one of ${known}` });
    } else if (c.kind !== 'agv') {
      ctx.addIssue({ code: 'custom', path: ['conveyors', i, 'kind'], message: 'expected "agv": only an AGV route is served by a fleet' });
    }
  });
  fleets.forEach((f, i) => {
    const routes = model.conveyors.filter((c) => c.fleet === f.id);
    if (routes.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['fleets', i],
        message: `no AGV route uses fleet "${f.id}"; expected at least one conveyor with "fleet": "${f.id}"`,
      });
      return;
    }
    // Vehicles drive empty along the fleet's routes (both ways), so every place they must reach has to be on them.
    const parent = new Map<string, string>();
    const find = (x: string): string => (parent.get(x) === undefined || parent.get(x) === x ? x : find(parent.get(x)!));
    for (const r of routes) {
      for (const end of [r.from, r.to]) if (!parent.has(end)) parent.set(end, end);
      parent.set(find(r.from), find(r.to));
    }
    const root = find(routes[0]!.from);
    if (routes.some((r) => find(r.from) !== root)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fleets', i],
        message: `the routes of fleet "${f.id}" are not connected; expected one network its vehicles can drive`,
      });
    }
    for (const [key, station] of [
      ['home', f.home],
      ['charger', f.battery?.charger],
    ] as const) {
      if (station === undefined) continue;
      const path = key === 'home' ? ['fleets', i, 'home'] : ['fleets', i, 'battery', 'charger'];
      if (!stationIds.has(station)) ctx.addIssue({ code: 'custom', path, message: `unknown station "${station}"` });
      else if (!parent.has(station)) ctx.addIssue({ code: 'custom', path, message: `station "${station}" is on none of fleet "${f.id}"'s routes` });
    }
  });
}
