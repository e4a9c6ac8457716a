/** OPC UA face of the plant: not built yet (see docs/plant-protocols.md). */
import type { PlantEngine } from './engine.ts';

export async function startOpcuaServer(
  _engine: PlantEngine,
  _options: { port: number; plantId: string; log: (line: string) => void },
): Promise<{ endpoint: string; publish(): number; backlog: number; stop(): Promise<void> }> {
  throw new Error('--opcua: the OPC UA server is not available in this build');
}
