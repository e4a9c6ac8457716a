import { describe, expect, it } from 'vitest';
import { kimNelson } from '../../src/core/optimize/selection.ts';
import { standardNormal } from '../../src/core/random/distributions.ts';
import { createStream } from '../../src/core/random/stream.ts';

/**
 * The known case: k systems in the slippage configuration (the best exactly delta above the others, all with unit
 * variance), with common random numbers (a shared normal component per replication, correlation 0.5). KN promises
 * PCS >= 1 - alpha; measured over independent macro-replications.
 */
function pcs(k: number, delta: number, confidence: number, macro: number, correlation = 0.5): { pcs: number; meanReplications: number } {
  let correct = 0;
  let replications = 0;
  for (let m = 0; m < macro; m++) {
    const shared: number[] = [];
    const own: Map<string, number> = new Map();
    const rng = createStream(m + 1, 'kn-pcs');
    const draw = (i: number, r: number) => {
      while (shared.length <= r) shared.push(standardNormal(rng));
      const key = `${i}:${r}`;
      if (!own.has(key)) own.set(key, standardNormal(createStream(m + 1, `kn-pcs:${key}`)));
      return Math.sqrt(correlation) * shared[r]! + Math.sqrt(1 - correlation) * own.get(key)! + (i === 2 ? delta : 0);
    };
    const result = kimNelson(k, draw, { delta, confidence, firstStage: 10, maxReplications: 10_000 });
    if (result.selected === 2) correct++;
    replications += result.replications.reduce((a, b) => a + b, 0);
    expect(result.guaranteed).toBe(true);
  }
  return { pcs: correct / macro, meanReplications: replications / macro };
}

describe('Kim-Nelson selection', () => {
  it('meets its probability of correct selection on the slippage configuration (k = 5, delta = 0.5, 1 - alpha = 0.95)', () => {
    const result = pcs(5, 0.5, 0.95, 400);
    console.info(
      `KN PCS on slippage k=5 delta=0.5 CRN rho=0.5: ${result.pcs} over 400 macro-replications, mean total replications ${result.meanReplications.toFixed(1)}`,
    );
    // 0.95 minus three binomial standard deviations at n = 400 is 0.917; KN is conservative, so it is usually well above.
    expect(result.pcs).toBeGreaterThanOrEqual(0.95 - 3 * Math.sqrt((0.95 * 0.05) / 400));
  });

  it('stops after the first stage when the best is clearly best, and at once with one system', () => {
    const clearly = kimNelson(3, (i, r) => (i === 1 ? 10 : 0) + Math.sin(r + i), { delta: 0.5, confidence: 0.95, firstStage: 5, maxReplications: 100 });
    expect(clearly.selected).toBe(1);
    expect(clearly.replications.every((n) => n === 5)).toBe(true);
    const one = kimNelson(1, () => 3, { delta: 1, confidence: 0.9, firstStage: 4, maxReplications: 10 });
    expect(one).toMatchObject({ selected: 0, replications: [4], guaranteed: true });
  });

  it('says when the replication cap ended it without the guarantee', () => {
    const tie = kimNelson(2, (i, r) => Math.cos(3 * r + i), { delta: 0.01, confidence: 0.95, firstStage: 5, maxReplications: 20 });
    expect(tie.guaranteed).toBe(false);
    expect(tie.replications).toEqual([20, 20]);
  });
});
