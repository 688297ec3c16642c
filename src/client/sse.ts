/** One Server-Sent Event as received: its id (if any), its type (`message` when none) and its data. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * Parses a text/event-stream byte stream (the WHATWG rules: fields `id`, `event`, `data`, `retry`; comment
 * lines start with ':'; a blank line dispatches; CRLF, CR or LF end a line). `onRetry` gets each `retry:` value.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>, onRetry: (ms: number) => void = () => {}): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let id: string | undefined;
  let event = '';
  let data: string[] = [];
  const lines = function* (text: string, final: boolean): Generator<string> {
    buf += text;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 13 && i + 1 === buf.length && !final) break; // a CR at the end may be half of a CRLF
      yield buf.slice(start, i);
      if (c === 13 && buf.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    buf = buf.slice(start);
  };
  const take = function* (text: string, final: boolean): Generator<SseMessage> {
    for (const line of lines(text, final)) {
      if (line === '') {
        if (data.length) yield { id, event: event || 'message', data: data.join('\n') };
        data = [];
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\u0000')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
    }
  };
  for await (const chunk of body) yield* take(decoder.decode(chunk, { stream: true }), false);
  yield* take(decoder.decode(), true);
}
