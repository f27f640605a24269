/**
 * One row per fault scenario: posts sent, stored, counted (three ways), dead-lettered, lost and
 * counted twice, measured against a baseline taken before the scenario, so scenarios can share
 * a stack. Only behaviour is read (see measure.ts), never how Persist keeps count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../../local/paths';
import { expectedFrom, type Counts } from '../../integration/support/known-posts';
import {
  allTimelineMentions,
  deadLetters,
  getStats,
  hashtagCounts,
  storedIds,
  type DeadLetter,
  type StackView,
  type StatsBody,
} from './measure';
import { archivedIds } from './archive';
import type { ScenarioPosts } from './posts';

export interface Baseline {
  stats: StatsBody;
  dlqMessageIds: Set<string>;
}

export async function baseline(view: StackView): Promise<Baseline> {
  const [stats, dlq] = await Promise.all([getStats(view), deadLetters(view)]);
  return { stats, dlqMessageIds: new Set(dlq.map((d) => d.messageId)) };
}

export interface Row {
  scenario: string;
  seed: number;
  /** The faults that actually happened (not only the ones planned). */
  faults: string;
  /** Distinct posts sent, and Kinesis records put (duplicates included). */
  sent: number;
  records: number;
  stored: number;
  /** GET /stats `posts`, minus the baseline. */
  counted: number;
  /** Sum of the `_all` minute timeline over the scenario's minutes. */
  timeline: number;
  /** Every hashtag's counts as expected from the known posts. */
  hashtagsExact: boolean;
  /** Distinct posts named by the scenario's new dead letters. */
  dlq: number;
  dlqWithoutReason: number;
  /** Sent posts neither stored nor in the DLQ. */
  lost: number;
  /** Counted minus the posts that can have been counted (stored ones). */
  countedTwice: number;
  /** Stored posts, not dead-lettered by the enrichment, that are not counted. */
  uncounted: number;
  /** Counted without a sentiment (GET /stats `failed` + `unsupported`, minus the baseline). */
  noSentiment: number;
  /** Distinct sent posts in the corpus (the archive); must equal `counted`. */
  archived: number;
}

export interface Measured {
  row: Row;
  deadLetters: DeadLetter[];
  /** Per hashtag: [expected, got]; only the tags that differ. */
  hashtagDiffs: Record<string, [Counts, Counts]>;
}

const COUNT_KEYS = ['mentions', 'positive', 'negative', 'neutral', 'mixed'] as const;

/**
 * Polls GET /stats and the DLQ until each of the scenario's posts is counted or dead-lettered, or
 * nothing changed for `stallMs` (some got lost or stuck), then until `activity()` (e.g. the stack's invocation
 * counters) has not changed for `quietMs`: a retry still under way could otherwise count a post
 * twice after the measurement.
 */
export async function waitForScenario(
  view: StackView,
  base: Baseline,
  posts: number,
  activity: () => Promise<string> | string,
  opts: { stallMs?: number; quietMs?: number; budgetMs?: number } = {},
): Promise<void> {
  const stallMs = opts.stallMs ?? 30_000;
  const quietMs = opts.quietMs ?? 2500;
  const deadline = Date.now() + (opts.budgetMs ?? 180_000);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // A failed read (the API meeting an injected fault) is a read with no news, not an error.
  let lastPosts = base.stats.posts;
  const posted = async (): Promise<number> => {
    try {
      lastPosts = (await getStats(view)).posts;
    } catch {
      // keep the last figure
    }
    return lastPosts;
  };
  let last = -1;
  let changedAt = Date.now();
  for (;;) {
    // A dead-lettered post is settled too (it is not counted, or was before its batch failed).
    const dead = await deadLetters(view, base.dlqMessageIds).then(
      (d) => new Set(d.flatMap((l) => l.postIds)).size,
      () => 0,
    );
    const counted = (await posted()) - base.stats.posts + dead;
    if (counted !== last) {
      last = counted;
      changedAt = Date.now();
    }
    if (counted >= posts || Date.now() - changedAt > stallMs || Date.now() > deadline) break;
    await sleep(500);
  }
  let signature = `${await activity()}|${await posted()}`;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs && Date.now() < deadline) {
    await sleep(500);
    const now = `${await activity()}|${await posted()}`;
    if (now !== signature) {
      signature = now;
      quietSince = Date.now();
    }
  }
}

