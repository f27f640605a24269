import { aggregate } from '../../../functions/domain/aggregate';
import { mergeSentiments, plan, prepare } from '../../../functions/domain/enrich-steps';
import type { WorkPost } from '../../../functions/domain/workflow';
import { supportedLanguages } from '../../../functions/enrich/plan';
import {
  batchDetectDominantLanguage,
  batchDetectSentiment,
} from '../../../functions/nlp/comprehend-builtin';
import { loadModelEngine } from '../../../functions/nlp/engine';

const post = (id: string, text: string): WorkPost => ({
  id,
  source: 'demo',
  text,
  createdAt: '2026-11-22T14:07:00.000Z',
  author: { id: 'a' },
  hashtags: [],
  cashtags: [],
});

/** The builtin workflow end to end, without Step Functions: detect, plan, score, merge, count. */
function runWorkflow(posts: WorkPost[]) {
  const prepared = prepare(posts);
  const languageResults = prepared.languageBatches.map((b) =>
    batchDetectDominantLanguage({ TextList: b.texts }),
  );
  const planned = plan({ ...prepared, languageResults }, supportedLanguages('builtin'));
  const sentimentResults = planned.sentimentBatches.map((b) =>
    batchDetectSentiment({ TextList: b.texts, LanguageCode: b.LanguageCode }),
  );
  const enriched = mergeSentiments({ ...planned, sentimentResults });
  return { planned, enriched, totals: aggregate(enriched, 0).totals };
}

describe('builtin engine: languages are routed to their models', () => {
  const german = 'Ich freue mich so sehr auf das Wochenende, das Wetter ist einfach herrlich!';
  const japanese = '今日はとても良い天気ですね。週末が楽しみです。';
  const english = 'I really love this new phone, the camera is amazing!';

  it('scores a German post with the German model', () => {
    const { planned, enriched } = runWorkflow([post('de', german), post('en', english)]);
    expect(planned.sentimentBatches.map((b) => [b.LanguageCode, b.ids])).toEqual(
      expect.arrayContaining([
        ['de', ['de']],
        ['en', ['en']],
      ]),
    );
    const scored = enriched.find((p) => p.id === 'de')!;
    expect(scored).toMatchObject({ lang: 'de', enrichStatus: 'OK' });
    expect(scored.sentiment).toBe(loadModelEngine('de').classify(german).Sentiment);
    expect(scored.sentimentScore).toEqual(loadModelEngine('de').classify(german).SentimentScore);
  });

  it('leaves a language without a model unscored and counts it as such', () => {
    const { planned, enriched, totals } = runWorkflow([post('ja', japanese), post('de', german)]);
    expect(planned.sentimentBatches.map((b) => b.LanguageCode)).toEqual(['de']);
    expect(enriched.find((p) => p.id === 'ja')).toMatchObject({
      lang: 'ja',
      enrichStatus: 'UNSUPPORTED_LANGUAGE',
    });
    expect(enriched.find((p) => p.id === 'ja')?.sentiment).toBeUndefined();
    expect(totals).toMatchObject({ posts: 2, unsupported: 1, failed: 0 });
  });
});
