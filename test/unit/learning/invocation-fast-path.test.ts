import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastInvocationLine } from '../../../telemetry/invocation-fast-path';
import { invocationLineSchema } from '../../../telemetry/schemas';

/** Mostly valid values, with edge cases and wrong types mixed in (weight 1 in 4). */
const mix = <T,>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: other, weight: 1 });

const field = {
  invocation_id: mix(fc.uuid(), fc.constantFrom('a', '', 'x'.repeat(200), 'x'.repeat(201), null, 7)),
  timestamp: mix(
    fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom(
      '2025-01-01T00:00:00Z', '2026-02-30T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00Z', '2025-01-01T24:00:00.000Z',
      '2025-13-01T00:00:00.000Z', '0000-02-29T00:00:00.000Z', '0099-01-01T00:00:00.000Z', '2025-01-01 00:00:00Z', '2025-01-01T00:00:00.1Z',
      '2025-01-01T00:00:00+02:00', '2025-01-01T00:00', 'yesterday', '', null, 0,
    ),
  ),
  name: mix(fc.constantFrom('agent-1', 'a', 'x/y@z+1', 'x'.repeat(200)), fc.oneof(fc.constantFrom('-lead', 'has space', 'a:b', '', 'é', 'x'.repeat(201), 3, null), fc.string({ maxLength: 6 }))),
  outcome: mix(fc.constantFrom('success', 'failure', 'error', 'partial'), fc.constantFrom('unknown', 'Success', null)),
  unit: mix(fc.oneof(fc.constantFrom(0, 1, -0, null), fc.double({ min: 0, max: 1, noNaN: true })), fc.oneof(fc.constantFrom(-0.01, 1.01, '0.5'), fc.double())),
  error_count: mix(fc.oneof(fc.constantFrom(0, 1_000_000, null), fc.nat(1_000_000)), fc.constantFrom(1_000_001, -1, 1.5, '1')),
  duration_ms: mix(fc.oneof(fc.constantFrom(0, 1e12, null), fc.double({ min: 0, max: 1e15, noNaN: true })), fc.oneof(fc.constantFrom(-1, '5'), fc.double())),
  metadata: mix(
    fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })),
    fc.oneof(fc.constantFrom([], 'x', 1), fc.constant(JSON.parse('{"__proto__":{"x":1},"a":1}') as unknown)),
  ),
};

/** A JSON object (as JSON.parse gives it) with a random subset of the known fields, sometimes an unknown one. */
const lineObject = fc
  .tuple(
    fc.record(
      {
        invocation_id: field.invocation_id,
        timestamp: field.timestamp,
        agent_name: field.name,
        task_type: field.name,
        variant_id: field.name,
        outcome: field.outcome,
        reward: field.unit,
        quality_score: field.unit,
        error_count: field.error_count,
        duration_ms: field.duration_ms,
        metadata: field.metadata,
      },
      { requiredKeys: [] },
    ),
    fc.boolean(),
    fc.constantFrom(undefined, 'extra', 'Agent_name', 'constructor'),
  )
  .map(([o, complete, extra]) => {
    const line: Record<string, unknown> = complete ? { agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', ...o } : { ...o };
    if (extra) line[extra] = 1;
    return JSON.parse(JSON.stringify(line)) as unknown;
  });

describe('telemetry/invocation-fast-path', () => {
  it('never accepts what the schema rejects, and returns what the schema returns', () => {
    let fastAccepted = 0;
    let zodAccepted = 0;
    fc.assert(
      fc.property(lineObject, (o) => {
        const fast = fastInvocationLine(o);
        const zod = invocationLineSchema.safeParse(o);
        if (zod.success) zodAccepted++;
        if (fast !== undefined) {
          fastAccepted++;
          expect(zod.success).toBe(true);
          expect(fast).toEqual(zod.data);
        }
      }),
      { numRuns: 5000 },
    );
    // The generator reaches the accepting side of both, so the comparison above is not vacuous.
    expect(fastAccepted).toBeGreaterThan(20);
    expect(zodAccepted).toBeGreaterThanOrEqual(fastAccepted);
  });

  it('accepts the same as the schema on well-formed generated lines', () => {
    const wellFormed = fc.record(
      {
        invocation_id: fc.uuid(),
        timestamp: fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
        agent_name: fc.constantFrom('backend-architect', 'security-auditor', 'a1'),
        task_type: fc.constantFrom('api-design', 'audit/deps', 'x@y+z'),
        variant_id: fc.constantFrom('v1', 'v2.1', 'base_2'),
        outcome: fc.constantFrom('success', 'failure', 'error', 'partial'),
        reward: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        quality_score: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        error_count: fc.option(fc.nat(1_000_000)),
        duration_ms: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true })),
        metadata: fc.option(fc.dictionary(fc.string({ maxLength: 5 }).filter((k) => k !== '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
      },
      { requiredKeys: ['agent_name', 'task_type', 'variant_id', 'outcome'] },
    );
    fc.assert(
      fc.property(wellFormed, (raw) => {
        const o = JSON.parse(JSON.stringify(raw)) as unknown;
        expect(fastInvocationLine(o)).toEqual(invocationLineSchema.parse(o));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the fast path for well-formed lines, with the zod-normalised timestamp', () => {
    const good = {
      invocation_id: '1c7e-4a', timestamp: '2025-03-01T10:00:00Z', agent_name: 'backend-architect', task_type: 'api-design', variant_id: 'v2',
      outcome: 'success', quality_score: 0.9, duration_ms: 4200, error_count: 0, reward: null, metadata: { session_id: 's-1' },
    };
    expect(fastInvocationLine(good)).toEqual({ ...good, timestamp: '2025-03-01T10:00:00.000Z' });
    expect(fastInvocationLine(good)).toEqual(invocationLineSchema.parse(good));
    expect(fastInvocationLine({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'partial' })).toEqual({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'partial' });
  });

  it.each([
    ['2024-02-29T12:00:00.000Z', true], ['2000-02-29T00:00:00Z', true], ['1900-02-29T00:00:00.000Z', false], ['2100-02-29T00:00:00.000Z', false],
    ['2025-04-31T00:00:00.000Z', false], ['2025-12-31T23:59:59.999Z', true], ['2025-12-31T23:59:60.000Z', false], ['2025-01-01T23:60:00.000Z', false],
    ['1000-01-01T00:00:00.000Z', true], ['0999-12-31T00:00:00.000Z', false], ['9999-12-31T23:59:59Z', true], ['2025-00-10T00:00:00.000Z', false],
  ])('timestamp %s: fast path %s, and when taken it agrees with the schema', (ts, fast) => {
    const o = { agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', timestamp: ts };
    const got = fastInvocationLine(o);
    expect(got !== undefined).toBe(fast);
    if (got) expect(got).toEqual(invocationLineSchema.parse(o));
  });

  it.each([
    ['an unknown field', { agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', extra: 1 }],
    ['a date that does not exist', { agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', timestamp: '2026-02-30T00:00:00.000Z' }],
    ['an offset timestamp (left to the schema)', { agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', timestamp: '2025-01-01T00:00:00+02:00' }],
    ['a name with a colon', { agent_name: 'a:b', task_type: 't', variant_id: 'v', outcome: 'success' }],
    ['a reward above 1', { agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', reward: 1.5 }],
    ['a missing outcome', { agent_name: 'a', task_type: 't', variant_id: 'v' }],
    ['an array', []],
  ])('defers to the schema for %s', (_name, o) => {
    expect(fastInvocationLine(o)).toBeUndefined();
  });
});
