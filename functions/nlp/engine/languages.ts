/**
 * Languages the built-in engine scores: one trained artifact each, functions/nlp/model/
 * sentiment-<code>.json. Kept apart from the models so that functions that only route by language
 * (the workflow's Plan step) do not bundle them.
 */
export const MODEL_LANGUAGES = ['en', 'ar', 'de', 'es', 'fr', 'hi', 'it', 'pt'] as const;
export type ModelLanguage = (typeof MODEL_LANGUAGES)[number];

export function isModelLanguage(code: string): code is ModelLanguage {
  return (MODEL_LANGUAGES as readonly string[]).includes(code);
}
