import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../../local/paths';
import { COMPREHEND_SENTIMENT_LANGUAGES } from '../../../functions/domain/language';
import { SCORED_LANGUAGES } from '../../../frontend/src/app/shared/sentiment';
import {
  loadModelEngine,
  MODEL_LANGUAGES,
  type SentimentModelFile,
} from '../../../functions/nlp/engine';

const modelDir = join(findRepoRoot(), 'functions', 'nlp', 'model');
const artifact = (code: string): string => join(modelDir, `sentiment-${code}.json`);

describe('per-language artifacts', () => {
  it.each(MODEL_LANGUAGES)('%s has an artifact that says it is for %s', (code) => {
    const file = JSON.parse(readFileSync(artifact(code), 'utf8')) as SentimentModelFile;
    expect(file.languages).toEqual([code]);
  });

  it('keeps all models together within the Lambda budget', () => {
    const total = MODEL_LANGUAGES.reduce((s, code) => s + statSync(artifact(code)).size, 0);
    expect(total).toBeLessThanOrEqual(12 * 1024 * 1024);
  });

  it('decodes a model only when its language is first asked for, then reuses it', async () => {
    await jest.isolateModulesAsync(async () => {
      // A fresh module registry: no model decoded yet.
      const engine = await import('../../../functions/nlp/engine');
      expect(engine.loadedModelLanguages()).toEqual([]);
      engine.modelSentimentEngine.classify('Das Essen war ausgezeichnet', 'de');
      expect(engine.loadedModelLanguages()).toEqual(['de']);
      const de = engine.loadModelEngine('de');
      engine.modelSentimentEngine.classify('Que dia lindo', 'pt');
      expect(engine.loadModelEngine('de')).toBe(de);
      expect(engine.loadedModelLanguages().sort()).toEqual(['de', 'pt']);
    });
  });

  it('refuses a language without a model', () => {
    expect(() => loadModelEngine('ja')).toThrow(/No built-in sentiment model for language "ja"/);
  });

  it.each([
    ['de', 'Ich liebe diesen Film, er ist wunderbar!', 'POSITIVE'],
    ['es', 'Qué asco de día, odio todo esto', 'NEGATIVE'],
    ['fr', "C'est vraiment génial, j'adore !", 'POSITIVE'],
    ['it', 'Che schifo, odio questa giornata', 'NEGATIVE'],
    ['pt', 'Que tristeza, odeio quando isso acontece', 'NEGATIVE'],
  ])('the %s model reads an obvious post: %s', (code, text, expected) => {
    expect(loadModelEngine(code).classify(text).Sentiment).toBe(expected);
  });

  it('the dashboard legend names the languages each engine scores', () => {
    expect(SCORED_LANGUAGES.builtin).toEqual([...MODEL_LANGUAGES]);
    expect(SCORED_LANGUAGES.comprehend).toEqual([...COMPREHEND_SENTIMENT_LANGUAGES]);
  });
});
