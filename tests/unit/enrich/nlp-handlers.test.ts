import { handler as detectLanguage } from '../../../functions/nlp/detect-language';
import { handler as detectSentiment } from '../../../functions/nlp/detect-sentiment';
import languageEvent from '../../../events/nlp/detect-language.json';
import sentimentEvent from '../../../events/nlp/detect-sentiment.json';

describe('builtin Comprehend functions', () => {
  it("answer the sample language event in Comprehend's shape", async () => {
    const out = await detectLanguage(languageEvent);
    expect(out.ErrorList).toEqual([]);
    expect(out.ResultList).toHaveLength(languageEvent.TextList.length);
    expect(out.ResultList[0]).toEqual({
      Index: 0,
      Languages: expect.arrayContaining([{ LanguageCode: 'en', Score: expect.any(Number) }]),
    });
  });

  it("answer the sample sentiment event in Comprehend's shape", async () => {
    const out = await detectSentiment(sentimentEvent);
    expect(out.ResultList).toHaveLength(sentimentEvent.TextList.length);
    // Which class is the engine's business (it has its own tests); the shape is ours.
    expect(out.ResultList[1]).toEqual({
      Index: 1,
      Sentiment: expect.stringMatching(/^(POSITIVE|NEGATIVE|NEUTRAL|MIXED)$/),
      SentimentScore: {
        Positive: expect.any(Number),
        Negative: expect.any(Number),
        Neutral: expect.any(Number),
        Mixed: expect.any(Number),
      },
    });
  });

  it('report bad documents per index', async () => {
    const out = await detectSentiment({ TextList: ['fine', '  '], LanguageCode: 'en' });
    expect(out.ErrorList).toEqual([
      expect.objectContaining({ Index: 1, ErrorCode: 'INVALID_REQUEST' }),
    ]);
  });

  it('throw errors named like Comprehend so Retry/Catch match in both modes', async () => {
    await expect(detectSentiment({ TextList: ['hola'], LanguageCode: 'xx' })).rejects.toMatchObject(
      {
        name: 'UnsupportedLanguageException',
      },
    );
    await expect(detectLanguage({ TextList: [] })).rejects.toMatchObject({
      name: 'BatchSizeLimitExceededException',
    });
    await expect(detectLanguage({})).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });
});
