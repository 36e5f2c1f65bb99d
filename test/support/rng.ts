/** A seeded linear congruential generator for randomized tests: the same seed gives the same numbers in [0, 1). */
export function rng(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}
