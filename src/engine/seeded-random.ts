/**
 * Mulberry32: a small seeded PRNG (32 bits of state), so training samples, random specs and benches
 * are reproducible. Uniform in [0, 1). The synthetic data generator has its own, sfc32 with labelled
 * streams (src/cli/generator/random.ts), because it regenerates each entity from (seed, index) alone.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
