/**
 * The plant as an OPC UA server (node-opcua): `Objects/FabTwin/<plant>/<unit>/` with live variables (state as an
 * enumeration, its name, counters, energy, the measured signal, tool wear, queue, utilisation), the KPIs and the clock
 * under `Objects/FabTwin/<plant>/KPIs`, and methods for the commands the plant accepts (the same checks and the same
 * next-event mechanics as the Sparkplug NCMD/DCMD). Values are refreshed after every slice the runner advances.
 * Bound to 127.0.0.1 with anonymous access and no security by default; docs/plant-protocols.md says how to require a
 * user and a certificate.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, OPCUACertificateManager, OPCUAServer, StatusCodes, Variant, type UAObject, type UAVariable } from 'node-opcua';
import { UNIT_STATE_NAMES } from '../../core/runtime/view.ts';
import type { PlantCommand } from '../../core/runtime/control.ts';
import type { PlantEngine, UnitReadings } from './engine.ts';

export interface OpcuaOptions {
  port: number;
  plantId: string;
  log: (line: string) => void;
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** Folder for the server's PKI (certificates); default a folder under the system's temporary directory. */
  pkiFolder?: string;
}

export interface PlantOpcuaServer {
  readonly endpoint: string;
  /** Refreshes the values the variables serve; returns 0 (no messages are pushed; clients read or subscribe). */
  publish(): number;
  readonly backlog: number;
  stop(): Promise<void>;
}

/** Namespace URI of the plant's nodes. */
export const FABTWIN_NAMESPACE = 'urn:fabtwin:plant';

