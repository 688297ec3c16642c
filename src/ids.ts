const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A new invocation id: a UUID version 7 (RFC 9562), 48 bits of Unix time in milliseconds then 74 random
 * bits. Ids made later sort later, so the unique index on `invocation_id` grows at its end instead of
 * at random pages (random version-4 ids make every insert touch a random page once the index outgrows
 * the page cache). `random`: 10 bytes (default from the Web Crypto generator).
 */
export function newInvocationId(ms: number = Date.now(), random: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(10))): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0').slice(-12);
  const r = random;
  return (
    `${t.slice(0, 8)}-${t.slice(8)}-${HEX[0x70 | (r[0] & 0x0f)]}${HEX[r[1]]}-${HEX[0x80 | (r[2] & 0x3f)]}${HEX[r[3]]}-` +
    `${HEX[r[4]]}${HEX[r[5]]}${HEX[r[6]]}${HEX[r[7]]}${HEX[r[8]]}${HEX[r[9]]}`
  );
}

/**
 * The kinds of dated id crl makes, by prefix: rollbacks (`rb`), proposals (`prop`), safety benchmark
 * * reports (`sb`), coaching sessions (`cs`), WaltzRL stage events (`ws`), stage gate reports (`gate`) and rollouts (`ro`).
 */
export type IdPrefix = 'rb' | 'prop' | 'sb' | 'cs' | 'ws' | 'gate' | 'ro';

/** `<prefix>-YYYYMMDD-<8 hex>`: the UTC day of `now`, then 32 random bits. */
export function datedId(prefix: IdPrefix, now: Date, random: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(4))): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `${prefix}-${day}-${Array.from(random.subarray(0, 4), (b) => HEX[b]).join('')}`;
}
