import { describe, expect, it } from 'vitest';
import { datedId, newInvocationId } from '../../src/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newInvocationId', () => {
  it('is a UUID version 7 whose first 48 bits are the time in ms', () => {
    const ms = Date.UTC(2026, 10, 23, 12, 0, 0, 123);
    const id = newInvocationId(ms);
    expect(id).toMatch(V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('puts the given random bytes in place, with the version and variant bits set', () => {
    expect(newInvocationId(0, new Uint8Array(10).fill(0xff))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(newInvocationId(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('sorts by time and does not repeat', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => newInvocationId(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i] > ids[i - 1]).toBe(true);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(V7);
  });
});

describe('datedId', () => {
  it.each([
    ['rb', '2026-03-10T23:59:59.999Z', [0, 1, 2, 255], 'rb-20260310-000102ff'],
    ['prop', '2025-01-06T00:00:00Z', [26, 43, 60, 77], 'prop-20250106-1a2b3c4d'],
    ['sb', '2026-12-04T12:00:00+05:00', [16, 16, 16, 16], 'sb-20261204-10101010'],
  ] as const)('%s at %s → %s', (prefix, at, bytes, id) => {
    expect(datedId(prefix, new Date(at), Uint8Array.from(bytes))).toBe(id);
  });
  it('draws 32 fresh random bits each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => datedId('cs', new Date('2026-01-01T00:00:00Z'))));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^cs-20260101-[0-9a-f]{8}$/);
  });
});
