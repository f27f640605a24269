/**
 * Runs `fn` over `items` with at most `limit` calls in flight, results in input order. Small
 * enough to keep here: the usual packages (p-map, p-limit) are ESM-only and Jest runs CommonJS.
 * If `fn` rejects, the result rejects with that error and no further items are started (calls
 * already in flight still finish); callers that need every outcome turn failures into values.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
