/**
 * @jest-environment ./tests/setup/native-typed-arrays-environment.mjs
 */
import { join } from 'node:path';
import { createOnnxEngine, findModelFile, outputLabels } from '../../../functions/nlp/onnx-engine';
import { parseLanguageList } from '../../../functions/domain/language';
import { batchDetectSentimentAsync } from '../../../functions/nlp/comprehend-builtin';
import { writeTinyModel } from './support/tiny-onnx-model';

describe('ONNX sentiment engine (bring your own model)', () => {
  it.each(['transformers.js', 'onnxruntime'] as const)(
    'runs a tiny generated model in the %s layout',
    async (layout) => {
      const dir = writeTinyModel(layout);
      const engine = await createOnnxEngine({ modelDir: dir, languages: ['en', 'de'] });
      expect(engine.modelFile).toBe(
        join(dir, layout === 'transformers.js' ? 'onnx/model.onnx' : 'model.onnx'),
      );
      const out = await engine.classifyBatch([
        'The film is GOOD',
        'the film is awful',
        'the film',
        'good bad', // equal evidence both ways: the MIXED rule of the built-in engine applies
      ]);
      expect(out.map((r) => r.Sentiment)).toEqual(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED']);
      for (const r of out) {
        const s = r.SentimentScore;
        expect(s.Positive + s.Negative + s.Neutral + s.Mixed).toBeCloseTo(1, 6);
      }
      expect(await engine.classifyBatch([])).toEqual([]);
    },
  );

  it('feeds token_type_ids to a model that declares them, and truncates long texts', async () => {
    const dir = writeTinyModel('onnxruntime', { withTokenTypes: true });
    const engine = await createOnnxEngine({ modelDir: dir, languages: ['en'], maxLength: 4 });
    // Only [CLS] great the [SEP] is read: the "awful"s after the cut do not count.
    const [r] = await engine.classifyBatch(['great the awful awful awful']);
    expect(r?.Sentiment).toBe('POSITIVE');
  });

  it('answers BatchDetectSentiment in Comprehend’s shapes, and rejects other languages', async () => {
    const engine = await createOnnxEngine({
      modelDir: writeTinyModel('transformers.js'),
      languages: ['de'],
    });
    const out = await batchDetectSentimentAsync(
      { TextList: ['good', '', 'bad'], LanguageCode: 'de' },
      engine,
    );
    expect(out.ResultList.map((r) => [r.Index, r.Sentiment])).toEqual([
      [0, 'POSITIVE'],
      [2, 'NEGATIVE'],
    ]);
    expect(out.ErrorList).toEqual([
      expect.objectContaining({ Index: 1, ErrorCode: 'INVALID_REQUEST' }),
    ]);
    await expect(
      batchDetectSentimentAsync({ TextList: ['good'], LanguageCode: 'en' }, engine),
    ).rejects.toMatchObject({ name: 'UnsupportedLanguageException' });
  });

  it('says what is missing from a folder', () => {
    expect(() => findModelFile('/nonexistent')).toThrow(/No ONNX model in \/nonexistent/);
    expect(() => outputLabels({ 0: 'LABEL_0', 1: 'LABEL_1' })).toThrow(/id2label/);
    expect(outputLabels({ 1: 'Neutral', 0: 'NEG', 2: 'positive' })).toEqual([
      'NEGATIVE',
      'NEUTRAL',
      'POSITIVE',
    ]);
    expect(parseLanguageList(' en, de ,')).toEqual(['en', 'de']);
    expect(parseLanguageList(undefined)).toEqual(['en']);
  });
});

describe('DetectSentiment function with SentimentEngine=onnx', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('loads the model folder named by SENTIMENT_MODEL_DIR once and scores its languages', async () => {
    process.env.SENTIMENT_ENGINE = 'onnx';
    process.env.SENTIMENT_MODEL_DIR = writeTinyModel('onnxruntime');
    process.env.SENTIMENT_MODEL_LANGUAGES = 'en,pt';
    const { handler, onnxEngineFromEnv } = await import('../../../functions/nlp/detect-sentiment');
    const out = await handler({ TextList: ['great', 'awful'], LanguageCode: 'pt' });
    expect(out.ResultList.map((r) => r.Sentiment)).toEqual(['POSITIVE', 'NEGATIVE']);
    expect(onnxEngineFromEnv()).toBe(onnxEngineFromEnv());
    await expect(handler({ TextList: ['great'], LanguageCode: 'de' })).rejects.toMatchObject({
      name: 'UnsupportedLanguageException',
    });
  });
});
