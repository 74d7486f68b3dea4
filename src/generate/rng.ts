/**
 * A seeded PRNG (sfc32, seeded through splitmix32). Every random choice in the generator goes
 * through one of these, never Math.random or crypto, so one seed always gives one stream.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` gives independent sequences from one seed (the shoppers, the anomalies). */
  constructor(seed: number, stream = 0) {
    let state = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    // sfc32's first outputs are correlated with the seed; discard them.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  /** One value from `[value, weight]` pairs, in proportion to the weights. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.float() * total;
    for (const [value, weight] of table) {
      left -= weight;
      if (left < 0) return value;
    }
    const last = table[table.length - 1];
    if (last === undefined) throw new Error('cannot pick from an empty table');
    return last[0];
  }

  /** Exponentially distributed with the given mean: gaps between independent arrivals. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** A version-4-shaped UUID made from this stream, so message ids replay with the seed. */
  uuid(): string {
    const words = [
      this.uint32(),
      ((this.uint32() & 0xffff0fff) | 0x4000) >>> 0,
      ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0,
      this.uint32(),
    ];
    const hex = words.map((word) => word.toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Lower-case base-36 characters: short readable ids. */
  token(length: number): string {
    let out = '';
    while (out.length < length) out += ALPHABET.charAt(this.int(0, ALPHABET.length - 1));
    return out;
  }
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
