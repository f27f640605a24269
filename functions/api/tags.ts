import { z } from 'zod';
import { ALL_POSTS_TAG } from '../domain/keys';
import { cashtagDisplay, cashtagKey, hashtagKey, replaceLoneSurrogates } from '../domain/text';

/** zod schemas that turn a `tag` or `cashtag` parameter into the key the aggregates are stored under. */

const MAX_TAG_LENGTH = 140;
const TAG_ERROR = `must be a hashtag of 1 to ${MAX_TAG_LENGTH} characters`;
const CASHTAG_ERROR = 'must be a ticker symbol such as $AAPL';

/**
 * Whether API Gateway hands over a path parameter percent-decoded differs between integrations,
 * so `%23AWS` is decoded here when it is valid percent-encoding; a tag never holds a literal `%`.
 */
function decodePercent(value: string): string {
  if (!/%[0-9a-f]{2}/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `%23AWS`, `#AWS`, `＃ＡＷＳ` and `AWS` -> `aws`; `_all` stays the all-posts key. */
export const hashtagParam = () =>
  z.string({ error: TAG_ERROR }).transform((raw, ctx) => {
    const text = replaceLoneSurrogates(decodePercent(raw).trim());
    if (text === ALL_POSTS_TAG) return ALL_POSTS_TAG;
    const key = text.length <= MAX_TAG_LENGTH + 1 ? hashtagKey(text).trim() : '';
    if (key === '' || key.length > MAX_TAG_LENGTH) {
      ctx.addIssue({ code: 'custom', message: TAG_ERROR });
      return z.NEVER;
    }
    return key;
  });

/** `$AAPL`, `AAPL` and `%24aapl` -> `$aapl`, the key of the cashtag's feed. */
export const cashtagParam = () =>
  z.string({ error: CASHTAG_ERROR }).transform((raw, ctx) => {
    const display = cashtagDisplay(decodePercent(raw).trim());
    if (display === undefined) {
      ctx.addIssue({ code: 'custom', message: CASHTAG_ERROR });
      return z.NEVER;
    }
    return cashtagKey(display);
  });
