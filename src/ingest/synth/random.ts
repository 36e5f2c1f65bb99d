/**
 * Seeded randomness for the synthetic dataset. Two kinds, both deterministic:
 * - a stream (sfc32) per document, for choices that depend on what came before in that document;
 * - a pure hash of integers, for values that must be the same wherever they are computed (a
 *   district's figure and the province total that adds it up draw the same noise for the cell).
 */

/** Mixes 32-bit integers into one well-spread 32-bit unsigned hash (murmur3 finaliser per step). */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) from a hash of the parts. */
export function unit(...parts: number[]): number {
  return mix(...parts) / 4294967296;
}

/** An approximately standard normal number from a hash of the parts (sum of four uniforms). */
export function gauss(...parts: number[]): number {
  const a = mix(...parts);
  const b = mix(a, 1);
  const c = mix(a, 2);
  const d = mix(a, 3);
  return ((a + b + c + d) / 4294967296 - 2) * Math.sqrt(3);
}

/** FNV-1a of a string: a stable small integer for keys and codes. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** sfc32: a small, fast generator with a 128-bit state; `next()` is uniform in [0, 1). */
export class Stream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seed: number[]) {
    this.a = mix(...seed, 1);
    this.b = mix(...seed, 2);
    this.c = mix(...seed, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Weighted choice over fixed items: cumulative weights, binary search. */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (!kept.length) throw new Error("a weighted choice needs at least one positive weight");
    this.items = kept.map(([item]) => item);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** The item for a uniform number u in [0, 1). */
  at(u: number): T {
    const x = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }

  draw(stream: Stream): T {
    return this.at(stream.next());
  }
}
