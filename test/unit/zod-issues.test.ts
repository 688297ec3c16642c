import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatZodIssues, type IssueFormat } from '../../src/zod-issues';

const issues = [
  { path: ['reward'], message: 'Too big: expected number to be <=1' },
  { path: ['metadata', 'tags', 2], message: 'Invalid input: expected string, received number' },
  { path: [], message: 'Unrecognized key: "extra"' },
];

describe('formatZodIssues: the one formatter from zod issues to messages', () => {
  it.each<[IssueFormat, string]>([
    [{}, 'reward: Too big: expected number to be <=1; metadata.tags[2]: Invalid input: expected string, received number; (root): Unrecognized key: "extra"'],
    [{ line: 3 }, 'line 3: reward: Too big: expected number to be <=1; metadata.tags[2]: Invalid input: expected string, received number; (root): Unrecognized key: "extra"'],
    [{ source: 'cases.jsonl', line: 2, layout: 'first' }, 'cases.jsonl line 2: field "reward": Too big: expected number to be <=1'],
    [{ line: 1, layout: 'first' }, 'line 1: field "reward": Too big: expected number to be <=1'],
    [{ source: 'stdin' }, 'stdin: reward: Too big: expected number to be <=1; metadata.tags[2]: Invalid input: expected string, received number; (root): Unrecognized key: "extra"'],
    [
      { source: 'config file crl.json', layout: 'list' },
      'Invalid config file crl.json:\n  reward: Too big: expected number to be <=1\n  metadata.tags[2]: Invalid input: expected string, received number\n  (root): Unrecognized key: "extra"',
    ],
  ])('%o', (format, expected) => {
    expect(formatZodIssues(issues, format)).toBe(expected);
  });

  it('takes zod issues as they come', () => {
    const r = z.strictObject({ a: z.object({ b: z.array(z.number()) }) }).safeParse({ a: { b: [1, 'x'] }, c: 1 });
    expect(r.success).toBe(false);
    expect(formatZodIssues(r.error!.issues)).toBe('a.b[1]: Invalid input: expected number, received string; (root): Unrecognized key: "c"');
  });
});
