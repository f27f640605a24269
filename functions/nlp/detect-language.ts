import { instrumented } from '../shared/powertools';
import {
  batchDetectDominantLanguage,
  type BatchDetectDominantLanguageResponse,
} from './comprehend-builtin';

/**
 * BatchDetectDominantLanguage as a Lambda function (SentimentEngine=builtin): Comprehend's
 * request in, Comprehend's response out. Bad requests throw ComprehendError, whose name becomes
 * the Step Functions error name, so the state machine's Retry/Catch work in both modes.
 */
export const handler = instrumented(
  'DetectLanguage',
  (event: { TextList?: unknown }): BatchDetectDominantLanguageResponse =>
    batchDetectDominantLanguage({ TextList: event?.TextList }),
);
