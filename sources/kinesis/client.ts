import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { LOCAL_REGION } from '../../local/types';

export interface KinesisClientOptions {
  /** Local endpoint such as http://127.0.0.1:4567; omit for AWS (standard credential chain). */
  endpoint?: string;
  region?: string;
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * A Kinesis client for the sources. The HTTP/1.1 handler is required by kinesalite (the SDK's
 * default handler fails against it with a protocol error) and is fine for AWS. Against a loopback
 * endpoint there is no account, so fixed dummy credentials keep the credential chain from
 * failing on a laptop without AWS configuration. Call `destroy()` when done, to close sockets.
 */
export function createKinesisClient(opts: KinesisClientOptions = {}): KinesisClient {
  const local = opts.endpoint !== undefined && LOOPBACK.test(opts.endpoint);
  return new KinesisClient({
    region: opts.region ?? process.env.AWS_REGION ?? (local ? LOCAL_REGION : undefined),
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
  });
}
