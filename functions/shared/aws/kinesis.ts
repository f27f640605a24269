import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { isLoopback, LOCAL_CREDENTIALS, LOCAL_REGION } from './loopback';

export interface KinesisClientOptions {
  /** Local endpoint such as http://127.0.0.1:4567; omit for AWS (standard credential chain). */
  endpoint?: string;
  region?: string;
}

/**
 * A Kinesis client for the sources. The HTTP/1.1 handler is required by kinesalite (the SDK's
 * default handler fails against it with a protocol error) and is fine for AWS. Against a loopback
 * endpoint there is no account, so fixed dummy credentials keep the credential chain from
 * failing on a laptop without AWS configuration. Call `destroy()` when done, to close sockets.
 */
export function createKinesisClient(opts: KinesisClientOptions = {}): KinesisClient {
  const local = isLoopback(opts.endpoint);
  return new KinesisClient({
    region: opts.region ?? process.env.AWS_REGION ?? (local ? LOCAL_REGION : undefined),
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
  });
}