export async function startOpcuaServer(engine: PlantEngine, options: OpcuaOptions): Promise<PlantOpcuaServer> {
  const host = options.host ?? '127.0.0.1';
  const pki = options.pkiFolder ?? join(tmpdir(), 'fabtwin-opcua-pki');
  mkdirSync(pki, { recursive: true });
  const serverCertificateManager = new OPCUACertificateManager({ rootFolder: pki, automaticallyAcceptUnknownCertificate: false });
  const server = new OPCUAServer({
    port: options.port,
    host,
    hostname: host,
    serverCertificateManager,
    buildInfo: { productName: 'FabTwin plant', manufacturerName: 'FabTwin' },
    serverInfo: { applicationUri: `urn:fabtwin:plant:${options.plantId}`, productUri: 'urn:fabtwin' },
    allowAnonymous: true,
  });
  await server.initialize();

  const addressSpace = server.engine.addressSpace!;
  const namespace = addressSpace.registerNamespace(FABTWIN_NAMESPACE);
  const units = engine.view.units;
  let readings: UnitReadings = engine.read();
  let kpis: Record<string, number> = engine.kpis();
  let now = engine.now;

  const stateType = namespace.addEnumerationType({
    browseName: 'UnitStateEnumeration',
    enumeration: UNIT_STATE_NAMES.map((name, value) => ({ displayName: name, value, description: name })),
  });
  const fabtwin = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'FabTwin' });
  const plant = namespace.addObject({ organizedBy: fabtwin, browseName: options.plantId, description: engine.model.name });
  const variable = (parent: UAObject, browseName: string, dataType: DataType, get: () => number | string, description?: string): UAVariable =>
    namespace.addVariable({
      componentOf: parent,
      browseName,
      dataType,
      ...(description ? { description } : {}),
      minimumSamplingInterval: 100,
      value: { get: () => new Variant({ dataType, value: get() }) },
    });

  units.forEach((unit, i) => {
    const object = namespace.addObject({ componentOf: plant, browseName: unit.id, description: unit.name });
    namespace.addVariable({
      componentOf: object,
      browseName: 'State',
      dataType: stateType,
      minimumSamplingInterval: 100,
      value: { get: () => new Variant({ dataType: DataType.Int32, value: readings.states[i]! }) },
    });
    variable(object, 'StateName', DataType.String, () => UNIT_STATE_NAMES[readings.states[i]!]!);
    variable(object, 'Produced', DataType.Double, () => readings.produced[i]!, 'parts finished since the start');
    variable(object, 'Scrapped', DataType.Double, () => readings.scrapped[i]!, 'parts scrapped since the start');
    variable(object, 'Queue', DataType.Double, () => readings.queues[i]!);
    variable(object, 'Utilization', DataType.Double, () => readings.utilization[i]!);
    if (engine.view.readEnergy) variable(object, 'Energy', DataType.Double, () => readings.energy[i]!, 'kWh since the start');
    if (engine.view.signal) variable(object, 'Signal', DataType.Double, () => readings.signals[i]!, `${engine.view.signal.name}, ${engine.view.signal.unit}`);
    if (engine.view.readWear) variable(object, 'ToolWear', DataType.Double, () => readings.wear[i]!, '% of a nominal tool life');
    if (engine.view.readLevels) variable(object, 'Level', DataType.Double, () => readings.levels[i]!);
    if (engine.accepts.maintainable.includes(unit.id)) {
      // node-opcua tells promise-returning methods from callback ones by their arity: (arguments, context).
      const method = namespace.addMethod(object, {
        browseName: 'Maintain',
        outputArguments: resultArguments,
      });
      method.bindMethod(async (_args: Variant[], _context: unknown) => callResult(submit({ kind: 'maintain', unit: unit.id })));
    }
  });
  const kpiFolder = namespace.addObject({ componentOf: plant, browseName: 'KPIs' });
  variable(kpiFolder, 'Time', DataType.Double, () => now, `simulated time, ${engine.model.timeUnit}`);
  for (const kpi of engine.model.kpis) variable(kpiFolder, kpi.key, DataType.Double, () => kpis[kpi.key] ?? NaN, `${kpi.label} (${kpi.unit})`);

  const submit = (command: PlantCommand): string | undefined => {
    const reason = engine.submit(command);
    options.log(reason === undefined ? `OPC UA command accepted at t=${engine.now}: ${JSON.stringify(command)}` : `command refused (OPC UA): ${reason}`);
    return reason;
  };
  namespace
    .addMethod(plant, {
      browseName: 'RequestMaintenance',
      inputArguments: [{ name: 'Unit', dataType: DataType.String, description: 'unit id, e.g. cnc-3' }],
      outputArguments: resultArguments,
    })
    .bindMethod(async (args: Variant[], _context: unknown) => callResult(submit({ kind: 'maintain', unit: args[0]!.value as string })));
  namespace
    .addMethod(plant, {
      browseName: 'SetDispatchingRule',
      inputArguments: [{ name: 'Rule', dataType: DataType.String, description: engine.accepts.rules.join(', ') || 'none' }],
      outputArguments: resultArguments,
    })
    .bindMethod(async (args: Variant[], _context: unknown) => callResult(submit({ kind: 'dispatching-rule', rule: args[0]!.value as string })));
  namespace
    .addMethod(plant, {
      browseName: 'SetSetpoint',
      inputArguments: [
        {
          name: 'Name',
          dataType: DataType.String,
          description: engine.accepts.setpoints.map((s) => `${s.name} [${s.min}, ${s.max}] ${s.unit}`).join('; ') || 'none',
        },
        { name: 'Value', dataType: DataType.Double },
      ],
      outputArguments: resultArguments,
    })
    .bindMethod(async (args: Variant[], _context: unknown) =>
      callResult(submit({ kind: 'setpoint', name: args[0]!.value as string, value: args[1]!.value as number })),
    );

  await server.start();
  const endpoint = server.getEndpointUrl();
  return {
    endpoint,
    publish() {
      readings = engine.read();
      kpis = engine.kpis();
      now = engine.now;
      return 0;
    },
    backlog: 0,
    async stop() {
      await server.shutdown(0);
    },
  };
}

const resultArguments = [
  { name: 'Accepted', dataType: DataType.Boolean },
  { name: 'Reason', dataType: DataType.String, description: 'why the command was refused; empty when accepted' },
];

function callResult(reason: string | undefined) {
  return {
    statusCode: StatusCodes.Good,
    outputArguments: [
      { dataType: DataType.Boolean, value: reason === undefined },
      { dataType: DataType.String, value: reason ?? '' },
    ],
  };
}
