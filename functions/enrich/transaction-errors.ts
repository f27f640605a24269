/**
 * How a failed TransactWriteItems reads: the per-item cancellation reasons, and which failures a
 * later attempt can get past. Shared by the marker transactions, edits and the fold.
 */

/** Cancellation reasons that a later attempt can get past. */
export const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/** Thrown (not cancellation) errors worth retrying on top of the SDK's own retries. */
export const RETRYABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionInProgressException',
]);

export interface Reason {
  Code?: string;
  Message?: string;
}

/** The reasons of a TransactionCanceledException, one per item; undefined for other errors. */
export function cancellationReasons(error: unknown): Reason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Reason[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons : [];
}