/** Measures the scenario against its baseline. */
export async function measureScenario(
  view: StackView,
  posts: ScenarioPosts,
  base: Baseline,
  info: { scenario: string; seed: number; faults: string; records: number },
): Promise<Measured> {
  const sentIds = new Set(posts.specs.map((s) => s.postId));
  const [stats, stored, timeline, tags, letters, archived] = await Promise.all([
    getStats(view),
    storedIds(view, sentIds),
    allTimelineMentions(view, posts.minutes.from, posts.minutes.to),
    hashtagCounts(view, posts.tags),
    deadLetters(view, base.dlqMessageIds),
    archivedIds(view, sentIds),
  ]);
  const dlqIds = new Set(letters.flatMap((d) => d.postIds).filter((id) => sentIds.has(id)));
  const enrichDlq = new Set(
    letters
      .filter((d) => d.kind === 'dynamodb-batch')
      .flatMap((d) => d.postIds)
      .filter((id) => stored.has(id)),
  );
  const counted = stats.posts - base.stats.posts;
  const lost = [...sentIds].filter((id) => !stored.has(id) && !dlqIds.has(id)).length;
  // A post the enrichment dead-lettered may or may not have been counted before it gave up.
  const mustCount = posts.specs.filter((s) => stored.has(s.postId) && !enrichDlq.has(s.postId));
  const mayCount = posts.specs.filter((s) => stored.has(s.postId));
  const noSentiment =
    stats.failed - base.stats.failed + (stats.unsupported - base.stats.unsupported);

  const low = expectedFrom(mustCount).hashtags;
  const high = expectedFrom(mayCount).hashtags;
  const hashtagDiffs: Record<string, [Counts, Counts]> = {};
  for (const tag of posts.tags) {
    const zero = { mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 };
    const lo = low.get(tag) ?? zero;
    const hi = high.get(tag) ?? zero;
    const got = tags.get(tag) ?? zero;
    const ok = COUNT_KEYS.every((k) => {
      // Posts counted without sentiment lower the sentiment counts, never the mentions.
      const floor = k === 'mentions' || noSentiment === 0 ? lo[k] : 0;
      return got[k] >= floor && got[k] <= hi[k];
    });
    if (!ok) hashtagDiffs[tag] = [pick(hi), pick(got)];
  }

  const row: Row = {
    scenario: info.scenario,
    seed: info.seed,
    faults: info.faults,
    sent: sentIds.size,
    records: info.records,
    stored: stored.size,
    counted,
    timeline,
    hashtagsExact: Object.keys(hashtagDiffs).length === 0,
    dlq: dlqIds.size,
    dlqWithoutReason: letters.filter((d) => !d.reason.trim()).length,
    lost,
    countedTwice: Math.max(0, counted - mayCount.length, timeline - mayCount.length),
    uncounted: Math.max(0, mustCount.length - counted, mustCount.length - timeline),
    noSentiment,
    archived: archived.size,
  };
  return { row, deadLetters: letters, hashtagDiffs };
}

const pick = (c: Counts): Counts => ({
  mentions: c.mentions,
  positive: c.positive,
  negative: c.negative,
  neutral: c.neutral,
  mixed: c.mixed,
});

/** The figures a scenario must end with; compared as one object so a failure shows them all. */
export function verdict(m: Measured): Record<string, unknown> {
  const { row } = m;
  return {
    lost: row.lost,
    countedTwice: row.countedTwice,
    uncounted: row.uncounted,
    countedAgreesWithTimeline: row.counted === row.timeline,
    archivedEqualsCounted: row.archived === row.counted,
    hashtagDiffs: m.hashtagDiffs,
    dlqWithoutReason: row.dlqWithoutReason,
  };
}

export const PASSING_VERDICT = {
  lost: 0,
  countedTwice: 0,
  uncounted: 0,
  countedAgreesWithTimeline: true,
  archivedEqualsCounted: true,
  hashtagDiffs: {},
  dlqWithoutReason: 0,
};

const HEADER = [
  'scenario',
  'seed',
  'faults that happened',
  'sent',
  'records',
  'stored',
  'counted (/stats)',
  'counted (_all timeline)',
  'hashtags exact',
  'in DLQ',
  'lost',
  'counted twice',
  'uncounted',
  'no sentiment',
  'archived (distinct ids)',
];

export function tableRow(r: Row): string {
  const cells = [
    r.scenario,
    r.seed,
    r.faults,
    r.sent,
    r.records,
    r.stored,
    r.counted,
    r.timeline,
    r.hashtagsExact ? 'yes' : 'NO',
    r.dlq,
    r.lost,
    r.countedTwice,
    r.uncounted,
    r.noSentiment,
    r.archived,
  ];
  return `| ${cells.join(' | ')} |`;
}

export function table(rows: readonly Row[]): string {
  return [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...rows.map(tableRow),
  ].join('\n');
}

/** Writes the table to test-artifacts/faults.md (CI keeps it) and returns the path. */
export function writeArtifact(rows: readonly Row[], note: string): string {
  const dir = join(findRepoRoot(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'faults.md');
  writeFileSync(
    file,
    `# Fault-injection suite (npm run test:faults)\n\n${note}\n\n${table(rows)}\n\n` +
      'lost = sent posts neither stored nor in the DLQ; counted twice = counted - stored; ' +
      'uncounted = stored posts (not dead-lettered by the enrichment) that no aggregate counts; ' +
      'archived = distinct sent post ids in the corpus (Parquet), which must equal counted.\n',
  );
  return file;
}
