import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENTIMENTS, sentimentScoreSchema } from '../../../functions/domain/post';
import {
  createModelEngine,
  decodeModel,
  loadModelEngine,
  modelSentimentEngine,
  type SentimentModelFile,
} from '../../../functions/nlp/engine';
import { findRepoRoot } from '../../../local/paths';

// The committed artifact, read the way a fresh process would see it.
const modelPath = join(findRepoRoot(), 'functions', 'nlp', 'model', 'sentiment-en.json');
const modelFile = (): SentimentModelFile =>
  JSON.parse(readFileSync(modelPath, 'utf8')) as SentimentModelFile;

const engine = loadModelEngine();
const label = (text: string): string => engine.classify(text).Sentiment;
const pPositive = (text: string): number => engine.probabilities(text).positive;
const pNegative = (text: string): number => engine.probabilities(text).negative;

const SAMPLES = [
  'I love this so much :)',
  'worst service ever, never again',
  'The council meets on Tuesday at 7pm',
  'great phone but the battery is awful',
  '',
  '😍😍😍',
  'meh',
  '#MondayBlues @work https://t.co/x',
  'a'.repeat(4000),
];

describe('built-in sentiment model', () => {
  describe('loading', () => {
    it('states the languages it supports', () => {
      expect(modelSentimentEngine.languages).toEqual([
        'en',
        'ar',
        'de',
        'es',
        'fr',
        'hi',
        'it',
        'pt',
      ]);
      expect(engine.languages).toEqual(['en']);
    });

    it('loads once and reuses the engine', () => {
      expect(loadModelEngine()).toBe(engine);
    });

    it('stays within the 5 MB artifact budget', () => {
      expect(readFileSync(modelPath).length).toBeLessThanOrEqual(5 * 1024 * 1024);
    });

    it('reproduces the probabilities recorded when the artifact was trained', () => {
      // Fails when the tokenizer or features change without retraining (npm run train:sentiment).
      const recorded = modelFile().training.probes as { text: string; probabilities: number[] }[];
      expect(recorded.length).toBeGreaterThan(0);
      for (const { text, probabilities } of recorded) {
        const p = engine.probabilities(text);
        expect([p.positive, p.negative, p.neutral]).toEqual(
          probabilities.map((x) => expect.closeTo(x, 9)),
        );
      }
    });

    it('rejects an artifact of another format or with truncated weights', () => {
      const file = modelFile();
      expect(() =>
        decodeModel({ ...file, format: 'other' } as unknown as SentimentModelFile),
      ).toThrow(/format/);
      expect(() => decodeModel({ ...file, weights: file.weights.slice(0, 1000) })).toThrow(/bytes/);
    });
  });

  describe('output', () => {
    it.each(SAMPLES)('has Comprehend shape and four probabilities summing to 1: %#', (text) => {
      const r = modelSentimentEngine.classify(text);
      expect(SENTIMENTS).toContain(r.Sentiment);
      const score = sentimentScoreSchema.strict().parse(r.SentimentScore);
      for (const p of Object.values(score)) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(score.Positive + score.Negative + score.Neutral + score.Mixed).toBeCloseTo(1, 10);
    });

    it('labels with the largest of the four scores', () => {
      for (const text of SAMPLES) {
        const { Sentiment, SentimentScore: s } = engine.classify(text);
        const byLabel = {
          POSITIVE: s.Positive,
          NEGATIVE: s.Negative,
          NEUTRAL: s.Neutral,
          MIXED: s.Mixed,
        };
        expect(byLabel[Sentiment]).toBe(Math.max(...Object.values(byLabel)));
      }
    });

    it('classifies any text, odd Unicode included, into a valid result', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
          const { Sentiment, SentimentScore: s } = engine.classify(text);
          expect(SENTIMENTS).toContain(Sentiment);
          expect(s.Positive + s.Negative + s.Neutral + s.Mixed).toBeCloseTo(1, 10);
        }),
        { numRuns: 300, seed: 42 },
      );
    });

    it('is deterministic, within an engine and across freshly loaded ones', () => {
      const fresh = createModelEngine(decodeModel(modelFile()));
      for (const text of SAMPLES) {
        const first = engine.classify(text);
        expect(engine.classify(text)).toEqual(first);
        expect(fresh.classify(text)).toEqual(first);
      }
    });
  });

  describe('what tweets contain', () => {
    it('reads clear sentiment', () => {
      expect(label('I love this, best day ever!')).toBe('POSITIVE');
      expect(label('I hate this, worst day ever')).toBe('NEGATIVE');
      expect(label('The meeting is at 3pm in room 4')).toBe('NEUTRAL');
    });

    it('does not read "not good" as positive', () => {
      expect(label('not good')).not.toBe('POSITIVE');
      expect(label('this movie is not good')).not.toBe('POSITIVE');
      expect(pNegative('not good')).toBeGreaterThan(pPositive('not good'));
      expect(pPositive('not good')).toBeLessThan(pPositive('good'));
    });

    it('gives elongated and plain words the same label', () => {
      expect(label('soooo good')).toBe(label('so good'));
      expect(label('the film was sooooo good')).toBe(label('the film was so good'));
      expect(label('GOOOOOD')).toBe(label('good'));
      expect(label('this is baaaaad')).toBe(label('this is bad'));
    });

    it('reads hashtags as words', () => {
      expect(label('#fail')).toBe('NEGATIVE');
      expect(label('my train is late again #fail')).toBe('NEGATIVE');
      expect(label('#happy')).toBe('POSITIVE');
    });

    it('treats URLs and mentions as noise', () => {
      const base = 'The meeting is at 3pm in room 4';
      expect(label(base)).toBe('NEUTRAL');
      expect(label(`${base} https://t.co/abc123`)).toBe('NEUTRAL');
      expect(label(`@bob ${base}`)).toBe('NEUTRAL');
      expect(label(`@alice @bob ${base} http://example.com/x?y=1`)).toBe('NEUTRAL');
    });

    it('lets emoticons and emoji push the polarity', () => {
      const base = 'The meeting is at 3pm';
      for (const happy of [':)', ':-D', '😍', '😊', '<3']) {
        expect(pPositive(`${base} ${happy}`)).toBeGreaterThan(pPositive(base));
      }
      for (const sad of [':(', '😡', '😢', '</3']) {
        expect(pNegative(`${base} ${sad}`)).toBeGreaterThan(pNegative(base));
      }
      expect(label(`${base} 😍`)).toBe('POSITIVE');
      expect(label(`${base} :(`)).toBe('NEGATIVE');
    });
  });
});
