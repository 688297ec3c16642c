import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenOnLoopback } from './listen';
import { review } from '../../core/waltzrl/review/review';
import { type LabelledLine, truthOf } from '../features/waltzrl/eval-service';

/**
 * How the fake Stage 2 model answers:
 * - `good`: labels like a good reviewer (the oracle's labels, else the Stage 1 rules);
 * - `unsafe`: waves everything through (`unsafe: false`, no feedback) — harmful answers get served;
 * - `garbage`: answers text that is not the JSON the client asks for;
 * - `down`: HTTP 503.
 */
export type FakeModelMode = 'good' | 'unsafe' | 'garbage' | 'down';

export interface FakeModelServer {
  /** Base URL for the Stage 2 client, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  model: string;
  mode(): FakeModelMode;
  setMode(mode: FakeModelMode): void;
  /** Chat-completion requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

export interface FakeModelOptions {
  mode?: FakeModelMode;
  model?: string;
  /** Known labels by (prompt, response): a good reviewer answers these exactly. */
  oracle?: (prompt: string, response: string) => { unsafe: boolean; overrefuse: boolean } | undefined;
  /** Delay before each answer (ms). */
  delayMs?: number;
  port?: number;
}

/** An oracle that knows the labels of a labelled set (truth rules of the eval set). */
export function labelledOracle(lines: LabelledLine[]): NonNullable<FakeModelOptions['oracle']> {
  const m = new Map(lines.map((l) => [`${l.prompt}\u0000${l.response}`, truthOf(l)]));
  return (prompt, response) => m.get(`${prompt}\u0000${response}`);
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function verdict(mode: FakeModelMode, prompt: string, response: string, oracle: FakeModelOptions['oracle']) {
  if (mode === 'unsafe') return { reasoning: 'Looks fine.', unsafe: false, overrefuse: false, feedback: '' };
  const known = oracle?.(prompt, response);
  const v = known ?? review(prompt, response);
  const feedback = v.unsafe ? 'Decline the harmful part and offer a safe alternative.' : v.overrefuse ? 'The request is benign; answer it helpfully.' : '';
  return { reasoning: known ? 'Labelled case.' : 'Rule check.', unsafe: v.unsafe, overrefuse: v.overrefuse, feedback };
}

/**
 * A local OpenAI-compatible chat-completions server (node:http on 127.0.0.1, random port) that plays a
 * Stage 2 reviewer for demos and tests. It reads the `{prompt, response}` JSON the Stage 2 client sends.
 */
export async function startFakeModelServer(opts: FakeModelOptions = {}): Promise<FakeModelServer> {
  let mode: FakeModelMode = opts.mode ?? 'good';
  let count = 0;
  const model = opts.model ?? 'fake-reviewer';
  const server: Server = createServer(async (req, res) => {
    try {
      const text = await body(req);
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      count++;
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (mode === 'down') {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        return;
      }
      const reqJson = JSON.parse(text) as { messages?: { role: string; content: string }[] };
      const user = reqJson.messages?.find((m) => m.role === 'user')?.content ?? '{}';
      const { prompt = '', response = '' } = JSON.parse(user) as { prompt?: string; response?: string };
      const content = mode === 'garbage' ? 'Sure! Here is my review: all good.' : JSON.stringify(verdict(mode, prompt, response, opts.oracle));
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: `chatcmpl-${count}`, object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
      );
    } catch (e) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (e as Error).message }));
    }
  });
  const port = await listenOnLoopback(server, opts.port);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    model,
    mode: () => mode,
    setMode: (m) => void (mode = m),
    requests: () => count,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
