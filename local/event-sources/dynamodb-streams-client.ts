import { LOCAL_REGION } from '../types';

/**
 * A minimal DynamoDB Streams client over the JSON 1.0 wire protocol. Reading the wire format
 * directly keeps AttributeValues (including binary, base64) exactly as Lambda puts them in events.
 * DynamoDB Local only checks that a credential is present, not the signature.
 */

export class DynamoDbStreamsError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

const AUTHORIZATION =
  `AWS4-HMAC-SHA256 Credential=local/20240101/${LOCAL_REGION}/dynamodb/aws4_request, ` +
  'SignedHeaders=content-type;host;x-amz-target, Signature=0';

export interface DynamoDbStreamsClient {
  call<T>(operation: string, body: Record<string, unknown>): Promise<T>;
}

export function dynamoDbStreamsClient(endpoint: string): DynamoDbStreamsClient {
  return {
    async call<T>(operation: string, body: Record<string, unknown>): Promise<T> {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
          authorization: AUTHORIZATION,
        },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) {
        const type =
          String(json.__type ?? 'UnknownError')
            .split('#')
            .pop() ?? 'UnknownError';
        throw new DynamoDbStreamsError(
          type,
          String(json.message ?? json.Message ?? res.statusText),
          res.status,
        );
      }
      return json as T;
    },
  };
}
