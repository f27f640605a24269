/**
 * `npm run bench:feeds`: recent-post feed items written per post, before (every feed of every
 * post) and after (chooseFeeds: a bounded sample per stream batch), for demo posts cut into
 * stream batches of several sizes. No stack: the demo generator, the normalizers and the choice
 * Persist writes, so the figures are exact counts, the same on any machine.
 *
 *   npm run bench:feeds                            # 20,000 posts at 1,000 posts/s
 *   npm run bench:feeds -- --posts 50000 --rate 50
 */
import { chooseFeeds, feedKeysOf } from '../functions/domain/feed';
import { splitByPayload } from '../functions/enrich/executions';
import { demoPostArgs, demoPosts } from './demo-posts';

// "kept/s of a busy feed": posts per second of stream time that `_all` (and any key with that
// many posts per batch) keeps; every key keeps at least its newest post of each batch.
const { total, rate, seed } = demoPostArgs();

const itemsOf = (chosen: Map<string, string[]>): number =>
  [...chosen.values()].reduce((n, keys) => n + keys.length, 0);

/** Posts a busy feed keeps of one choice: the most any key got (`_all` gets that many). */
const keptOf = (chosen: Map<string, string[]>): number =>
  [...chosen.values()].filter((keys) => keys.includes('_all')).length;

const posts = demoPosts(total, rate, seed);
const before = posts.reduce((n, p) => n + feedKeysOf(p).length, 0) / posts.length;
console.log(
  `${posts.length} demo posts at ${rate} posts/s; every feed of every post (before): ${before.toFixed(3)} items per post`,
);
const rows: Record<string, string | number>[] = [];
for (const size of [1000, 700, 500, 100, 11]) {
  let batches = 0;
  let chosenItems = 0;
  let kept = 0;
  let perExecution = 0;
  let keptPerExecution = 0;
  let executions = 0;
  for (let i = 0; i < posts.length; i += size) {
    const batch = posts.slice(i, i + size);
    const chosen = chooseFeeds(batch);
    batches += 1;
    chosenItems += itemsOf(chosen);
    kept += keptOf(chosen);
    // Were Persist to choose per execution (Enrich splits a batch by payload size).
    for (const group of splitByPayload(batch)) {
      const own = chooseFeeds(group);
      executions += 1;
      perExecution += itemsOf(own);
      keptPerExecution += keptOf(own);
    }
  }
  rows.push({
    'stream batch': size,
    'before: items/post': +before.toFixed(3),
    'after: items/post': +(chosenItems / posts.length).toFixed(3),
    'after: kept/s of a busy feed': Math.round((kept / batches) * (rate / size)),
    'per execution: items/post': +(perExecution / posts.length).toFixed(3),
    'per execution: kept/s': Math.round(
      (keptPerExecution / executions) * (rate / size) * (executions / batches),
    ),
  });
}
console.table(rows);
