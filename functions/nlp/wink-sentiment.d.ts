declare module 'wink-sentiment' {
  function sentiment(phrase: string): {
    score: number;
    normalizedScore: number;
    tokenizedPhrase: { value: string; tag: string; score?: number; negation?: boolean }[];
  };
  export default sentiment;
}
