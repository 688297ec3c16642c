const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A new invocation id: a UUID version 7 (RFC 9562), 48 bits of Unix time in milliseconds then 74 random
 * bits. Ids made later sort later, so the unique index on `invocation_id` grows at its end instead of
 * at random pages (random version-4 ids make every insert touch a random page once the index outgrows
 * the page cache). `random`: 10 bytes (default from the Web Crypto generator).
 */
export function newInvocationId(ms: number = Date.now(), random: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(10))): string {
  const b = new Uint8Array(16);
  let t = Math.floor(ms);
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = 0x70 | (random[0] & 0x0f);
  b[7] = random[1];
  b[8] = 0x80 | (random[2] & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = random[i - 6];
  const h = Array.from(b, (x) => HEX[x]).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
