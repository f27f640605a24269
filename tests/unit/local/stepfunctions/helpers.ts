import {
  createSfnClient,
  startStepFunctions,
  type StepFunctionsFaults,
} from '../../../../local/stepfunctions';
import type { InvokeFunction, StateMachineDef } from '../../../../local/types';

export const ACCOUNT = '000000000000';
export const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
export const smArn = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;

export function machine(
  name: string,
  definition: Record<string, unknown>,
  type: 'STANDARD' | 'EXPRESS' = 'EXPRESS',
): StateMachineDef {
  return { logicalId: `${name}StateMachine`, name, arn: smArn(name), type, definition };
}

/** Function logical ids are the names after `:function:` in these tests. */
export function arnToLogicalId(arn: string): string | undefined {
  const m = /:function:([^:]+)$/.exec(arn);
  return m?.[1];
}

export async function startSfn(
  stateMachines: StateMachineDef[],
  invoke: InvokeFunction,
  faults?: StepFunctionsFaults,
  dynamodb = 'http://127.0.0.1:1',
) {
  const sfn = await startStepFunctions({
    stateMachines,
    invoke,
    functionArnToLogicalId: arnToLogicalId,
    endpoints: { dynamodb, kinesis: '', sqs: '', stepfunctions: '' },
    faults,
  });
  const client = createSfnClient(sfn.url, { maxAttempts: 1 });
  return { sfn, client };
}

/** A function error as a Lambda runtime reports it. */
export function functionError(errorType: string, errorMessage: string): Error {
  return Object.assign(new Error(errorMessage), { name: errorType, errorType, errorMessage });
}
