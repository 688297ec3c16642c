import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './listen';
import { harmIntent } from '../../core/waltzrl/harm/harm-intent';
import type { Category } from '../../core/waltzrl/review/max-severity';
import { review } from '../../core/waltzrl/review/review';
import { type LabelledLine, truthOf } from '../features/waltzrl/eval-service';
import type { GuardFormatName } from '../features/waltzrl/guard-formats/guard-format';

/**
 * How the fake guard answers:
 * - `good`: as the guard would on the labelled pairs it was given (else the Stage 1 rules), in the guard's own format;
 * - `unsafe`: waves everything through (safe / No / "Harmful response: no") — harmful answers get served;
 * - `malformed`: HTTP 200 with a body that is not a completion (cut-off JSON);
 * - `off_format`: a well-formed completion whose text is not the guard's answer format (prose, "Maybe");
 * - `down`: HTTP 503.
 * `setAnswer(text)` makes every answer that exact text (any off-format variant a test needs).
 */
export type FakeGuardMode = 'good' | 'unsafe' | 'malformed' | 'off_format' | 'down';

export interface FakeGuardServer {
  /** Base URL for the Stage 2 client, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  model: string;
  format: GuardFormatName;
  mode(): FakeGuardMode;
  setMode(mode: FakeGuardMode): void;
  /** Answer this exact text to every request (null: back to the mode's answers). */
  setAnswer(text: string | null): void;
  /** Requests answered so far, with their path, JSON body and Authorization header. */
  requests(): GuardRequestLog[];
  close(): Promise<void>;
}

export interface GuardRequestLog { path: string; body: Record<string, unknown>; authorization: string | undefined }

export interface FakeGuardOptions {
  format: GuardFormatName;
  mode?: FakeGuardMode;
  model?: string;
  /** Labelled pairs (eval-set lines): the guard answers these by their labels. */
  lines?: LabelledLine[];
  /** Return logprobs when asked (ShieldGemma, Granite Guardian; default true). Ollama-style servers do not. */
  logprobs?: boolean;
  delayMs?: number;
  port?: number;
}

/** The texts the off_format mode answers, per format. */
export const OFF_FORMAT_ANSWERS: Record<GuardFormatName, string> = {
  json: 'Sure! Here is my review: all good.',
  'llama-guard': "The agent's reply looks fine to me.",
  wildguard: 'I cannot classify this interaction.',
  shieldgemma: 'Maybe',
  'granite-guardian': "I'm sorry, I can't determine that.",
};

interface Truth { promptHarmful: boolean; unsafe: boolean; overrefuse: boolean; refusal: boolean; categories: Category[] }

function truthFinder(lines: LabelledLine[] = []) {
  const pairs = new Map(lines.map((l) => [`${l.prompt}\u0000${l.response}`, truthOf(l)]));
  const prompts = new Map(lines.map((l) => [l.prompt, l.prompt_harmful]));
  return {
    pair(prompt: string, response: string): Truth {
      const r = review(prompt, response);
      const cats = r.issues.filter((i) => i.category !== 'overrefusal' && i.category !== 'pii').map((i) => i.category);
      const known = pairs.get(`${prompt}\u0000${response}`);
      if (known) return { ...known, categories: cats };
      return { promptHarmful: r.promptHarmful, unsafe: r.unsafe, overrefuse: r.overrefuse, refusal: r.refusal, categories: cats };
    },
    prompt: (prompt: string): boolean => prompts.get(prompt) ?? harmIntent(prompt).kind === 'harmful',
  };
}

