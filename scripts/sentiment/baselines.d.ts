// Just enough typing for the two lexicon baselines evaluate.ts compares against.
declare module 'sentiment' {
  export default class Sentiment {
    analyze(phrase: string): { score: number; comparative: number };
  }
}

declare module 'vader-sentiment' {
  const vader: {
    SentimentIntensityAnalyzer: {
      polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
    };
  };
  export default vader;
}
