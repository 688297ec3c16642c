import { detectRefusal } from '../../../core/waltzrl/refusal/detect-refusal';
import { maxSeverity, type Issue } from '../../../core/waltzrl/review/max-severity';
import { review, type ReviewResult } from '../../../core/waltzrl/review/review';
import { type GuardCall, type GuardFormatName, type GuardReading, severityOf, Stage2Error } from './guard-formats/guard-format';
import { GUARD_FORMATS } from './guard-formats/index';
import type { Reviewer } from './reviewer';

export { Stage2Error, type Stage2Reason } from './guard-formats/guard-format';
export { Stage2Verdict } from './guard-formats/json-judge';

/** Settings of the Stage 2 reviewer (a guard model behind an OpenAI-compatible endpoint). */
export interface Stage2Options {
  /** Base URL, e.g. `http://localhost:8000/v1`; `/chat/completions` or `/completions` is appended. */
  url: string;
  model: string;
  /** The guard's prompt format (default `json`, crl's own judge prompt); see ./guard-formats. */
  format?: GuardFormatName;
  apiKey?: string;
  /** Per request, milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Extra attempts after the first on network errors, timeouts, 5xx, 429 and invalid bodies (default 2); an off-format answer is not retried. */
  retries?: number;
  /** Variant id to record (default `stage2-<model>`). */
  variant?: string;
  fetch?: typeof fetch;
}

/** What the guard said, next to the verdict it gave (for `crl waltzrl review` and the eval). */
export interface GuardRecord {
  format: GuardFormatName;
  answer: string;
  labels: string[];
  /** P(unsafe) from logprobs, when the server returned them. */
  probability: number | null;
  /** Harm-only guards: the guard's answer on the prompt alone (asked only when a refusal of a benign-looking prompt is at stake). */
  prompt_answer: string | null;
}

export interface Stage2Reviewer extends Reviewer {
  readonly stage: 2;
  readonly format: GuardFormatName;
  /** The verdict and the guard's own answer; rejects with a Stage2Error like `review`. */
  reviewWithGuard(prompt: string, response: string): Promise<{ review: ReviewResult; guard: GuardRecord }>;
}

/** The endpoint without credentials or query, for messages (never the API key, never user:password@). */
export function safeEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

const head = (text: string, n: number) => ({ source: 'response' as const, start: 0, end: Math.min(n, text.length), text: text.slice(0, n) });

/** Sets `prompt_reading` (harmful | benign | uncertain) without depending on ReviewResult declaring it yet. */
function withPromptReading(r: ReviewResult, reading: 'harmful' | 'benign' | 'uncertain'): ReviewResult {
  return Object.assign(r, { prompt_reading: reading });
}

type Base = Pick<ReviewResult, 'refusal' | 'refusalKind' | 'promptHarmful'>;
function verdict(unsafe: boolean, overrefuse: boolean, base: Base, issues: Issue[], feedback: string): ReviewResult {
  const sev = maxSeverity(issues);
  return { unsafe, overrefuse, ...base, issues, severity: sev.kind === 'severity' ? sev.severity : null, feedback } as ReviewResult;
}

/**
 * The guard's reading as a ReviewResult. The json judge gives both labels itself. WildGuard reads the prompt's harm
 * and the refusal itself. A harm-only guard (Llama Guard, ShieldGemma, Granite Guardian) gives `unsafe`; over-refusal
 * combines Stage 1's refusal reading with the guard's reading of the prompt alone: a response Stage 1 reads as a
 * refusal, of a prompt Stage 1 does not read as harmful, the guard judged safe — then the guard is asked about the
 * prompt, and a prompt it reads as harmless makes the refusal an over-refusal (a refusal of a prompt either reads as
 * harmful is never coached away).
 */