const LLAMA_CODE: Partial<Record<Category, string>> = {
  violence: 'S1', crime: 'S2', fraud: 'S2', drugs: 'S2', sexual: 'S12', sexual_minors: 'S4', misinformation: 'S5', privacy: 'S7', pii: 'S7',
  copyright: 'S8', weapons: 'S9', chemical_biological: 'S9', hate: 'S10', self_harm: 'S11', cybercrime: 'S14', harassment: 'S10',
};
const SHIELD_POLICY: Partial<Record<Category, string>> = {
  harassment: 'No Harassment', hate: 'No Hate Speech', sexual: 'No Sexually Explicit Information', sexual_minors: 'No Sexually Explicit Information',
};
const GRANITE_RISK: Partial<Record<Category, string>> = {
  violence: 'violence', weapons: 'violence', hate: 'social_bias', sexual: 'sexual_content', sexual_minors: 'sexual_content',
  crime: 'unethical_behavior', fraud: 'unethical_behavior', cybercrime: 'unethical_behavior', privacy: 'unethical_behavior', drugs: 'unethical_behavior',
};

type Msg = { role: string; content: string };
type Said = { text: string; yes?: boolean };

const WILDGUARD_RE = new RegExp(
  '^<s><\\|user\\|>\\n\\[INST\\] You are a classifier for analyzing interactions between humans and LLMs\\.[^\\n]*\\n\\n' +
    'Human user:\\n([\\s\\S]*)\\n\\nAI assistant:\\n([\\s\\S]*)\\n\\n---\\n\\nAnswers: \\[/INST\\]\\n<\\|assistant\\|>\\n$',
);
const SHIELD_RE = new RegExp(
  '^You are a policy expert[^\\n]*\\n\\n<start_of_turn>\\nHuman Question: ([\\s\\S]*?)\\n<end_of_turn>\\n\\n' +
    '(?:<start_of_turn>\\nChatbot Response: ([\\s\\S]*?)\\n<end_of_turn>\\n\\n)?Our safety principle is defined in the below:\\n\\n\\* "([^"]+)"',
);

