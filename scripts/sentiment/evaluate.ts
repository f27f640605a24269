/**
 * Scores the built-in engine on the validation data of all eight languages: English against three
 * lexicon baselines on 2016 dev + devtest, then the seven UMSAB languages on their val splits.
 *
 *   npm run eval:sentiment                       # the committed model
 *   npm run eval:sentiment -- --model=.data/sentiment-holdout-test.json --test
 *
 * --test also scores the 2016 test set; it refuses to when the model was trained on it.
 *
 * Lexicon baselines are mapped to three classes by the sign of their score, with each library's
 * own neutral band: wink-sentiment normalizedScore > 0 POSITIVE, < 0 NEGATIVE, 0 NEUTRAL; AFINN
 * (`sentiment`) score the same; VADER compound >= 0.05 POSITIVE, <= -0.05 NEGATIVE, else NEUTRAL
 * (the thresholds VADER's authors recommend).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import winkSentiment from 'wink-sentiment';
import { findRepoRoot } from '../../local/paths';
import type { SentimentModelFile } from '../../functions/nlp/engine/model';
import { evaluateFile } from './artifact';
import { LABELS, readFiles, TEST_2016_FILES, VALIDATION_FILES, type Example } from './data';
import { fmt, score, type Scores } from './metrics';
import { readUmsab, UMSAB_LANGUAGES } from './umsab';

const NEG = LABELS.indexOf('negative');
const NEU = LABELS.indexOf('neutral');
const POS = LABELS.indexOf('positive');

const bySign = (x: number, band = 0): number => (x > band ? POS : x < -band ? NEG : NEU);

const afinn = new Sentiment();

const baselines: Record<string, (text: string) => number> = {
  'wink-sentiment': (t) => bySign(winkSentiment(t).normalizedScore),
  'AFINN (sentiment)': (t) => bySign(afinn.analyze(t).score),
  'VADER (vader-sentiment)': (t) =>
    bySign(vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, 0.05 - 1e-12),
};

function row(name: string, s: Scores, extra = ''): string {
  return `${name.padEnd(26)} ${fmt(s.macroRecall).padStart(12)} ${fmt(s.accuracy).padStart(9)} ${fmt(s.macroF1).padStart(9)}  ${s.recall.map(fmt).join(' / ')}${extra}`;
}

function report(title: string, examples: Example[], file: SentimentModelFile): void {
  const gold = examples.map((e) => e.y);
  const counts = LABELS.map((l, k) => `${l} ${gold.filter((g) => g === k).length}`).join(', ');
  console.log(`\n${title}: ${examples.length} tweets (${counts})`);
  console.log(
    `${'engine'.padEnd(26)} ${'macro-recall'.padStart(12)} ${'accuracy'.padStart(9)} ${'macro-F1'.padStart(9)}  recall neg / neu / pos`,
  );
  const t0 = process.hrtime.bigint();
  const mine = evaluateFile(file, examples);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(row('built-in model', mine, `  (MIXED ${mine.mixed}, ${ms.toFixed(0)} ms)`));
  for (const [name, predict] of Object.entries(baselines)) {
    console.log(
      row(
        name,
        score(
          gold,
          examples.map((e) => predict(e.text)),
        ),
      ),
    );
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const root = findRepoRoot();
  const modelArg = args.find((a) => a.startsWith('--model='))?.slice('--model='.length);
  const modelPath = modelArg
    ? resolve(modelArg)
    : join(root, 'functions', 'nlp', 'model', 'sentiment-en.json');
  const file = JSON.parse(readFileSync(modelPath, 'utf8')) as SentimentModelFile;
  console.log(`model: ${modelPath}`);
  const validation = readFiles(VALIDATION_FILES);
  report('Validation (2016 dev + devtest, never trained on)', validation, file);
  if (args.includes('--test')) {
    if (file.training.heldOut2016Test !== true) {
      console.error(
        '\nThis model was trained on 2016 test; train with --holdout-test to score it.',
      );
      process.exitCode = 1;
      return;
    }
    report('2016 test (held out from this model)', readFiles(TEST_2016_FILES, validation), file);
  }
  reportUmsab(root);
}

/** The seven UMSAB languages, each through its own committed model, on its val split. */
function reportUmsab(root: string): void {
  console.log('\nValidation, UMSAB val splits (never trained on), one model per language:');
  console.log(
    `${'language'.padEnd(9)} ${'n'.padStart(4)} ${'macro-F1'.padStart(9)} ${'macro-recall'.padStart(12)} ${'accuracy'.padStart(9)}  recall neg / neu / pos`,
  );
  let f1 = 0;
  let recall = 0;
  for (const language of UMSAB_LANGUAGES) {
    const path = join(root, 'functions', 'nlp', 'model', `sentiment-${language}.json`);
    const model = JSON.parse(readFileSync(path, 'utf8')) as SentimentModelFile;
    const s = evaluateFile(model, readUmsab(language, 'val'));
    f1 += s.macroF1;
    recall += s.macroRecall;
    console.log(
      `${language.padEnd(9)} ${String(s.n).padStart(4)} ${fmt(s.macroF1).padStart(9)} ${fmt(s.macroRecall).padStart(12)} ${fmt(s.accuracy).padStart(9)}  ${s.recall.map(fmt).join(' / ')}  (MIXED ${s.mixed})`,
    );
  }
  const n = UMSAB_LANGUAGES.length;
  console.log(
    `${'mean'.padEnd(9)} ${''.padStart(4)} ${fmt(f1 / n).padStart(9)} ${fmt(recall / n).padStart(12)}`,
  );
}

main();
