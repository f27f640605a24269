import { breakdownItem } from '../../testing/fixtures';
import { languageName, toBreakdownRows } from './breakdown-rows';

describe('breakdown rows', () => {
  it('names languages in English, with their code beside', () => {
    expect(languageName('de')).toBe('German');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
    expect(languageName('und')).toBe('Unknown');
    expect(languageName('not a tag!')).toBe('not a tag!');
    const rows = toBreakdownRows('languages', [
      breakdownItem('en', { mentions: 30 }),
      breakdownItem('und', { mentions: 10 }),
    ]);
    expect(rows.map((r) => [r.name, r.code])).toEqual([
      ['English', 'en'],
      ['Unknown', null],
    ]);
  });

  it('names sources as people know them, Reddit included, and keeps an unknown key', () => {
    const rows = toBreakdownRows('sources', [
      breakdownItem('bsky'),
      breakdownItem('reddit'),
      breakdownItem('x'),
      breakdownItem('mastodon'),
    ]);
    expect(rows.map((r) => [r.name, r.code])).toEqual([
      ['Bluesky', 'bsky'],
      ['Reddit', 'reddit'],
      ['X', 'x'],
      ['mastodon', null],
    ]);
  });

  it("gives each item its share of the window's posts and its sentiment split", () => {
    const [first, second] = toBreakdownRows('sources', [
      breakdownItem('reddit', { mentions: 30, positive: 6, negative: 12, neutral: 12, mixed: 0 }),
      breakdownItem('x', { mentions: 10, positive: 0, negative: 0, neutral: 0, mixed: 0 }),
    ]);
    expect(first).toMatchObject({
      mentionsLabel: '30',
      shareLabel: '75%',
      shares: { positive: 0.2, negative: 0.4, neutral: 0.4, mixed: 0 },
      barLabel: '20% positive, 40% neutral, 40% negative',
    });
    expect(second).toMatchObject({ shareLabel: '25%', barLabel: 'No sentiment yet' });
  });
});
