import type { Context } from 'aws-lambda';

/** The Context Lambda hands a function `name`, as the local stack's invoker builds it. */
export const lambdaContext = (
  name: string,
  awsRequestId: string,
  remainingMs = 300_000,
): Context => ({
  functionName: name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  memoryLimitInMB: '512',
  awsRequestId,
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => remainingMs,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
