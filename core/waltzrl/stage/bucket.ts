/**
 * Sticky traffic bucket of a request subject (a user, session or tenant id).
 *
 * The bucket is a pure function of (salt, subject): FNV-1a 32-bit over the UTF-8 bytes, then the
 * murmur3 `fmix32` finaliser so that similar ids (`user-1`, `user-2`) spread evenly. It is the same in
 * every process, on every host and after a restart. A subject is in the candidate at p % when
 * `bucket < p`, so raising p never moves a subject out of the candidate (monotone).
 */

/** Buckets per percent: the resolution is 0.01 % (10 000 buckets). */
const RESOLUTION = 100;

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** FNV-1a 32-bit with the murmur3 finaliser; an unsigned 32-bit integer. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of utf8(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Bucket of a subject in [0, 100) with two decimals. `salt` (e.g. the candidate variant id) gives each
 * rollout its own population; the same salt always gives the same bucket.
 */
export function bucket(subject: string, salt = ''): number {
  return (hash32(`${salt}\u0000${subject}`) % (100 * RESOLUTION)) / RESOLUTION;
}

/** Tagged routing decision for a subject at a traffic percentage (0..100). */
export type BucketRoute =
  | { kind: 'candidate'; reason: string; figures: { bucket: number; percent: number } }
  | { kind: 'active'; reason: string; figures: { bucket: number; percent: number } };

/** Routes a subject: candidate when its bucket is below `percent` (0..100), else the active stage. */
export function routeSubject(subject: string, percent: number, salt = ''): BucketRoute {
  const b = bucket(subject, salt);
  return b < percent
    ? { kind: 'candidate', reason: `bucket ${b.toFixed(2)} < ${percent}%`, figures: { bucket: b, percent } }
    : { kind: 'active', reason: `bucket ${b.toFixed(2)} ≥ ${percent}%`, figures: { bucket: b, percent } };
}