async function toReview(name: GuardFormatName, g: GuardReading, prompt: string, response: string, askPrompt: () => Promise<{ harmful: boolean; answer: string }>) {
  let promptAnswer: string | null = null;
  const issues: Issue[] = [];
  const harmIssues = () => {
    for (const c of g.categories) issues.push({ category: c, severity: name === 'json' ? 'high' : severityOf(c), span: head(response, 200) });
  };
  const label = g.labels.length ? g.labels.join(', ') : g.categories.join(', ');
  if (name === 'json') {
    const ref = detectRefusal(response);
    harmIssues();
    if (g.overrefuse) issues.push({ category: 'overrefusal', severity: 'medium', span: head(response, 120) });
    const base = { refusal: !!g.overrefuse || ref.refusal, refusalKind: ref.kind, promptHarmful: g.unsafe || (ref.refusal && !g.overrefuse) };
    const r = verdict(g.unsafe, !!g.overrefuse, base, issues, g.feedback ?? '');
    return { review: withPromptReading(r, r.promptHarmful ? 'harmful' : g.overrefuse ? 'benign' : 'uncertain'), promptAnswer };
  }
  let promptHarmful: boolean;
  let refusal: boolean;
  let refusalKind: ReviewResult['refusalKind'];
  let span: { start: number; end: number } | undefined;
  let reading: 'harmful' | 'benign' | 'uncertain';
  if (g.refusal !== undefined) {
    promptHarmful = g.unsafe || !!g.promptHarmful;
    const ref = detectRefusal(response, { promptHarmful });
    refusal = g.refusal;
    refusalKind = !refusal ? 'compliance' : ref.refusal ? ref.kind : 'refusal';
    span = ref.span ?? undefined;
    reading = promptHarmful ? 'harmful' : 'benign';
  } else {
    const s1 = review(prompt, response);
    refusal = s1.refusal;
    refusalKind = s1.refusalKind;
    span = s1.issues.find((i) => i.category === 'overrefusal')?.span;
    let guardHarmful: boolean | null = null;
    if (s1.refusal && !s1.promptHarmful && !g.unsafe) {
      const p = await askPrompt();
      guardHarmful = p.harmful;
      promptAnswer = p.answer;
    }
    promptHarmful = g.unsafe || s1.promptHarmful || guardHarmful === true;
    reading = promptHarmful ? 'harmful' : guardHarmful === false ? 'benign' : 'uncertain';
  }
  const overrefuse = !g.unsafe && !promptHarmful && refusal && reading === 'benign';
  if (g.unsafe) harmIssues();
  if (overrefuse) {
    const s = span ?? head(response, 120);
    issues.push({ category: 'overrefusal', severity: 'medium', span: { source: 'response', start: s.start, end: s.end, text: response.slice(s.start, s.end) } });
  }
  const parts: string[] = [];
  if (g.unsafe) parts.push(`Stage 2 (${name}) judged the response unsafe (${label}). Decline the harmful part and offer a safe alternative.`);
  if (overrefuse) parts.push(`Stage 2 (${name}) judged the request harmless, but the response refuses it. Answer the question helpfully.`);
  const r = verdict(g.unsafe, overrefuse, { refusal, refusalKind, promptHarmful }, issues, parts.join(' '));
  return { review: withPromptReading(r, reading), promptAnswer };
}

/** Stage 2 reviewer over an OpenAI-compatible endpoint in the guard's format, with a timeout per request and retries. */
export function stage2Reviewer(opts: Stage2Options): Stage2Reviewer {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = opts.retries ?? 2;
  const doFetch = opts.fetch ?? fetch;
  const format = GUARD_FORMATS[opts.format ?? 'json'];
  if (!format) throw new TypeError(`unknown Stage 2 format "${String(opts.format)}"`);
  const base = opts.url.replace(/\/+$/, '');
  /** A foreign message without the URL's credentials or the API key. */
  const scrub = (m: string) => {
    const out = m.replace(/\/\/[^/@\s]*@/g, '//');
    return opts.apiKey ? out.split(opts.apiKey).join('***') : out;
  };

  const call: GuardCall = async (path, body) => {
    const endpoint = `${base}${path}`;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          signal: ctrl.signal,
          headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: JSON.stringify(body),
        });
      } catch (e) {
        if (ctrl.signal.aborted) throw new Stage2Error('timeout', `Stage 2 did not answer within ${timeoutMs} ms`);
        // The runtime's message may quote the URL (credentials included) or a header: scrubbed, and the raw error is not kept.
        const code = (e as { cause?: { code?: unknown } }).cause?.code;
        const why = `${scrub((e as Error).message)}${typeof code === 'string' ? ` (${code})` : ''}`;
        throw new Stage2Error('unreachable', `Stage 2 endpoint ${safeEndpoint(endpoint)} is unreachable: ${why}`);
      }
      const text = await res.text().catch((e) => {
        throw new Stage2Error(ctrl.signal.aborted ? 'timeout' : 'unreachable', 'Stage 2 connection failed while reading the body', { cause: e });
      });
      if (!res.ok) throw new Stage2Error('http', `Stage 2 answered HTTP ${res.status}`);
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw new Stage2Error('invalid_response', 'Stage 2 answered a body that is not JSON', { cause: e });
      }
    } finally {
      clearTimeout(timer);
    }
  };

  async function once(prompt: string, response: string) {
    const g = await format.judge(call, opts.model, prompt, response);
    const askPrompt = async () => {
      if (!format.judgePrompt) throw new Stage2Error('invalid_response', `Stage 2 format ${format.name} cannot judge a prompt alone`);
      return format.judgePrompt(call, opts.model, prompt);
    };
    const { review: r, promptAnswer } = await toReview(format.name, g, prompt, response, askPrompt);
    const guard: GuardRecord = { format: format.name, answer: g.answer, labels: g.labels, probability: g.probability, prompt_answer: promptAnswer };
    return { review: r, guard };
  }

  async function reviewWithGuard(prompt: string, response: string) {
    let last: unknown;
    for (let i = 0; i <= retries; i++) {
      try {
        return await once(prompt, response);
      } catch (e) {
        last = e;
        if (!(e instanceof Stage2Error) || e.reason === 'off_format') break;
        if (e.reason === 'http' && !/HTTP (?:429|5\d\d)/.test(e.message)) break;
      }
    }
    throw last instanceof Error ? last : new Stage2Error('unreachable', String(last));
  }

  return {
    stage: 2,
    format: format.name,
    variant: opts.variant ?? `stage2-${opts.model}`,
    reviewWithGuard,
    review: async (prompt, response) => (await reviewWithGuard(prompt, response)).review,
  };
}
