import { batchDetectSentiment, type BatchDetectSentimentResponse } from './comprehend-builtin';

/**
 * BatchDetectSentiment as a Lambda function (SentimentEngine=builtin), with Comprehend's request
 * and response shapes and error names (UnsupportedLanguageException, ...).
 */
export const handler = async (event: {
  TextList?: unknown;
  LanguageCode?: unknown;
}): Promise<BatchDetectSentimentResponse> =>
  batchDetectSentiment({ TextList: event?.TextList, LanguageCode: event?.LanguageCode });
