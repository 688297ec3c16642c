import type { z } from 'zod';
import { UsageError, formatPath } from '../errors';

/** Parses service input with zod; a failure is a UsageError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new UsageError(r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '), { details: r.error.issues });
}

/** One-line description of a zod error, naming the fields. */
export function describeZodError(e: z.ZodError): string {
  return e.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
}
