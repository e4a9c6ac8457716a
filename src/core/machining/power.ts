/**
 * Energy metering of the 3C plant: a power meter per machine, integrated lazily at each change of draw, priced by a
 * time-of-use tariff.
 */
/** Metered energy of one machine: kWh and tariff cost, integrated lazily at each change of draw. */
export class PowerMeter {
  kw = 0;
  kwh = 0;
  cost = 0;
  private last = 0;
  constructor(private readonly tariff: Tariff) {}
  set(now: number, kw: number): void {
    if (now > this.last) {
      this.kwh += this.kw * (now - this.last);
      this.cost += this.kw * this.tariff.integral(this.last, now);
      this.last = now;
    }
    this.kw = kw;
  }
  flush(now: number): void {
    this.set(now, this.kw);
  }

  /** Energy metered up to `now`, without integrating into the meter (views must not change rounding of results). */
  energyAt(now: number): number {
    return this.kwh + this.kw * Math.max(0, now - this.last);
  }

  /** Tariff cost up to `now`, read the same way: the same arithmetic `set` would do, without splitting the integral. */
  costAt(now: number): number {
    return now > this.last ? this.cost + this.kw * this.tariff.integral(this.last, now) : this.cost;
  }
}

/** Time-of-use electricity price: price per kWh by hour of day. */
export class Tariff {
  private readonly hours: number[];
  private readonly prices: number[];
  private readonly dayIntegral: number;
  constructor(bands: readonly { fromHour: number; price: number }[]) {
    const sorted = [...bands].sort((a, b) => a.fromHour - b.fromHour);
    // The band in force at midnight is the last one of the day.
    this.hours = [0, ...sorted.map((b) => b.fromHour), 24];
    this.prices = [sorted.at(-1)!.price, ...sorted.map((b) => b.price)];
    this.dayIntegral = this.integralWithinDay(0, 24);
  }
  price(t: number): number {
    const h = ((t % 24) + 24) % 24;
    let i = 0;
    while (i + 1 < this.prices.length && this.hours[i + 1]! <= h) i++;
    return this.prices[i]!;
  }
  private integralWithinDay(a: number, b: number): number {
    let sum = 0;
    for (let i = 0; i < this.prices.length; i++) {
      const lo = Math.max(a, this.hours[i]!);
      const hi = Math.min(b, this.hours[i + 1]!);
      if (hi > lo) sum += (hi - lo) * this.prices[i]!;
    }
    return sum;
  }
  /** Integral of price over [t0, t1] hours. */
  integral(t0: number, t1: number): number {
    const d0 = Math.floor(t0 / 24);
    const d1 = Math.floor(t1 / 24);
    if (d0 === d1) return this.integralWithinDay(t0 - 24 * d0, t1 - 24 * d0);
    return this.integralWithinDay(t0 - 24 * d0, 24) + (d1 - d0 - 1) * this.dayIntegral + this.integralWithinDay(0, t1 - 24 * d1);
  }
}
