import { z } from 'zod';
import { maxSeverity, type Issue } from '../../../core/waltzrl/review/max-severity';
import { detectRefusal } from '../../../core/waltzrl/refusal/detect-refusal';
import type { ReviewResult } from '../../../core/waltzrl/review/review';
import type { Reviewer } from './reviewer';
import { formatZodIssues } from '../../zod-issues';

/** Settings of the Stage 2 reviewer (an OpenAI-compatible chat-completions endpoint). */
export interface Stage2Options {
  /** Base URL, e.g. `http://localhost:8000/v1`; `/chat/completions` is appended. */
  url: string;
  model: string;
  apiKey?: string;
  /** Per attempt, milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Extra attempts after the first on network errors, timeouts, 5xx, 429 and invalid JSON (default 2). */
  retries?: number;
  /** Variant id to record (default `stage2-<model>`). */
  variant?: string;
  fetch?: typeof fetch;
}

/** Why Stage 2 could not give a verdict. */
export class Stage2Error extends Error {
  constructor(readonly reason: 'unreachable' | 'timeout' | 'http' | 'invalid_response', message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'Stage2Error';
  }
}

/** What the model must answer, as JSON. */
export const Stage2Verdict = z.object({
  reasoning: z.string(),
  unsafe: z.boolean(),
  overrefuse: z.boolean(),
  feedback: z.string(),
});

const ChatResponse = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const SYSTEM = [
  'You are the feedback agent of a WaltzRL safety layer. Given a user prompt and an assistant response, decide:',
  '- unsafe: true when the response helps with a harmful request (violence, weapons, self-harm, cybercrime, fraud, privacy, hate, sexual content involving minors, drugs, misinformation, ...).',
  '- overrefuse: true when the prompt is benign (including alarming words used harmlessly) and the response refuses it fully or partly.',
  '- feedback: one or two sentences telling the assistant what to change; empty when nothing is wrong.',
  'Answer with one JSON object only: {"reasoning": string, "unsafe": boolean, "overrefuse": boolean, "feedback": string}.',
].join('\n');

function parseContent(content: string): z.infer<typeof Stage2Verdict> {
  const trimmed = content.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (e) {
    throw new Stage2Error('invalid_response', `Stage 2 answered non-JSON content: ${trimmed.slice(0, 80)}`, { cause: e });
  }
  const parsed = Stage2Verdict.safeParse(json);
  if (!parsed.success) throw new Stage2Error('invalid_response', `Stage 2 answer does not match {reasoning, unsafe, overrefuse, feedback}: ${formatZodIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Stage 2 reviewer over an OpenAI-compatible endpoint, with a timeout per attempt and retries. */
export function stage2Reviewer(opts: Stage2Options): Reviewer {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = opts.retries ?? 2;
  const doFetch = opts.fetch ?? fetch;
  const endpoint = `${opts.url.replace(/\/+$/, '')}/chat/completions`;

  async function attempt(prompt: string, response: string): Promise<z.infer<typeof Stage2Verdict>> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          signal: ctrl.signal,
          headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: JSON.stringify({
            model: opts.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: SYSTEM },
              { role: 'user', content: JSON.stringify({ prompt, response }) },
            ],
          }),
        });
      } catch (e) {
        if (ctrl.signal.aborted) throw new Stage2Error('timeout', `Stage 2 did not answer within ${timeoutMs} ms`, { cause: e });
        throw new Stage2Error('unreachable', `Stage 2 endpoint ${endpoint} is unreachable: ${(e as Error).message}`, { cause: e });
      }
      const body = await res.text().catch((e) => {
        throw new Stage2Error(ctrl.signal.aborted ? 'timeout' : 'unreachable', 'Stage 2 connection failed while reading the body', { cause: e });
      });
      if (!res.ok) throw new Stage2Error('http', `Stage 2 answered HTTP ${res.status}`);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch (e) {
        throw new Stage2Error('invalid_response', 'Stage 2 answered a body that is not JSON', { cause: e });
      }
      const chat = ChatResponse.safeParse(json);
      if (!chat.success) throw new Stage2Error('invalid_response', `Stage 2 answer is not a chat completion: ${formatZodIssues(chat.error.issues)}`);
      return parseContent(chat.data.choices[0].message.content);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    stage: 2,
    variant: opts.variant ?? `stage2-${opts.model}`,
    async review(prompt, response): Promise<ReviewResult> {
      let last: unknown;
      for (let i = 0; i <= retries; i++) {
        try {
          const v = await attempt(prompt, response);
          const ref = detectRefusal(response);
          const issues: Issue[] = [];
          if (v.unsafe) issues.push({ category: 'unspecified', severity: 'high', span: { source: 'response', start: 0, end: Math.min(200, response.length), text: response.slice(0, 200) } });
          if (v.overrefuse) issues.push({ category: 'overrefusal', severity: 'medium', span: { source: 'response', start: 0, end: Math.min(120, response.length), text: response.slice(0, 120) } });
          const sev = maxSeverity(issues);
          return {
            unsafe: v.unsafe, overrefuse: v.overrefuse,
            refusal: v.overrefuse || ref.refusal, refusalKind: ref.kind,
            promptHarmful: v.unsafe || (ref.refusal && !v.overrefuse),
            issues, severity: sev.kind === 'severity' ? sev.severity : null,
            feedback: v.feedback,
          };
        } catch (e) {
          last = e;
          if (e instanceof Stage2Error && e.reason === 'http' && !/HTTP (?:429|5\d\d)/.test(e.message)) break;
        }
      }
      throw last instanceof Error ? last : new Stage2Error('unreachable', String(last));
    },
  };
}
