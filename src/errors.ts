/**
 * Typed errors. Only the CLI entry turns them into exit codes:
 * usage → 2, not found → 3, conflict → 4, anything else → 1.
 */
export type ErrorKind = 'usage' | 'not_found' | 'conflict' | 'internal';

export const EXIT_CODES: Record<ErrorKind, number> = { usage: 2, not_found: 3, conflict: 4, internal: 1 };

export class CrlError extends Error {
  readonly kind: ErrorKind;
  /** What the user can do next; printed after the message. */
  readonly hint?: string;
  /** Machine-readable details printed with `--json`. */
  readonly details?: unknown;
  constructor(kind: ErrorKind, message: string, opts: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.hint = opts.hint;
    this.details = opts.details;
  }
  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

/** Bad input: a flag, a config key, a JSONL line. */
export class UsageError extends CrlError {
  constructor(message: string, opts: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super('usage', message, opts);
  }
}

export class NotFoundError extends CrlError {
  constructor(message: string, opts: { hint?: string; details?: unknown } = {}) {
    super('not_found', message, opts);
  }
}

/** The request is valid but the state forbids it (e.g. a proposal already decided). */
export class ConflictError extends CrlError {
  constructor(message: string, opts: { hint?: string; details?: unknown } = {}) {
    super('conflict', message, opts);
  }
}

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}
