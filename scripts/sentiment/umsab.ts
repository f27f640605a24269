import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../local/paths';
import { LABELS, type Example } from './data';

/**
 * The UMSAB tweets (XLM-T's multilingual benchmark) for the seven languages beyond English. Labels
 * are 0 negative, 1 neutral, 2 positive: the same order as LABELS. Only train and val are shared
 * with the project; the test splits are the reviewers' held-out evaluation.
 */

export const UMSAB_FOLDERS = {
  ar: 'arabic',
  de: 'german',
  es: 'spanish',
  fr: 'french',
  hi: 'hindi',
  it: 'italian',
  pt: 'portuguese',
} as const;
export type UmsabLanguage = keyof typeof UMSAB_FOLDERS;
export const UMSAB_LANGUAGES = Object.keys(UMSAB_FOLDERS) as UmsabLanguage[];

export function umsabDir(): string {
  return (
    process.env.UMSAB_DATA_DIR ??
    join(findRepoRoot(), '..', 'shared', 'datasets', 'umsab-multilingual')
  );
}

export function readUmsab(
  lang: UmsabLanguage,
  split: 'train' | 'val',
  dir = umsabDir(),
): Example[] {
  const folder = join(dir, UMSAB_FOLDERS[lang]);
  const file = `${split}_text.txt`;
  // A text line can hold a stray carriage return but never a newline: lines pair one to one.
  const texts = readFileSync(join(folder, file), 'utf8').split('\n');
  const labels = readFileSync(join(folder, `${split}_labels.txt`), 'utf8').split('\n');
  const out: Example[] = [];
  labels.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const y = Number(raw.trim());
    const label = LABELS[y];
    if (label === undefined) throw new Error(`${folder}/${split}_labels.txt:${i + 1}: bad label`);
    out.push({ id: `${lang}-${split}-${i}`, label, y, text: (texts[i] ?? '').trim(), file });
  });
  return out;
}