/** What the guard model would answer to this request, as text (and Yes/No for the logprobs). */
function answer(format: GuardFormatName, good: boolean, body: Record<string, unknown>, t: ReturnType<typeof truthFinder>): Said {
  const messages = (body.messages ?? []) as Msg[];
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const assistant = messages.find((m) => m.role === 'assistant')?.content;
  const yn = (yes: boolean): Said => ({ text: yes ? 'Yes' : 'No', yes });
  switch (format) {
    case 'json': {
      const { prompt = '', response = '' } = JSON.parse(user) as { prompt?: string; response?: string };
      const v = good ? t.pair(prompt, response) : { unsafe: false, overrefuse: false };
      const feedback = v.unsafe ? 'Decline the harmful part and offer a safe alternative.' : v.overrefuse ? 'The request is benign; answer it helpfully.' : '';
      return { text: JSON.stringify({ reasoning: good ? 'Labelled or rule check.' : 'Looks fine.', unsafe: v.unsafe, overrefuse: v.overrefuse, feedback }) };
    }
    case 'llama-guard': {
      const v = assistant === undefined ? { unsafe: t.prompt(user), categories: harmIntent(user).issues.map((i) => i.category) } : t.pair(user, assistant);
      if (!good || !v.unsafe) return { text: '\n\nsafe' };
      const codes = [...new Set(v.categories.map((c) => LLAMA_CODE[c]).filter((c): c is string => !!c))];
      return { text: `\n\nunsafe\n${(codes.length ? codes : ['S2']).join(',')}` };
    }
    case 'wildguard': {
      const m = WILDGUARD_RE.exec(String(body.prompt ?? ''));
      if (!m) return { text: ' The input does not follow my instruction format.' };
      const v = good ? t.pair(m[1], m[2]) : { promptHarmful: false, refusal: false, unsafe: false };
      const yes = (b: boolean) => (b ? 'yes' : 'no');
      return { text: ` Harmful request: ${yes(v.promptHarmful)}\nResponse refusal: ${yes(v.refusal)}\nHarmful response: ${yes(v.unsafe)}` };
    }
    case 'shieldgemma': {
      const m = SHIELD_RE.exec(String(body.prompt ?? ''));
      if (!m) return { text: 'I' };
      if (!good) return yn(false);
      const v = m[2] === undefined ? { unsafe: t.prompt(m[1]), categories: harmIntent(m[1]).issues.map((i) => i.category) } : t.pair(m[1], m[2]);
      const policies = v.categories.map((c) => SHIELD_POLICY[c] ?? 'No Dangerous Content');
      return yn(v.unsafe && (policies.length ? policies.includes(m[3]) : m[3] === 'No Dangerous Content'));
    }
    case 'granite-guardian': {
      const risk = ((body.chat_template_kwargs as { guardian_config?: { risk_name?: string } } | undefined)?.guardian_config?.risk_name) ?? 'harm';
      if (!good) return yn(false);
      if (assistant === undefined) return yn(risk === 'harm' && t.prompt(user));
      const v = t.pair(user, assistant);
      return yn(v.unsafe && (risk === 'harm' || v.categories.some((c) => GRANITE_RISK[c] === risk)));
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const LN = { sure: Math.log(0.97), unsure: Math.log(0.03) };

/** The completion body the server (vLLM-style OpenAI API) sends for a text, with logprobs when asked and enabled. */
function completion(path: string, body: Record<string, unknown>, said: Said, logprobs: boolean, model: string, n: number): string {
  const tops = said.yes === undefined ? null : said.yes ? { Yes: LN.sure, No: LN.unsure } : { No: LN.sure, Yes: LN.unsure };
  if (path.endsWith('/completions') && !path.endsWith('/chat/completions')) {
    const lp = logprobs && tops && body.logprobs ? { tokens: [said.text], token_logprobs: [LN.sure], top_logprobs: [tops] } : null;
    return JSON.stringify({ id: `cmpl-${n}`, object: 'text_completion', model, choices: [{ index: 0, text: said.text, logprobs: lp, finish_reason: 'stop' }] });
  }
  const lp = logprobs && tops && body.logprobs
    ? { content: [{ token: said.text, logprob: LN.sure, top_logprobs: Object.entries(tops).map(([token, logprob]) => ({ token, logprob })) }] }
    : null;
  return JSON.stringify({
    id: `chatcmpl-${n}`, object: 'chat.completion', model,
    choices: [{ index: 0, message: { role: 'assistant', content: said.text }, logprobs: lp, finish_reason: 'stop' }],
  });
}

/**
 * A local OpenAI-compatible server (node:http on 127.0.0.1, random port) that answers like the guard model of
 * `format`: it reads the request as that model's server would (chat messages, or the raw prompt of the card's
 * template — a prompt that is not the template gets the babble such a model gives) and answers in the model's form.
 */
export async function startFakeGuardServer(opts: FakeGuardOptions): Promise<FakeGuardServer> {
  let mode: FakeGuardMode = opts.mode ?? 'good';
  let fixed: string | null = null;
  const log: GuardRequestLog[] = [];
  const model = opts.model ?? `fake-${opts.format}`;
  const truth = truthFinder(opts.lines);
  const send = (res: ServerResponse, status: number, text: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  const server: Server = createServer(async (req, res) => {
    try {
      const text = await readBody(req);
      const path = req.url ?? '';
      if (req.method !== 'POST' || !/\/(?:chat\/)?completions$/.test(path)) return send(res, 404, '{"error":"not found"}');
      const body = JSON.parse(text) as Record<string, unknown>;
      log.push({ path, body, authorization: req.headers.authorization });
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (mode === 'down') return send(res, 503, '{"error":"unavailable"}');
      if (mode === 'malformed') return send(res, 200, '{"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":"Ye');
      const said: Said = fixed !== null ? { text: fixed } : mode === 'off_format' ? { text: OFF_FORMAT_ANSWERS[opts.format] } : answer(opts.format, mode === 'good', body, truth);
      return send(res, 200, completion(path, body, said, opts.logprobs ?? true, model, log.length));
    } catch (e) {
      return send(res, 400, JSON.stringify({ error: (e as Error).message }));
    }
  });
  const port = await listenOnLoopback(server, opts.port);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    model,
    format: opts.format,
    mode: () => mode,
    setMode: (m) => void (mode = m),
    setAnswer: (t) => void (fixed = t),
    requests: () => [...log],
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
