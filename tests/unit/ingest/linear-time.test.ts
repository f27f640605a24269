import { parseAndNormalize } from '../../../functions/domain/normalize/index';
import { MAX_TEXT_LENGTH } from '../../../functions/domain/post';
import {
  PATHOLOGICAL_UNITS,
  PLAIN_UNIT,
  jetstreamRecord,
  msPerCall,
  repeatTo,
  xV2Record,
} from '../../../bench/text/pathological';

/**
 * Every per-record step of ingest is linear in its input: a text of the longest accepted length
 * made of a pathological unit (the inputs that make backtracking patterns quadratic) costs about
 * what a plain text of the same length costs, measured in the same run. Texts of thousands of
 * tags do per-tag work (key folding) that a plain text does not, about 20-45 times the plain cost
 * on a loaded 2-core machine; a quadratic step costs thousands of times more at this length (the
 * 12 s of the review's 100 KB record), so the bound leaves room for noise and still catches it.
 */
const MAX_RATIO = 100;

describe('ingest text handling is linear', () => {
  const plainXRecord = xV2Record(repeatTo(PLAIN_UNIT));
  const plainBskyRecord = jetstreamRecord(repeatTo(PLAIN_UNIT));
  const plainX = msPerCall(() => parseAndNormalize(plainXRecord));
  const plainBsky = msPerCall(() => parseAndNormalize(plainBskyRecord));

  it.each(Object.entries(PATHOLOGICAL_UNITS))('%s (%j)', (_name, unit) => {
    const text = repeatTo(unit);
    expect(text.length).toBe(MAX_TEXT_LENGTH);
    const [xRecord, bskyRecord] = [xV2Record(text), jetstreamRecord(text)];
    const x = msPerCall(() => parseAndNormalize(xRecord));
    const bsky = msPerCall(() => parseAndNormalize(bskyRecord));
    expect(x / plainX).toBeLessThan(MAX_RATIO);
    expect(bsky / plainBsky).toBeLessThan(MAX_RATIO);
  });

  it('refuses a record of almost 100 KB of "a." as fast as it reads a plain one', () => {
    const huge = xV2Record('a.'.repeat(48_000));
    const result = parseAndNormalize(huge);
    expect(result).toMatchObject({ ok: false, code: 'INVALID' });
    expect(msPerCall(() => parseAndNormalize(huge)) / plainX).toBeLessThan(MAX_RATIO);
  });
});
