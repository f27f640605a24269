import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../local/paths';

/**
 * The SemEval-2017 Task 4A tweets (2013-2016) and the fixed split used by training and evaluation.
 * The tweets stay in the shared folder; nothing here copies them into the repository.
 */

export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type Label = (typeof LABELS)[number];

export interface Example {
  id: string;
  label: Label;
  /** Class index in LABELS order. */
  y: number;
  text: string;
  file: string;
}

/** Tweets from the latest period, never trained on. */
export const VALIDATION_FILES = ['twitter-2016dev-A.tsv', 'twitter-2016devtest-A.tsv'];
/** The large 2016 test set: trained on by default, held out with --holdout-test. */
export const TEST_2016_FILES = ['twitter-2016test-A.tsv'];
export const TRAIN_FILES = [
  'twitter-2013train-A.tsv',
  'twitter-2013dev-A.tsv',
  'twitter-2013test-A.tsv',
  'twitter-2014test-A.tsv',
  'twitter-2014sarcasm-A.tsv',
  'twitter-2015train-A.tsv',
  'twitter-2015test-A.tsv',
  'twitter-2016train-A.tsv',
];

export function dataDir(): string {
  return (
    process.env.SENTIMENT_DATA_DIR ??
    join(findRepoRoot(), '..', 'shared', 'datasets', 'semeval2017-task4-A')
  );
}

/**
 * Undoes the quirks of the distributed files: the 2013 sets hold literal `\u002c` escapes and the
 * 2016 test set wraps texts in CSV quotes with doubled inner quotes and a trailing tab.
 */
export function cleanText(raw: string): string {
  let t = raw.replace(/\t+$/, '').trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1).replace(/""/g, '"');
  return t.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

export function readFile(file: string, dir = dataDir()): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const first = line.indexOf('\t');
    const second = line.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    const label = line.slice(first + 1, second).trim() as Label;
    const y = LABELS.indexOf(label);
    if (y < 0) throw new Error(`${file}: unknown label "${label}"`);
    out.push({ id: line.slice(0, first), label, y, text: cleanText(line.slice(second + 1)), file });
  }
  return out;
}

const textKey = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').trim();

/** Reads files in order, dropping tweets (by id or text) already seen or listed in `exclude`. */
export function readFiles(files: string[], exclude: Example[] = [], dir = dataDir()): Example[] {
  const ids = new Set(exclude.map((e) => e.id));
  const texts = new Set(exclude.map((e) => textKey(e.text)));
  const out: Example[] = [];
  for (const file of files) {
    for (const e of readFile(file, dir)) {
      const key = textKey(e.text);
      if (ids.has(e.id) || texts.has(key)) continue;
      ids.add(e.id);
      texts.add(key);
      out.push(e);
    }
  }
  return out;
}

export interface Split {
  train: Example[];
  validation: Example[];
  /** 2016 test when held out, else empty. */
  test: Example[];
}

export function loadSplit(holdoutTest: boolean, dir = dataDir()): Split {
  const validation = readFiles(VALIDATION_FILES, [], dir);
  const test = holdoutTest ? readFiles(TEST_2016_FILES, validation, dir) : [];
  const trainFiles = holdoutTest ? TRAIN_FILES : [...TRAIN_FILES, ...TEST_2016_FILES];
  const train = readFiles(trainFiles, [...validation, ...test], dir);
  return { train, validation, test };
}
