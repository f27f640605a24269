/**
 * Runs `fn` over `items` with at most `limit` calls in flight, results in input order. Small
 * enough to keep here: the usual packages (p-map, p-limit) are ESM-only and Jest runs CommonJS.
 * `fn` must not reject; callers turn failures into values.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
