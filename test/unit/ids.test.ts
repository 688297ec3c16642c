import { describe, expect, it } from 'vitest';
import { newInvocationId } from '../../src/invocation-id';

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
