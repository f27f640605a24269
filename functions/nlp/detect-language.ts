import {
  batchDetectDominantLanguage,
  type BatchDetectDominantLanguageResponse,
} from './comprehend-builtin';

/**
 * BatchDetectDominantLanguage as a Lambda function (SentimentEngine=builtin): Comprehend's
 * request in, Comprehend's response out. Bad requests throw ComprehendError, whose name becomes
 * the Step Functions error name, so the state machine's Retry/Catch work in both modes.
 */
export const handler = async (event: {
  TextList?: unknown;
}): Promise<BatchDetectDominantLanguageResponse> =>
  batchDetectDominantLanguage({ TextList: event?.TextList });
