/**
 * The practical speed limit for the reference model: a minimal hand-written event loop on a typed-array binary heap,
 * with no kernel, no channels and no bus. It draws from the same named streams as the engine (`arrivals:arrivals`,
 * `service:s<i>`), so with FIFO stations both produce the same sample path and the same mean time in system.
 */
import { exponential } from '../src/core/random/distributions.ts';
import { createStream } from '../src/core/random/stream.ts';
import { INTERARRIVAL_MEAN, SERVICE_MEAN, STATIONS } from './reference-model.ts';

export interface PlainResult {
  events: number;
  jobs: number;
  meanTimeInSystem: number;
}

export function runPlainLoop(jobs: number, seed: number): PlainResult {
  const arrivals = createStream(seed, 'arrivals:arrivals');
  const service = Array.from({ length: STATIONS }, (_, i) => createStream(seed, `service:s${i + 1}`));

  // Heap of (time, sequence) keys and event codes: code -1 = arrival, code i = service end at station i. At most one
  // arrival and one service end per station are ever pending, so the heap never grows.
  const capacity = STATIONS + 1;
  const heapTime = new Float64Array(capacity);
  const heapSeq = new Float64Array(capacity);
  const heapCode = new Int32Array(capacity);
  let size = 0;
  let sequence = 0;
  const push = (time: number, code: number) => {
    const seq = sequence++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapTime[p]! < time || (heapTime[p] === time && heapSeq[p]! < seq)) break;
      heapTime[i] = heapTime[p]!;
      heapSeq[i] = heapSeq[p]!;
      heapCode[i] = heapCode[p]!;
      i = p;
    }
    heapTime[i] = time;
    heapSeq[i] = seq;
    heapCode[i] = code;
  };
  const pop = (): number => {
    const code = heapCode[0]!;
    const last = --size;
    const time = heapTime[last]!;
    const seq = heapSeq[last]!;
    const lastCode = heapCode[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && (heapTime[c + 1]! < heapTime[c]! || (heapTime[c + 1] === heapTime[c] && heapSeq[c + 1]! < heapSeq[c]!))) c++;
      if (time < heapTime[c]! || (time === heapTime[c] && seq < heapSeq[c]!)) break;
      heapTime[i] = heapTime[c]!;
      heapSeq[i] = heapSeq[c]!;
      heapCode[i] = heapCode[c]!;
      i = c;
    }
    heapTime[i] = time;
    heapSeq[i] = seq;
    heapCode[i] = lastCode;
    return code;
  };

  // Per station: FIFO ring of job entry times (the only job attribute needed), and whether the server is busy.
  const ringSize = 1 << 20;
  const mask = ringSize - 1;
  const queues = Array.from({ length: STATIONS }, () => new Float64Array(ringSize));
  const heads = new Int32Array(STATIONS);
  const lengths = new Int32Array(STATIONS);
  const inService = new Float64Array(STATIONS); // entry time of the job in service
  const busy = new Uint8Array(STATIONS);

  let now = 0;
  let arrived = 0;
  let done = 0;
  let events = 0;
  let sumTime = 0;

  const offer = (station: number, entry: number) => {
    if (busy[station] === 0) {
      busy[station] = 1;
      inService[station] = entry;
      push(now + exponential(service[station]!, SERVICE_MEAN), station);
    } else {
      if (lengths[station] === ringSize) throw new Error('plain loop: queue ring overflow');
      queues[station]![(heads[station]! + lengths[station]!) & mask] = entry;
      lengths[station]!++;
    }
  };

  push(exponential(arrivals, INTERARRIVAL_MEAN), -1);
  while (size > 0) {
    now = heapTime[0]!;
    const code = pop();
    events++;
    if (code === -1) {
      arrived++;
      offer(0, now);
      if (arrived < jobs) push(now + exponential(arrivals, INTERARRIVAL_MEAN), -1);
      continue;
    }
    const entry = inService[code]!;
    if (code + 1 < STATIONS) offer(code + 1, entry);
    else {
      done++;
      sumTime += now - entry;
    }
    if (lengths[code]! > 0) {
      const next = queues[code]![heads[code]!]!;
      heads[code] = (heads[code]! + 1) & mask;
      lengths[code]!--;
      inService[code] = next;
      push(now + exponential(service[code]!, SERVICE_MEAN), code);
    } else busy[code] = 0;
  }
  return { events, jobs: done, meanTimeInSystem: sumTime / done };
}
