/** Bounded exponential backoff with full jitter, for the retries the SDK does not do for us. */

export const RETRY = {
  /** Retries after the first attempt. */
  attempts: 6,
  baseMs: 50,
  capMs: 2000,
};

export function backoffMs(retry: number): number {
  return Math.random() * Math.min(RETRY.capMs, RETRY.baseMs * 2 ** retry);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Thrown when throttling or conflicts outlast our retries. The name is one the state machine's
 * Retry matches, so Step Functions backs off and reruns the (idempotent) step.
 */
export class RetriesExhaustedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
