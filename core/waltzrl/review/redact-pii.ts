import { anyOf, oneOf } from '../text/regex-parts';

/** Kinds of personal data `redactPii` finds. */
export type PiiKind = 'email' | 'phone' | 'card' | 'ssn' | 'api_key';

export interface PiiFinding {
  kind: PiiKind;
  /** Offsets into the input text (end exclusive). */
  start: number;
  end: number;
}

export interface RedactionResult {
  kind: 'clean' | 'redacted';
  /** Text with each finding replaced by `[REDACTED_<KIND>]`. */
  text: string;
  findings: PiiFinding[];
}

/** Luhn checksum over the digits of `s` (separators ignored). */
export function luhnValid(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const KEY_PREFIXES = oneOf([
  'sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}',
  'AKIA[0-9A-Z]{16}',
  'gh[pousr]_[A-Za-z0-9]{30,}',
  'xox[abpr]-[A-Za-z0-9-]{10,}',
  'AIza[0-9A-Za-z_-]{35}',
  'glpat-[A-Za-z0-9_-]{20,}',
]);
/** Keys with a known prefix ("sk-…", "AKIA…", "ghp_…"), or a long value after "api_key=", "token:" and the like. */
const API_KEY_RE = new RegExp(anyOf([
  `\\b${KEY_PREFIXES}\\b`,
  `\\b(?:api[_-]?key|secret|token|password)\\s*[:=]\\s*["']?[A-Za-z0-9_\\-./+]{16,}`,
]), 'gi');

const PATTERNS: ReadonlyArray<{ kind: PiiKind; re: RegExp; check?: (m: string) => boolean }> = [
  { kind: 'api_key', re: API_KEY_RE },
  { kind: 'email', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  { kind: 'card', re: /\b\d(?:[ -]?\d){12,18}\b/g, check: luhnValid },
  { kind: 'ssn', re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  { kind: 'phone', re: /(?<![\d][ .-]?)(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\b\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}\b(?![ .-]?\d)/g },
];

/**
 * Finds and redacts emails, phone numbers, card numbers (Luhn-checked), US SSNs (ddd-dd-dddd) and API
 * keys. Earlier kinds win where matches overlap (an API key is not also a phone number). Pure.
 */
export function redactPii(text: string): RedactionResult {
  const findings: PiiFinding[] = [];
  const overlaps = (s: number, e: number) => findings.some((f) => s < f.end && e > f.start);
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (p.check && !p.check(m[0])) continue;
      if (!overlaps(start, end)) findings.push({ kind: p.kind, start, end });
    }
  }
  findings.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + `[REDACTED_${f.kind.toUpperCase()}]`;
    at = f.end;
  }
  out += text.slice(at);
  return { kind: findings.length > 0 ? 'redacted' : 'clean', text: out, findings };
}
