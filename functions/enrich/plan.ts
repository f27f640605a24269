import { instrumented } from '../shared/powertools';
import { plan } from '../domain/enrich-steps';
import { planInputSchema, type PlanState } from '../domain/workflow';
import { MODEL_LANGUAGES } from '../nlp/engine/languages';
import { COMPREHEND_SENTIMENT_LANGUAGES, parseLanguageList } from '../domain/language';

/** Languages the configured sentiment engine accepts (template parameter SentimentEngine). */
export function supportedLanguages(
  engine = process.env.SENTIMENT_ENGINE,
  onnxLanguages = process.env.SENTIMENT_MODEL_LANGUAGES,
): readonly string[] {
  if (engine === 'comprehend') return COMPREHEND_SENTIMENT_LANGUAGES;
  if (engine === undefined || engine === '' || engine === 'builtin') return MODEL_LANGUAGES;
  // The user's model scores the languages it was fine-tuned for, as the template declares them.
  if (engine === 'onnx') return parseLanguageList(onnxLanguages);
  throw new Error(`SENTIMENT_ENGINE must be builtin, comprehend or onnx, got "${engine}"`);
}

/** Workflow step: settles languages and groups supported ones into sentiment batches. */
export const handler = instrumented('Plan', (event: unknown): PlanState =>
  plan(planInputSchema.parse(event), supportedLanguages()),
);
