import type { WorkPost } from '../domain/workflow';

/**
 * Step Functions rejects state data over 256 KB. Executions get at most this much input, which
 * leaves room for what the workflow adds (resolved places, detected languages, scores).
 */
export const MAX_EXECUTION_INPUT_BYTES = 200_000;

/**
 * Splits posts, in order, into groups whose `{"posts":[...],"fold":false}` JSON stays under the
 * limit.
 */
export function splitByPayload(
  posts: readonly WorkPost[],
  maxBytes = MAX_EXECUTION_INPUT_BYTES,
): WorkPost[][] {
  const envelope = Buffer.byteLength('{"posts":[],"fold":false}');
  const groups: WorkPost[][] = [];
  let current: WorkPost[] = [];
  let size = envelope;
  for (const item of posts) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      groups.push(current);
      current = [];
      size = envelope;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
