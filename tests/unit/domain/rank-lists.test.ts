import {
  counterSkOfScope,
  mergeRankList,
  rankListKey,
  topMembers,
} from '../../../functions/domain/rank-lists';
import { rankListCapOf } from '../../../functions/domain/counted-kinds';

/** mergeRankList with the counts just read of the counters that changed. */
const merge = (members: Record<string, number>, counts: Record<string, number>, cap = 400) =>
  mergeRankList(members, new Map(Object.entries(counts)), cap);

describe('mergeRankList', () => {
  it('lets a newcomer join a list with room, with its count as its hint', () => {
    expect(merge({ 'TAG#aws': 10 }, { 'TAG#lambda': 3 })).toEqual({
      members: { 'TAG#aws': 10, 'TAG#lambda': 3 },
      changed: true,
    });
    expect(merge({}, { 'TAG#aws': 1 })).toEqual({ members: { 'TAG#aws': 1 }, changed: true });
  });

  it('changes nothing for a member whose count moved less than 2x either way', () => {
    const members = { 'TAG#aws': 10, 'TAG#lambda': 4 };
    for (const count of [6, 9, 10, 11, 19]) {
      expect(merge(members, { 'TAG#aws': count }).changed).toBe(false);
    }
    expect(merge(members, { 'TAG#aws': 19, 'TAG#lambda': 3 }).changed).toBe(false);
  });

  it('rewrites a member whose count doubled or halved, with its count as the new hint', () => {
    const members = { 'TAG#aws': 10, 'TAG#lambda': 4 };
    expect(merge(members, { 'TAG#aws': 20 })).toEqual({
      members: { 'TAG#aws': 20, 'TAG#lambda': 4 },
      changed: true,
    });
    expect(merge(members, { 'TAG#aws': 5 })).toEqual({
      members: { 'TAG#aws': 5, 'TAG#lambda': 4 },
      changed: true,
    });
    expect(merge(members, { 'TAG#lambda': 1 }).changed).toBe(true);
  });

  it('takes a counter at 0 (gone) out of the list, and ignores one that was not in it', () => {
    expect(merge({ 'TAG#aws': 10, 'TAG#lambda': 4 }, { 'TAG#lambda': 0 })).toEqual({
      members: { 'TAG#aws': 10 },
      changed: true,
    });
    expect(merge({ 'TAG#aws': 10 }, { 'TAG#gone': 0 })).toEqual({
      members: { 'TAG#aws': 10 },
      changed: false,
    });
  });

  describe('at the cap', () => {
    const full = { 'TAG#a': 10, 'TAG#b': 8, 'TAG#c': 6 };

    it('changes nothing for a newcomer below the lowest member, nor one tied with it', () => {
      expect(merge(full, { 'TAG#d': 2 }, 3)).toEqual({ members: full, changed: false });
      expect(merge(full, { 'TAG#d': 6 }, 3)).toEqual({ members: full, changed: false });
    });

    it('lets a newcomer above the lowest member in and that member out', () => {
      expect(merge(full, { 'TAG#d': 7 }, 3)).toEqual({
        members: { 'TAG#a': 10, 'TAG#b': 8, 'TAG#d': 7 },
        changed: true,
      });
    });

    it('drops a member that fell below a newcomer even when its own hint still holds', () => {
      // 4 is within 2x of 6: not rewritten on its own, but `d` now ranks above it.
      expect(merge(full, { 'TAG#c': 4, 'TAG#d': 5 }, 3)).toEqual({
        members: { 'TAG#a': 10, 'TAG#b': 8, 'TAG#d': 5 },
        changed: true,
      });
    });

    it("keeps its kind's cap: more than the largest top K its route reads by default", () => {
      expect(rankListCapOf('TAGS#H#2026-11-22T14')).toBeGreaterThan(3 * 100); // limit <= 100
      expect(rankListCapOf('LOCS#ALL')).toBeGreaterThan(3 * 500); // the map's default limit
      expect(() => rankListCapOf('TERMS#ALL')).toThrow(/No ranked kind/);
      const cap = rankListCapOf('TAGS#ALL');
      const members = Object.fromEntries(
        Array.from({ length: cap }, (_, i) => [`TAG#t${i}`, 1000 + i]),
      );
      const out = merge(members, { 'TAG#new': 5000 }, cap);
      expect(out.changed).toBe(true);
      expect(Object.keys(out.members)).toHaveLength(cap);
      expect(out.members['TAG#new']).toBe(5000);
      expect(out.members['TAG#t0']).toBeUndefined();
    });
  });
});

describe('topMembers', () => {
  it('orders by hint, highest first, then by pk, and keeps k', () => {
    const members = { 'TAG#b': 5, 'TAG#a': 5, 'TAG#c': 9, 'TAG#d': 1 };
    expect(topMembers(members, 3)).toEqual(['TAG#c', 'TAG#a', 'TAG#b']);
    expect(topMembers(members, 10)).toEqual(['TAG#c', 'TAG#a', 'TAG#b', 'TAG#d']);
    expect(topMembers({}, 5)).toEqual([]);
  });
});

describe('counterSkOfScope and rankListKey', () => {
  it.each([
    ['TAGS#ALL', 'ALL'],
    ['TAGS#D#2026-11-22', 'D#2026-11-22'],
    ['TAGS#H#2026-11-22T14', 'H#2026-11-22T14'],
    ['LOCS#F#2026-11-22T14:05', 'F#2026-11-22T14:05'],
  ])('%s: counters have sort key %s', (scope, sk) => {
    expect(counterSkOfScope(scope)).toBe(sk);
  });

  it('keys a bucket list RANK#<scope> / TOP', () => {
    expect(rankListKey('TAGS#H#2026-11-22T14')).toEqual({
      pk: 'RANK#TAGS#H#2026-11-22T14',
      sk: 'TOP',
    });
  });
});
