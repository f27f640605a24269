import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadModelEngine } from '../../../functions/nlp/engine';
import { findRepoRoot } from '../../../local/paths';
import { writeTinyModel } from './support/tiny-onnx-model';

/** `npm run classify` as a user runs it: one text per line in, one label per line out. */
const root = findRepoRoot();
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = (input: string, ...args: string[]) =>
  spawnSync(tsx, [join(root, 'scripts', 'sentiment', 'classify.ts'), ...args], {
    input,
    encoding: 'utf8',
    cwd: root,
  });

const GERMAN = ['Ich liebe diesen Film, er ist wunderbar!', 'Das war ein furchtbarer Tag.'];

describe('npm run classify', () => {
  it('--lang de scores every line with the German model, in order', () => {
    const out = run(`${GERMAN.join('\n')}\n\n`, '--lang', 'de');
    expect(out.status).toBe(0);
    const expected = GERMAN.map((t) => loadModelEngine('de').classify(t).Sentiment);
    expect(out.stdout).toBe(`${[...expected, 'NEUTRAL'].join('\n')}\n`);
    expect(out.stderr).toMatch(/classified 3 lines \(de 2, blank 1\)/);
  });

  it('detects each line’s language without --lang and leaves unmodelled ones unscored', () => {
    const lines = [
      GERMAN[0]!,
      'I really love this new phone, it is great',
      '今日はとても良い天気ですね。',
    ];
    const out = run(`${lines.join('\n')}\n`);
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n').slice(0, 3)).toEqual([
      loadModelEngine('de').classify(lines[0]!).Sentiment,
      loadModelEngine('en').classify(lines[1]!).Sentiment,
      'NEUTRAL',
    ]);
    expect(out.stderr).toMatch(/de 1, en 1, not scored 1/);
  });

  it('refuses a --lang without a model', () => {
    const out = run('x\n', '--lang', 'ja');
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/no built-in model for --lang ja/);
  });

  it('--model-dir scores with a user ONNX model (SentimentEngine=onnx), offline', () => {
    const dir = writeTinyModel('transformers.js');
    const out = run('good film\nawful film\nthe film\n', '--model-dir', dir, '--lang', 'en');
    expect(out.stderr).toMatch(/classified 3 lines \(en 3\)/);
    expect(out.stdout).toBe('POSITIVE\nNEGATIVE\nNEUTRAL\n');
    expect(run('good\n', '--model-dir', dir, '--lang', 'de').stderr).toMatch(
      /no ONNX model for --lang de; models: en/,
    );
  });
});
