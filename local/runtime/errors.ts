/** The error payload Lambda returns for a failed invocation (FunctionError: Unhandled). */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/**
 * A failed invocation raised to the caller: `name` is Lambda's errorType (what Step Functions'
 * Retry/Catch and the event source mappings see), the payload is kept as Lambda returns it.
 */
export class LambdaFunctionError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
  readonly functionError = 'Unhandled';

  constructor(
    payload: LambdaErrorPayload,
    readonly functionName: string,
    readonly requestId: string,
  ) {
    super(payload.errorMessage);
    this.name = payload.errorType;
    this.errorType = payload.errorType;
    this.errorMessage = payload.errorMessage;
    this.trace = payload.trace;
  }

  /** The invocation's response payload, as `Invoke` would return it. */
  toPayload(): LambdaErrorPayload {
    return { errorType: this.errorType, errorMessage: this.errorMessage, trace: this.trace };
  }
}

export const timeoutError = (seconds: number): LambdaErrorPayload => ({
  errorType: 'Sandbox.Timedout',
  errorMessage: `Task timed out after ${seconds.toFixed(2)} seconds`,
  trace: [],
});
