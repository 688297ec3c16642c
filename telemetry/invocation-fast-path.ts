import type { InvocationLine } from './schemas';

/**
 * Fast path of `invocationLineSchema` for the common, well-formed ingest line. It accepts a line only
 * when the zod schema certainly accepts it and would return the same value; for anything else — a
 * bad line, an unusual timestamp form, a `__proto__` key — it returns `undefined` and the caller runs
 * the zod schema, which then gives the exact error. It never accepts what zod rejects (a property
 * test compares both on generated lines).
 */
export function fastInvocationLine(v: unknown): InvocationLine | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  let keys = 0;
  for (const k in o) {
    if (!KNOWN.has(k)) return undefined;
    keys++;
  }
  if (keys < 4) return undefined;
  if (!isName(o.agent_name) || !isName(o.task_type) || !isName(o.variant_id)) return undefined;
  const outcome = o.outcome;
  if (outcome !== 'success' && outcome !== 'failure' && outcome !== 'error' && outcome !== 'partial') return undefined;
  const id = o.invocation_id;
  if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > 200)) return undefined;
  if (!unitOrAbsent(o.reward) || !unitOrAbsent(o.quality_score)) return undefined;
  const ec = o.error_count;
  if (ec != null && !(Number.isInteger(ec) && (ec as number) >= 0 && (ec as number) <= 1_000_000)) return undefined;
  const d = o.duration_ms;
  if (d != null && !(typeof d === 'number' && d >= 0 && d !== Infinity)) return undefined;
  const md = o.metadata;
  if (md != null && (typeof md !== 'object' || Array.isArray(md) || Object.getPrototypeOf(md) !== Object.prototype || Object.hasOwn(md, '__proto__'))) return undefined;
  if (o.timestamp !== undefined) {
    const ts = canonicalTimestamp(o.timestamp);
    if (ts === undefined) return undefined;
    if (ts !== o.timestamp) return { ...(o as InvocationLine), timestamp: ts };
  }
  return o as InvocationLine;
}

const KNOWN = new Set(['invocation_id', 'timestamp', 'agent_name', 'task_type', 'variant_id', 'outcome', 'reward', 'quality_score', 'error_count', 'duration_ms', 'metadata']);

const NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/@+]*$/;
/** Names seen valid (agents, task types and variants repeat on almost every line); bounded. */
const goodNames = new Set<string>();

function isName(x: unknown): boolean {
  if (typeof x !== 'string') return false;
  if (goodNames.has(x)) return true;
  if (x.length < 1 || x.length > 200 || !NAME.test(x)) return false;
  if (goodNames.size >= 10_000) goodNames.clear();
  goodNames.add(x);
  return true;
}

/** Absent, null, or a number in [0, 1] (NaN and infinities fail the comparisons). */
const unitOrAbsent = (x: unknown) => x == null || (typeof x === 'number' && x >= 0 && x <= 1);

const isDigit = (c: number) => c >= 48 && c <= 57;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const num2 = (x: string, i: number) => (x.charCodeAt(i) - 48) * 10 + x.charCodeAt(i + 1) - 48;

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` or `YYYY-MM-DDTHH:MM:SSZ` with a year from 1000 and every field in its
 * calendar range (so 2026-02-30, 24:00 or a leap second never pass): the normalised form zod returns
 * (`new Date(s).toISOString()`), computed without building a Date.
 */
function canonicalTimestamp(x: unknown): string | undefined {
  if (typeof x !== 'string') return undefined;
  const n = x.length;
  if (n !== 24 && n !== 20) return undefined;
  for (let i = 0; i < 19; i++) {
    const c = x.charCodeAt(i);
    const want = i === 4 || i === 7 ? 45 : i === 10 ? 84 : i === 13 || i === 16 ? 58 : -1;
    if (want === -1 ? !isDigit(c) : c !== want) return undefined;
  }
  if (n === 24) {
    if (x.charCodeAt(19) !== 46 || !isDigit(x.charCodeAt(20)) || !isDigit(x.charCodeAt(21)) || !isDigit(x.charCodeAt(22)) || x.charCodeAt(23) !== 90) return undefined;
  } else if (x.charCodeAt(19) !== 90) return undefined;
  const year = num2(x, 0) * 100 + num2(x, 2);
  const month = num2(x, 5);
  const day = num2(x, 8);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1])) return undefined;
  if (num2(x, 11) > 23 || num2(x, 14) > 59 || num2(x, 17) > 59) return undefined;
  return n === 24 ? x : `${x.slice(0, 19)}.000Z`;
}
