import { instrumented } from '../shared/powertools';
import { COMPREHEND_SENTIMENT_LANGUAGES } from '../domain/language';
import { plan } from '../domain/enrich-steps';
import { planInputSchema, type PlanState } from '../domain/workflow';
import { MODEL_LANGUAGES } from '../nlp/engine/languages';

/** Languages the configured sentiment engine accepts (template parameter SentimentEngine). */
export function supportedLanguages(engine = process.env.SENTIMENT_ENGINE): readonly string[] {
  if (engine === 'comprehend') return COMPREHEND_SENTIMENT_LANGUAGES;
  if (engine === undefined || engine === '' || engine === 'builtin') return MODEL_LANGUAGES;
  throw new Error(`SENTIMENT_ENGINE must be builtin or comprehend, got "${engine}"`);
}

/** Workflow step: settles languages and groups supported ones into sentiment batches. */
export const handler = instrumented('Plan', (event: unknown): PlanState =>
  plan(planInputSchema.parse(event), supportedLanguages()),
);
