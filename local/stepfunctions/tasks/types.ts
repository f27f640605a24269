/** A JSON value as the interpreter passes it between states. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Runs one Task state: its effective input (after InputPath/Parameters) in, its result out. */
export type TaskHandler = (input: Json) => Promise<Json>;

/**
 * Injected failures, asked once per call so a test can switch them on and off while the stack runs.
 * Return an Error to make that call fail; its `name` becomes the error name (prefixed with the
 * service, e.g. a `ThrottlingException` from `comprehend` surfaces as `Comprehend.ThrottlingException`).
 */
export interface StepFunctionsFaults {
  /** operation: the API action as written in the Resource, e.g. `batchDetectSentiment`. */
  comprehend?: (operation: string) => Error | undefined;
  /** operation: the API action as written in the Resource, e.g. `putItem`, `transactWriteItems`. */
  dynamodb?: (operation: string) => Error | undefined;
  /** A Lambda service failure before the function runs, e.g. `TooManyRequestsException`. */
  lambda?: (logicalId: string) => Error | undefined;
}

export interface TaskCounters {
  comprehendUnits: number;
}
