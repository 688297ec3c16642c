import type { z } from 'zod';
import { UsageError } from './errors';
import { formatZodIssues } from './zod-issues';

/** Parses service input with zod; a failure is a UsageError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new UsageError(formatZodIssues(r.error.issues), { details: r.error.issues });
}

/**
 * Parses JSONL text line by line with a zod schema, stopping at the first bad line with a UsageError that
 * names the line (`<source> line N`) and the field. Blank lines are skipped.
 */
export function parseJsonlText<S extends z.ZodType>(
  text: string,
  schema: S,
  o: { source?: string; jsonHint: string; fieldHint: string },
): { line: number; value: z.output<S> }[] {
  const where = (n: number) => (o.source ? `${o.source} line ${n}` : `line ${n}`);
  const out: { line: number; value: z.output<S> }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new UsageError(`${where(i + 1)}: not valid JSON`, { hint: o.jsonHint });
    }
    const p = schema.safeParse(json);
    if (!p.success) throw new UsageError(formatZodIssues(p.error.issues, { source: o.source, line: i + 1, layout: 'first' }), { hint: o.fieldHint });
    out.push({ line: i + 1, value: p.data });
  });
  return out;
}
