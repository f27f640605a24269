import {
  batchDetectSentiment,
  builtinSentimentEngine,
  lexiconEngine,
} from '../../../functions/nlp/comprehend-builtin';
import { modelSentimentEngine } from '../../../functions/nlp/engine';

describe('builtin Comprehend stand-in', () => {
  it('uses the trained model by default and keeps the lexicon as a baseline', () => {
    expect(builtinSentimentEngine).toBe(modelSentimentEngine);
    expect(builtinSentimentEngine.languages).toEqual(['en']);
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

  it('rejects a language the model does not support', () => {
    expect(() => batchDetectSentiment({ TextList: ['hola'], LanguageCode: 'es' })).toThrow(
      expect.objectContaining({ name: 'UnsupportedLanguageException' }),
    );
  });
});
