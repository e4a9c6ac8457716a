/**
 * An in-process petrochemical stream for the twin tests: the plant's edge node publishing into a list instead of a
 * broker (its MQTT client replaced by a recorder), one slice per simulated minute, as `--speed max` runs it.
 */
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { SparkplugEdgeNode } from '../../src/node/plant/edge-node.ts';
import { PlantEngine } from '../../src/node/plant/engine.ts';
import type { TwinMessage } from '../../src/node/twin/synchroniser.ts';

export const PETRO = 'factory-models/petrochemical.json';

/**
 * `follow` receives each message as it is published (a twin in the loop); what it submits to the engine is carried
 * out at the slice's end time, as commands over the network are.
 */
export function processStream(options: {
  level: 'L1' | 'L2' | 'L3';
  seed: number;
  hours: number;
  reality?: Record<string, number>;
  follow?: (message: TwinMessage, engine: PlantEngine) => void;
}): TwinMessage[] {
  const loaded = loadModelFile(PETRO);
  const engine = new PlantEngine({ model: runnable(applyParameters(loaded, options.reality ?? {}, PETRO)), level: options.level, seed: options.seed });
  const messages: TwinMessage[] = [];
  let clock = 1_700_000_000_000;
  const node = new SparkplugEdgeNode(engine, { url: 'mqtt://unused', edgeNodeId: 'petrochemical', speed: 'max', clock: () => clock });
  const internals = node as unknown as { client: { publish: (topic: string, bytes: Buffer) => void }; online: boolean };
  internals.client = {
    publish: (topic, bytes) => {
      const message = { at: clock, topic, bytes: new Uint8Array(bytes) };
      messages.push(message);
      options.follow?.(message, engine);
    },
  };
  internals.online = true;
  node.publishBirths();
  const minute = 1 / 60;
  for (let k = 1; k <= options.hours * 60; k++) {
    engine.advance(k * minute);
    clock += 10;
    node.publish();
  }
  engine.dispose();
  return messages;
}
