import type { BreakdownItem } from '../core/api.types';
import { formatCount, formatShare } from '../shared/format';
import { sentimentShares, sentimentSplitLabel, type SentimentShares } from '../shared/sentiment';
import { sourceName } from '../shared/sources';

export type BreakdownKind = 'languages' | 'sources';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "de" -> "German", "pt-BR" -> "Brazilian Portuguese", "und" -> "Unknown"; else the code. */
export function languageName(code: string): string {
  if (code === 'und' || code === '') return 'Unknown';
  try {
    return languageNames.of(code) ?? code;
  } catch {
    // Not a well-formed language tag: show it as it came.
    return code;
  }
}

export interface BreakdownRow {
  key: string;
  name: string;
  /** The code under the name (`de`), or null where the name is the key itself. */
  code: string | null;
  mentions: number;
  mentionsLabel: string;
  /** Share of all posts of the window: "45%". */
  shareLabel: string;
  shares: SentimentShares;
  barLabel: string;
}

/** The API's items (most posts first) as rows of one kind. */
export function toBreakdownRows(
  kind: BreakdownKind,
  items: readonly BreakdownItem[],
): BreakdownRow[] {
  const total = items.reduce((sum, item) => sum + item.mentions, 0);
  return items.map((item) => {
    const name = kind === 'languages' ? languageName(item.key) : sourceName(item.key);
    return {
      key: item.key,
      name,
      code: name === item.key || item.key === 'und' ? null : item.key,
      mentions: item.mentions,
      mentionsLabel: formatCount(item.mentions),
      shareLabel: formatShare(total > 0 ? item.mentions / total : 0),
      shares: sentimentShares(item),
      barLabel: sentimentSplitLabel(item),
    };
  });
}
