import { z } from 'zod';
import { formatPath, UsageError } from '../errors';

/**
 * Parses query parameters (or a JSON body) with a strict zod schema; a failure is a UsageError (400) naming
 * each parameter, an unknown one included.
 */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown, what: 'query parameter' | 'field' = 'query parameter'): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const parts = r.error.issues.map((i) => {
    const keys = (i as { keys?: string[] }).keys;
    if (i.code === 'unrecognized_keys' && keys) return keys.map((k) => `unknown ${what} "${k}"`).join('; ');
    return `${what} "${formatPath(i.path)}": ${i.message}`;
  });
  throw new UsageError(parts.join('; '), { details: r.error.issues });
}

/** A name parameter (agent, task): the services check its form. */
export const nameParam = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** An integer ≥ min given as text. */
export const intParam = (min: number) =>
  z
    .string()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .refine((n) => n >= min && Number.isSafeInteger(n), `must be an integer ≥ ${min}`);

/** A boolean flag: true/false/1/0. */
export const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
