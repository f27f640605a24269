import modelFile from '../model/sentiment-en.json';
import type { SentimentResult } from '../lexicon-engine';
import { createModelEngine, type ModelSentimentEngine } from './classifier';
import { decodeModel, type SentimentModelFile } from './model';

/**
 * The built-in sentiment engine: the trained model committed in functions/nlp/model/. The JSON is
 * imported (not read from disk) so esbuild inlines it and a Lambda bundle is self-contained; it is
 * decoded on the first classification, not at import, to keep cold starts of functions that only
 * list the supported languages cheap.
 */

/** Languages the committed model was trained for (checked against the artifact when it loads). */
export const MODEL_LANGUAGES: readonly string[] = ['en'];

let engine: ModelSentimentEngine | undefined;

export function loadModelEngine(): ModelSentimentEngine {
  if (!engine) {
    const loaded = createModelEngine(decodeModel(modelFile as unknown as SentimentModelFile));
    if (loaded.languages.join() !== MODEL_LANGUAGES.join()) {
      throw new Error(
        `Sentiment model languages ${loaded.languages.join()} != ${MODEL_LANGUAGES.join()}`,
      );
    }
    engine = loaded;
  }
  return engine;
}

/** Same interface as comprehend-builtin's SentimentEngine. */
export const modelSentimentEngine = {
  languages: MODEL_LANGUAGES,
  classify: (text: string): SentimentResult => loadModelEngine().classify(text),
};

export { createModelEngine, toComprehend } from './classifier';
export type { ClassProbabilities, ModelSentimentEngine } from './classifier';
export { decodeModel } from './model';
export type { SentimentModelFile } from './model';
