/**
 * The plant's OPC UA face, read by a node-opcua client: the address space Objects/FabTwin/<plant>/<unit>/ serves the
 * same values the plant publishes over Sparkplug (both read the engine after each slice), the state as an enumeration,
 * the KPIs and clock under KPIs, and the command methods refuse bad commands with a reason and carry out good ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy, makeBrowsePath, type ClientSession } from 'node-opcua';
import { runnable } from '../../src/core/models.ts';
import { UNIT_STATE_NAMES } from '../../src/core/runtime/view.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { PlantEngine } from '../../src/node/plant/engine.ts';
import { FABTWIN_NAMESPACE, startOpcuaServer, type PlantOpcuaServer } from '../../src/node/plant/opcua.ts';
import { freePort } from './mosquitto.ts';

describe('plant OPC UA server', () => {
  let engine: PlantEngine;
  let server: PlantOpcuaServer;
  let client: OPCUAClient;
  let session: ClientSession;
  let ns = 0;
  const pki = mkdtempSync(join(tmpdir(), 'fabtwin-opcua-test-'));
  const log: string[] = [];

  beforeAll(async () => {
    engine = new PlantEngine({ model: runnable(loadModelFile('factory-models/3c-machining.json')), level: 'L2', seed: 1 });
    server = await startOpcuaServer(engine, { port: await freePort(), plantId: '3c-machining', log: (line) => log.push(line), pkiFolder: pki });
    engine.advance(12);
    server.publish();
    client = OPCUAClient.create({
      securityMode: MessageSecurityMode.None,
      securityPolicy: SecurityPolicy.None,
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 2, initialDelay: 200, maxDelay: 500 },
    });
    await client.connect(server.endpoint);
    session = await client.createSession();
    const namespaces = (await session.read({ nodeId: 'ns=0;i=2255', attributeId: AttributeIds.Value })).value.value as string[];
    ns = namespaces.indexOf(FABTWIN_NAMESPACE);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await client?.disconnect();
    await server?.stop();
    engine?.dispose();
    rmSync(pki, { recursive: true, force: true });
  }, 30_000);

  async function nodeAt(path: string) {
    const result = await session.translateBrowsePath(makeBrowsePath('RootFolder', path));
    expect(result.statusCode.name, path).toBe('Good');
    return result.targets![0]!.targetId;
  }

  async function read(path: string): Promise<unknown> {
    const value = await session.read({ nodeId: await nodeAt(path), attributeId: AttributeIds.Value });
    expect(value.statusCode.name, path).toBe('Good');
    return value.value.value;
  }

  it('listens on loopback only, anonymous', () => {
    expect(server.endpoint).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+/);
    expect(ns).toBeGreaterThan(0);
  });

  it("serves each unit's state (an enumeration), counters, energy, signal and tool wear, and the KPIs, as the engine has them", async () => {
    const expected = engine.read();
    const kpis = engine.kpis();
    const base = `/Objects/${ns}:FabTwin/${ns}:3c-machining`;
    for (const [i, unit] of engine.view.units.entries()) {
      const at = `${base}/${ns}:${unit.id}`;
      expect(await read(`${at}/${ns}:State`)).toBe(expected.states[i]);
      expect(await read(`${at}/${ns}:StateName`)).toBe(UNIT_STATE_NAMES[expected.states[i]!]);
      expect(await read(`${at}/${ns}:Produced`)).toBe(expected.produced[i]);
      expect(await read(`${at}/${ns}:Scrapped`)).toBe(expected.scrapped[i]);
      expect(await read(`${at}/${ns}:Energy`)).toBe(expected.energy[i]);
      for (const [name, values] of [
        ['Signal', expected.signals],
        ['ToolWear', expected.wear],
      ] as const) {
        const value = (await read(`${at}/${ns}:${name}`)) as number;
        if (Number.isNaN(values[i])) expect(value, `${unit.id} ${name}`).toBeNaN();
        else expect(value, `${unit.id} ${name}`).toBe(values[i]);
      }
    }
    expect((await read(`${base}/${ns}:cnc-1/${ns}:Produced`)) as number).toBeGreaterThan(0);
    expect(await read(`${base}/${ns}:KPIs/${ns}:Time`)).toBe(12);
    for (const key of ['efficiency', 'energyUtilization', 'operatingCost', 'defectRate', 'throughput']) {
      expect(await read(`${base}/${ns}:KPIs/${ns}:${key}`), key).toBe(kpis[key]);
    }
    const dataType = await session.read({ nodeId: await nodeAt(`${base}/${ns}:cnc-1/${ns}:State`), attributeId: AttributeIds.DataType });
    const typeName = await session.read({ nodeId: dataType.value.value, attributeId: AttributeIds.BrowseName });
    expect(typeName.value.value.name).toBe('UnitStateEnumeration');

    // Values follow the run: after another slice and a refresh the clock and counters have moved.
    engine.advance(24);
    server.publish();
    expect(await read(`${base}/${ns}:KPIs/${ns}:Time`)).toBe(24);
    expect(await read(`${base}/${ns}:packing/${ns}:Produced`)).toBe(engine.read().produced[engine.view.units.findIndex((u) => u.id === 'packing')]);
  }, 60_000);

  it('command methods: refused with a reason, or carried out by the plant at its next event', async () => {
    const base = `/Objects/${ns}:FabTwin/${ns}:3c-machining`;
    const plant = await nodeAt(base);
    const call = async (name: string, args: { dataType: DataType; value: unknown }[], object = plant) => {
      const result = await session.call({ objectId: object, methodId: await nodeAt(`${name}`), inputArguments: args });
      expect(result.statusCode.name).toBe('Good');
      return result.outputArguments!.map((v) => v.value as unknown);
    };
    expect(await call(`${base}/${ns}:RequestMaintenance`, [{ dataType: DataType.String, value: 'cnc-99' }])).toEqual([
      false,
      expect.stringMatching(/unknown or non-maintainable unit "cnc-99"/),
    ]);
    expect(
      await call(`${base}/${ns}:SetSetpoint`, [
        { dataType: DataType.String, value: 'feed' },
        { dataType: DataType.Double, value: 3 },
      ]),
    ).toEqual([false, expect.stringMatching(/no setpoint/)]);
    expect(await call(`${base}/${ns}:SetDispatchingRule`, [{ dataType: DataType.String, value: 'edd' }])).toEqual([true, '']);
    const cell = await nodeAt(`${base}/${ns}:cnc-2`);
    expect(await call(`${base}/${ns}:cnc-2/${ns}:Maintain`, [], cell)).toEqual([true, '']);
    expect(engine.commandLog.map((r) => r.command)).toEqual([
      { kind: 'dispatching-rule', rule: 'edd' },
      { kind: 'maintain', unit: 'cnc-2' },
    ]);
    expect(log.filter((line) => line.startsWith('command refused'))).toHaveLength(2);
  }, 60_000);
});
