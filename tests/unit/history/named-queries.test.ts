import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bindValues,
  countPlaceholders,
  distinctParams,
  parseNamedQuery,
  sqlBody,
  sqlStringLiteral,
} from '../../../functions/domain/named-queries';
import { NAMED_QUERIES } from '../../../functions/history/catalog';
import { findRepoRoot } from '../../../local/paths';

const dir = join(findRepoRoot(), 'functions', 'history', 'queries');

describe('named queries', () => {
  it('the catalog the History function bundles names every file of functions/history/queries', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.slice(0, -4))
      .sort();
    expect([...NAMED_QUERIES.keys()].sort()).toEqual(files);
    for (const name of files) {
      expect(NAMED_QUERIES.get(name)!.sql).toBe(readFileSync(join(dir, `${name}.sql`), 'utf8'));
    }
  });

  it('each says what it answers and which parameters it takes', () => {
    for (const q of NAMED_QUERIES.values()) {
      expect(q.description.length).toBeGreaterThan(20);
      expect(q.params).toEqual(expect.arrayContaining(['from', 'to']));
    }
    expect(distinctParams(NAMED_QUERIES.get('co-occurring-hashtags')!)).toEqual([
      'tag',
      'from',
      'to',
    ]);
    expect(NAMED_QUERIES.get('top-hashtags-per-day')!.params).toEqual(['from', 'to']);
  });

  it('parses the header and checks it against the placeholders', () => {
    const q = parseNamedQuery(
      'x-y',
      "-- What.\n-- params: tag, from\nSELECT '?' , ? -- ?\nFROM t WHERE a = ?\n",
    );
    expect(q).toMatchObject({ name: 'x-y', description: 'What.', params: ['tag', 'from'] });
    expect(countPlaceholders(q.sql)).toBe(2);
    expect(() => parseNamedQuery('x', '-- params: tag\nSELECT 1')).toThrow(/0 placeholders but 1/);
    expect(() => parseNamedQuery('x', '-- params: who\nSELECT ?')).toThrow(
      /unknown parameter "who"/,
    );
    expect(() => parseNamedQuery('Bad Name', 'SELECT 1')).toThrow(/kebab-case/);
  });

  it('binds values in placeholder order and quotes them for Athena so none ends its literal', () => {
    const q = NAMED_QUERIES.get('co-occurring-hashtags')!;
    expect(bindValues(q, { tag: 'aws', from: '2026-11-01', to: '2026-11-02' })).toEqual([
      'aws',
      '2026-11-01',
      '2026-11-02',
      'aws',
    ]);
    expect(() => bindValues(q, { from: 'a', to: 'b' })).toThrow(/needs the parameter tag/);
    expect(sqlStringLiteral("o'brien")).toBe("'o''brien'");
    expect(sqlStringLiteral("'); DROP TABLE x; --")).toBe("'''); DROP TABLE x; --'");
  });

  it('keeps the statement without its leading comments for the view definition', () => {
    expect(sqlBody('-- a\n-- b\nSELECT 1\n-- c\n')).toBe('SELECT 1\n-- c');
  });
});
