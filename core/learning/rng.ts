/** A random source returning floats in [0, 1). Core policies take one instead of calling Math.random. */
export type Rng = () => number;

/**
 * Deterministic PRNG (mulberry32) for `--seed`: the same seed gives the same sequence on every platform.
 * @param seed any integer; only the low 32 bits are used.
 */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
