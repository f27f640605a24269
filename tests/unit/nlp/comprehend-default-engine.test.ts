import {
  batchDetectSentiment,
  builtinSentimentEngine,
  lexiconEngine,
} from '../../../functions/nlp/comprehend-builtin';
import { modelSentimentEngine } from '../../../functions/nlp/engine';

describe('builtin Comprehend stand-in', () => {
  it('uses the trained model by default and keeps the lexicon as a baseline', () => {
    expect(builtinSentimentEngine).toBe(modelSentimentEngine);
    expect(builtinSentimentEngine.languages).toEqual([
      'en',
      'ar',
      'de',
      'es',
      'fr',
      'hi',
      'it',
      'pt',
    ]);
    expect(typeof lexiconEngine.classify('good').Sentiment).toBe('string');
  });

  it('answers BatchDetectSentiment with the model', () => {
    const TextList = ['not good at all', 'I love it 😍', 'Bus 42 leaves at noon'];
    const out = batchDetectSentiment({ TextList, LanguageCode: 'en' });
    expect(out.ErrorList).toEqual([]);
    expect(out.ResultList).toEqual(
      TextList.map((text, Index) => ({ Index, ...modelSentimentEngine.classify(text) })),
    );
  });

  it('rejects a language without a model', () => {
    expect(() => batchDetectSentiment({ TextList: ['こんにちは'], LanguageCode: 'ja' })).toThrow(
      expect.objectContaining({ name: 'UnsupportedLanguageException' }),
    );
  });

  it('scores each batch with the model of its LanguageCode', () => {
    const TextList = ['Das ist wirklich toll, ich liebe es!', 'Was für ein schrecklicher Tag.'];
    const out = batchDetectSentiment({ TextList, LanguageCode: 'de' });
    expect(out.ResultList).toEqual(
      TextList.map((text, Index) => ({ Index, ...modelSentimentEngine.classify(text, 'de') })),
    );
    // Not the English model's answer in disguise: the two models disagree somewhere.
    const english = batchDetectSentiment({ TextList, LanguageCode: 'en' });
    expect(english.ResultList).not.toEqual(out.ResultList);
  });
});
