/** `npm run plant`: bad invocations and models are refused with a message that names what is wrong, and exit code 2. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/plant.ts';

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(args, { out: () => {}, err: (t) => (err += t) });
  return { code, err };
}

describe('plant CLI input errors', () => {
  it('exits 2 naming the problem', async () => {
    expect(await run(['factory-models/nope.json'])).toMatchObject({ code: 2, err: expect.stringMatching(/nope\.json.*file not found/) });
    expect(await run(['factory-models/teaching/mm1.json', '--level', 'L3'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/level L3 is not implemented.*L1/),
    });
    expect(await run(['factory-models/3c-machining.json', '--level', 'L4'])).toMatchObject({ code: 2, err: expect.stringMatching(/L4/) });
    expect(await run(['factory-models/3c-machining.json', '--speed', 'fast'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/positive number or 'max'/),
    });
    expect(await run(['factory-models/3c-machining.json', '--set', 'cnc.cells=x'])).toMatchObject({ code: 2, err: expect.stringMatching(/path=number/) });
    expect(await run(['factory-models/3c-machining.json', '--set', 'cnc.nothing=3'])).toMatchObject({ code: 2, err: expect.stringMatching(/cnc\.nothing/) });
    expect(await run(['factory-models/3c-machining.json', '--opcua', '70000'])).toMatchObject({ code: 2, err: expect.stringMatching(/port number/) });
    const dir = mkdtempSync(join(tmpdir(), 'fabtwin-plant-cli-'));
    try {
      const log = join(dir, 'log.json');
      writeFileSync(
        log,
        JSON.stringify({
          commands: [
            { time: 5, command: { kind: 'maintain', unit: 'cnc-1' } },
            { time: 2, command: {} },
          ],
        }),
      );
      expect(await run(['factory-models/3c-machining.json', '--replay-commands', log])).toMatchObject({
        code: 2,
        err: expect.stringMatching(/commands\[1\]\.time: expected times in order/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
