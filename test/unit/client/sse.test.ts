import { describe, expect, it } from 'vitest';
import { parseSse } from '../../../src/client/sse';

async function collect(chunks: string[]) {
  const retries: number[] = [];
  const out = [];
  const body = (async function* () {
    for (const c of chunks) yield new TextEncoder().encode(c);
  })();
  for await (const m of parseSse(body, (ms) => retries.push(ms))) out.push(m);
  return { out, retries };
}

describe('parseSse', () => {
  const stream = 'retry: 1000\n: a comment\n\nid: 1\nevent: rollback\ndata: {"a":1}\n\nid: 2\ndata: line one\ndata: line two\n\n';
  it.each([
    ['whole', [stream]],
    ['byte by byte', stream.split('')],
    ['CRLF line ends split between chunks', stream.replace(/\n/g, '\r\n').match(/[\s\S]{1,3}/g)!],
    ['CR line ends', [stream.replace(/\n/g, '\r')]],
  ])('%s: same messages, ids, event types and retry', async (_n, chunks) => {
    const { out, retries } = await collect(chunks);
    expect(out).toEqual([
      { id: '1', event: 'rollback', data: '{"a":1}' },
      { id: '2', event: 'message', data: 'line one\nline two' },
    ]);
    expect(retries).toEqual([1000]);
  });

  it('an event not ended by a blank line is not dispatched', async () => {
    expect((await collect(['id: 3\ndata: half'])).out).toEqual([]);
  });
});
