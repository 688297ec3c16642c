/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight; the results are in input order.
 * `fn` gets the item and its index. When a call rejects, no further item is started; the pool waits
 * for the calls already in flight to settle and then rejects with the first error.
 * `concurrency` must be an integer ≥ 1 (a RangeError otherwise).
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`mapPool: concurrency must be an integer ≥ 1, got ${concurrency}`);
  const out = new Array<R>(items.length);
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (errors.length === 0 && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return out;
}
