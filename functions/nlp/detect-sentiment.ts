import { instrumented } from '../shared/powertools';
import { batchDetectSentiment, type BatchDetectSentimentResponse } from './comprehend-builtin';

/**
 * BatchDetectSentiment as a Lambda function (SentimentEngine=builtin), with Comprehend's request
 * and response shapes and error names (UnsupportedLanguageException, ...).
 */
export const handler = instrumented(
  'DetectSentiment',
  (event: { TextList?: unknown; LanguageCode?: unknown }): BatchDetectSentimentResponse =>
    batchDetectSentiment({ TextList: event?.TextList, LanguageCode: event?.LanguageCode }),
);
