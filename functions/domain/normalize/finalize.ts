import { MAX_TEXT_LENGTH, postSchema, type Post } from '../post';
import { replaceLoneSurrogates } from '../text';
import { reject, rejectFromIssues, type InputFormat, type NormalizeResult } from './types';

function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return replaceLoneSurrogates(value) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  }
  return value;
}

/**
 * Last step of every format: checks the text and the whole Post against the schema.
 *
 * Lone UTF-16 surrogates (a JSON "\ud83d" with no partner) are replaced with U+FFFD rather than
 * rejected: X's v1.1 `text` truncation is known to cut emoji in half, and those posts are worth
 * keeping, while DynamoDB and Comprehend need well-formed text.
 */
export function finalizePost(format: InputFormat, draft: Post, textField: string): NormalizeResult {
  const post = wellFormed(draft);
  if (post.text.trim() === '') return reject('INVALID', `${format}: ${textField} is empty`);
  if (post.text.length > MAX_TEXT_LENGTH) {
    return reject(
      'INVALID',
      `${format}: ${textField} is longer than ${MAX_TEXT_LENGTH} characters (${post.text.length})`,
    );
  }
  const parsed = postSchema.safeParse(post);
  if (!parsed.success) return rejectFromIssues(format, parsed.error, post);
  return { ok: true, post: parsed.data, format };
}
