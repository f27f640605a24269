/**
 * Rank lists: which counters of a ranked bucket (a `scope`, keys.ts) may be in its top, kept in
 * one StatsTable item per bucket instead of an index entry that moves on every counter update.
 * A ranked counter's update used to cost two more write units in the ByCount index (its sort key,
 * `mentions`, changed every time); a bucket's list is rewritten only when who is in it changes.
 *
 * The list holds counter pks with the mentions each had when the list was last written (a hint:
 * readers take the `k` best-hinted members and read those counters for their exact counts). A
 * member's hint is rewritten when its count has doubled or halved since, so a hint is never far
 * from the count it stands for, and the list keeps more members than the top a reader asks for
 * (its kind's `rankListCap`), so hints that lag a little do not push a true top key out.
 */

export const RANK_PK_PREFIX = 'RANK#';
export const RANK_SK = 'TOP';

export const rankListKey = (scope: string): { pk: string; sk: string } => ({
  pk: `${RANK_PK_PREFIX}${scope}`,
  sk: RANK_SK,
});

/** The sort key of a scope's counters: `TAGS#H#2026-11-22T14` -> `H#2026-11-22T14`. */
export const counterSkOfScope = (scope: string): string => scope.slice(scope.indexOf('#') + 1);

/** A rank list as stored: member pk -> hinted mentions, and a revision for conditional writes. */
export interface RankListItem {
  pk: string;
  sk: string;
  members: Record<string, number>;
  rev: number;
  expiresAt?: number;
}

const stale = (hint: number, count: number): boolean => count >= 2 * hint || 2 * count <= hint;

/**
 * The list after counters of its bucket changed: `counts` holds the exact mentions, just read, of
 * the counters that changed (0 for one that is gone). `changed` is false when the stored list
 * still says who may be in the top, which is what saves the write.
 */
export function mergeRankList(
  members: Readonly<Record<string, number>>,
  counts: ReadonlyMap<string, number>,
  cap: number,
): { members: Record<string, number>; changed: boolean } {
  const next = new Map(Object.entries(members));
  for (const [pk, count] of counts) {
    if (count > 0) next.set(pk, count);
    else next.delete(pk);
  }
  const kept = [...next]
    .sort(
      (a, b) => b[1] - a[1] || Number(b[0] in members) - Number(a[0] in members) || cmp(a[0], b[0]),
    )
    .slice(0, cap);
  // Written when who is in the list changes (a newcomer made the cut, a member left) or a
  // member's hint went stale; a newcomer below the cut changes nothing.
  const changed =
    kept.length !== Object.keys(members).length ||
    kept.some(([pk, count]) => {
      const hint = members[pk];
      return hint === undefined || stale(hint, count);
    });
  return { members: Object.fromEntries(kept), changed };
}

/** The `k` members with the best hints: the counters a reader reads for a top `k`. */
export function topMembers(members: Readonly<Record<string, number>>, k: number): string[] {
  return Object.entries(members)
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
    .slice(0, k)
    .map(([pk]) => pk);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
