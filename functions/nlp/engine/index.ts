import ar from '../model/sentiment-ar.json';
import de from '../model/sentiment-de.json';
import en from '../model/sentiment-en.json';
import es from '../model/sentiment-es.json';
import fr from '../model/sentiment-fr.json';
import hi from '../model/sentiment-hi.json';
import it from '../model/sentiment-it.json';
import pt from '../model/sentiment-pt.json';
import type { SentimentResult } from '../lexicon-engine';
import { createModelEngine, type ModelSentimentEngine } from './classifier';
import { isModelLanguage, MODEL_LANGUAGES, type ModelLanguage } from './languages';
import { decodeModel, type SentimentModelFile } from './model';

/**
 * The built-in sentiment engine: one trained model per language, committed in
 * functions/nlp/model/. The JSON files are imported (not read from disk) so esbuild inlines them
 * and a Lambda bundle is self-contained. A model is decoded the first time its language is asked
 * for, once per container: a function that scores only English never decodes the other seven, and
 * one that only lists the supported languages decodes none.
 */

const MODEL_FILES: Record<ModelLanguage, unknown> = { ar, de, en, es, fr, hi, it, pt };

const engines = new Map<ModelLanguage, ModelSentimentEngine>();

/** The committed artifact of a language, undecoded (the benchmark draws its words from it). */
export function modelFile(language: ModelLanguage): SentimentModelFile {
  return MODEL_FILES[language] as SentimentModelFile;
}

/** The decoded model of a language (English by default); throws for a language without one. */
export function loadModelEngine(language = 'en'): ModelSentimentEngine {
  if (!isModelLanguage(language)) {
    throw new Error(`No built-in sentiment model for language "${language}"`);
  }
  let engine = engines.get(language);
  if (!engine) {
    engine = createModelEngine(decodeModel(modelFile(language)));
    if (engine.languages.join() !== language) {
      throw new Error(`Sentiment model for ${language} says it is for ${engine.languages.join()}`);
    }
    engines.set(language, engine);
  }
  return engine;
}

/** Languages whose model is decoded in this container (for tests and the benchmark). */
export function loadedModelLanguages(): ModelLanguage[] {
  return [...engines.keys()];
}

/** Same interface as comprehend-builtin's SentimentEngine. */
export const modelSentimentEngine = {
  languages: MODEL_LANGUAGES as readonly string[],
  classify: (text: string, language = 'en'): SentimentResult =>
    loadModelEngine(language).classify(text),
};

export { MODEL_LANGUAGES, isModelLanguage, type ModelLanguage } from './languages';
export { createModelEngine, toComprehend } from './classifier';
export type { ClassProbabilities, ModelSentimentEngine } from './classifier';
export { decodeModel } from './model';
export type { SentimentModelFile } from './model';
