import type { PersistInput } from '../../../../functions/domain/workflow';

/** Persist's input for English posts that were sent for sentiment and all answered POSITIVE. */
export function positiveInput(posts: PersistInput['posts']): PersistInput {
  const ids = posts.map((p) => p.id);
  return {
    posts,
    sentimentBatches: [{ LanguageCode: 'en', ids, texts: ids.map((id) => `text of ${id}`) }],
    otherDocs: { ids: [], texts: [] },
    sentimentResults: [
      {
        ResultList: ids.map((_, Index) => ({
          Index,
          Sentiment: 'POSITIVE',
          SentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 },
        })),
        ErrorList: [],
      },
    ],
  };
}
