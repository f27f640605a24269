import { randomUUID } from 'node:crypto';

/**
 * An error raised inside a Task state. aws-local-stepfunctions matches Retry/Catch `ErrorEquals`
 * against `name` and hands `message` on as the Cause, so both carry what Step Functions reports.
 */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** An error of the Step Functions API itself, answered in the AWS JSON 1.0 error shape. */
export class SfnApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
    public readonly namespace = 'com.amazonaws.swf.service.v2.model',
  ) {
    super(message);
    this.name = code;
  }
}

/** Step Functions always names service errors `<Service>.<Name>Exception`. */
function exceptionName(service: string, name: string): string {
  if (name === '' || name === 'Error') return `${service}Exception`;
  return name.endsWith('Exception') ? name : `${name}Exception`;
}

/**
 * The error an AWS service integration raises for a failed API call, e.g.
 * `Comprehend.UnsupportedLanguageException` or `DynamoDB.ConditionalCheckFailedException`, with the
 * Cause in the service integration's format.
 */
export function serviceTaskError(service: string, name: string, message: string, status = 400) {
  const fullName = name.includes('.') ? name : `${service}.${exceptionName(service, name)}`;
  return new TaskError(
    fullName,
    `${message} (Service: ${service}, Status Code: ${status}, Request ID: ${randomUUID()})`,
  );
}
