import { fromSqliteError } from '../db/sqlite-errors';
import { CrlError, type ErrorKind } from '../errors';

/** An error the server answers with a given status (auth, limits); the message is shown to the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly opts: { hint?: string; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: string;
  message: string;
  hint?: string;
  details?: unknown;
  [key: string]: unknown;
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
  /** True for a 5xx: logged with its message on the server, the client only gets the request id. */
  internal: boolean;
}

const STATUS_OF: Record<ErrorKind, number> = { usage: 400, not_found: 404, conflict: 409, internal: 500 };

/** Codes of the client errors Fastify raises itself (body, media type, JSON), by status. */
const CLIENT_CODES: Record<number, string> = { 400: 'usage', 408: 'timeout', 413: 'payload_too_large', 415: 'unsupported_media_type' };

const internalAnswer = (reqId: string): ErrorAnswer => ({
  status: 500,
  body: { error: 'internal', message: `Internal error (request ${reqId}); the server log has the details.` },
  internal: true,
});

/**
 * Maps an error to its answer: UsageError → 400, NotFoundError → 404, ConflictError → 409, Fastify's client
 * errors (bad JSON, too large, media type) with their status, a busy database → 503, anything else → 500
 * without internals. Messages never carry a token: the server never puts one into an error.
 */
export function errorAnswer(e: unknown, reqId: string): ErrorAnswer {
  if (e instanceof HttpError) {
    return { status: e.status, body: { error: e.code, message: e.message, ...(e.opts.hint ? { hint: e.opts.hint } : {}), ...e.opts.extra }, headers: e.opts.headers, internal: false };
  }
  const crl = e instanceof CrlError ? e : fromSqliteError(e);
  if (crl) {
    const code = String((crl.cause as { code?: unknown } | undefined)?.code ?? '');
    if (code.startsWith('SQLITE_BUSY')) {
      return { status: 503, body: { error: 'busy', message: 'The database is busy; try again.' }, headers: { 'retry-after': '1' }, internal: false };
    }
    if (crl.kind === 'internal') return internalAnswer(reqId);
    const body: ErrorBody = { error: crl.kind, message: crl.message };
    if (crl.hint) body.hint = crl.hint;
    if (crl.details !== undefined) body.details = crl.details;
    return { status: STATUS_OF[crl.kind], body, internal: false };
  }
  const f = e as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (f && typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    const error = CLIENT_CODES[f.statusCode] ?? 'usage';
    return { status: f.statusCode, body: { error, message: String(f.message ?? 'Bad request') }, internal: false };
  }
  return internalAnswer(reqId);
}
