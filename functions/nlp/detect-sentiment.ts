import { instrumented } from '../shared/powertools';
import {
  batchDetectSentiment,
  batchDetectSentimentAsync,
  type BatchDetectSentimentResponse,
} from './comprehend-builtin';
import { parseLanguageList } from '../domain/language';
import { createOnnxEngine, type OnnxSentimentEngine } from './onnx-engine';

/**
 * BatchDetectSentiment as a Lambda function, with Comprehend's request and response shapes and
 * error names (UnsupportedLanguageException, ...). SentimentEngine=builtin scores with the
 * built-in models; SentimentEngine=onnx with the user's transformer in SENTIMENT_MODEL_DIR (from a
 * layer or the container image), created once per container on the first batch.
 */

/** Where a layer's files land in Lambda; the template's default for SENTIMENT_MODEL_DIR. */
export const DEFAULT_MODEL_DIR = '/opt/sentiment-model';

let onnxEngine: Promise<OnnxSentimentEngine> | undefined;

export function onnxEngineFromEnv(env = process.env): Promise<OnnxSentimentEngine> {
  onnxEngine ??= createOnnxEngine({
    modelDir: env.SENTIMENT_MODEL_DIR || DEFAULT_MODEL_DIR,
    languages: parseLanguageList(env.SENTIMENT_MODEL_LANGUAGES),
  }).catch((err: unknown) => {
    // A failed load is retried by the next invocation instead of failing the container for good.
    onnxEngine = undefined;
    throw err;
  });
  return onnxEngine;
}

export const handler = instrumented(
  'DetectSentiment',
  async (event: {
    TextList?: unknown;
    LanguageCode?: unknown;
  }): Promise<BatchDetectSentimentResponse> => {
    const input = { TextList: event?.TextList, LanguageCode: event?.LanguageCode };
    if (process.env.SENTIMENT_ENGINE === 'onnx') {
      return batchDetectSentimentAsync(input, await onnxEngineFromEnv());
    }
    return batchDetectSentiment(input);
  },
);
