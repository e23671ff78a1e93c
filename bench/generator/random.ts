/**
 * Deterministic randomness for the generator: the same seed gives the same data set,
 * so two runs on two machines measure the same thing.
 */

/** sfc32: small, fast, a period far beyond what 10M rows need. */
export function createRandom(seed: number) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 20; i++) next32();
  return {
    /** [0, 1) */
    next: () => next32() / 4294967296,
    next32,
  };
}

export type Random = ReturnType<typeof createRandom>;

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random.next() * (max - min + 1));
}

export function chance(random: Random, probability: number): boolean {
  return random.next() < probability;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!;
}

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Picks from weighted items by binary search on the cumulative weights. */
export class Weighted<T> {
  readonly items: T[];
  readonly weights: number[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.weights = entries.map(([, weight]) => weight);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], index) => {
      sum += weight;
      this.cumulative[index] = sum;
    });
    this.total = sum;
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low]!;
  }

  /** The share of draws that give `item`. */
  share(index: number): number {
    return this.weights[index]! / this.total;
  }
}

/**
 * Ranked names get Zipf-like weights: the first few are common, the tail is long.
 * `mass` is the total weight the list gets among the lists it is mixed with.
 */
export function zipf<T>(
  items: readonly T[],
  mass: number,
  exponent = 0.7,
  offset = 10,
): (readonly [T, number])[] {
  const raw = items.map((_, rank) => (rank + 1 + offset) ** -exponent);
  const sum = raw.reduce((total, weight) => total + weight, 0);
  return items.map((item, rank) => [item, (raw[rank]! / sum) * mass] as const);
}

/** Equal weights summing to `mass`. */
export function flat<T>(items: readonly T[], mass: number): (readonly [T, number])[] {
  return items.map((item) => [item, mass / items.length] as const);
}

const hex = Array.from({ length: 256 }, (_, index) => index.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return hex[value >>> 24]! + hex[(value >>> 16) & 255]! + hex[(value >>> 8) & 255]! + hex[value & 255]!;
}

/** A UUIDv7 for an instant (ms): time-ordered like the ids the app makes. */
export function uuidv7At(random: Random, ms: number): string {
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  const r1 = random.next32();
  const r2 = random.next32();
  const r3 = random.next32();
  const a = hex32(r1);
  const b = hex32(r2);
  const c = hex32(r3);
  const variant = '89ab'[r1 & 3]!;
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${a.slice(0, 3)}-${variant}${a.slice(3, 6)}-${b}${c.slice(0, 4)}`;
}

/** A random v4-looking UUID (references to records the benchmark does not generate). */
export function uuidv4(random: Random): string {
  const a = hex32(random.next32());
  const b = hex32(random.next32());
  const c = hex32(random.next32());
  const d = hex32(random.next32());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[random.next32() & 3]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}
