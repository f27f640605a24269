/**
 * `npm run bench:text`: what ingest's text handling costs on pathological texts of the longest
 * accepted length (bench/text/pathological.ts), as a ratio to a plain text of the same length
 * measured in the same run, and a batch of 500 such records (Ingest's BatchSize). Not a test: the
 * bound is asserted by tests/unit/ingest/linear-time.test.ts.
 */
import { loadavg } from 'node:os';
import { parseAndNormalize } from '../functions/domain/normalize/index';
import {
  PATHOLOGICAL_UNITS,
  PLAIN_UNIT,
  jetstreamRecord,
  msPerCall,
  repeatTo,
  xV2Record,
} from './text/pathological';

const BATCH = 500;

const plain = xV2Record(repeatTo(PLAIN_UNIT));
const plainMs = msPerCall(() => parseAndNormalize(plain), 50);
const rows = Object.entries(PATHOLOGICAL_UNITS).map(([name, unit]) => {
  const text = repeatTo(unit);
  const [x, bsky] = [xV2Record(text), jetstreamRecord(text)];
  const ms = Math.max(
    msPerCall(() => parseAndNormalize(x), 20),
    msPerCall(() => parseAndNormalize(bsky), 20),
  );
  return { name, unit, ms, ratio: ms / plainMs };
});
rows.sort((a, b) => b.ratio - a.ratio);

console.log(
  `load average ${loadavg()[0]?.toFixed(1)}; texts of ${repeatTo(PLAIN_UNIT).length} characters`,
);
console.log(`plain text: ${plainMs.toFixed(3)} ms per record`);
console.log('class'.padEnd(28), 'ms/record'.padStart(10), 'x plain'.padStart(8));
for (const r of rows) {
  console.log(r.name.padEnd(28), r.ms.toFixed(3).padStart(10), r.ratio.toFixed(1).padStart(8));
}
const worst = rows[0];
if (worst) {
  const record = xV2Record(repeatTo(worst.unit));
  const batchMs = msPerCall(
    () => {
      for (let i = 0; i < BATCH; i++) parseAndNormalize(record);
    },
    1,
    3,
  );
  console.log(
    `worst case: ${worst.name}, ${worst.ratio.toFixed(1)}x plain; a batch of ${BATCH} such records: ${batchMs.toFixed(0)} ms`,
  );
}
