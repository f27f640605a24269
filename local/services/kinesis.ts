import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ResourceInUseException,
} from '@aws-sdk/client-kinesis';
import kinesalite from 'kinesalite';
import type { KinesisStreamDef } from '../template/types';
import { createKinesisClient } from '../../functions/shared/aws/kinesis';
import { closeServer, listen, LOOPBACK } from './net';

export interface KinesisService {
  endpoint: string;
  client: KinesisClient;
  stop(): Promise<void>;
}

/** Starts kinesalite in this process on loopback: in memory, or LevelDB under <dataDir>/kinesis. */
export async function startKinesis(
  opts: { dataDir?: string; port?: number } = {},
): Promise<KinesisService> {
  let path: string | undefined;
  if (opts.dataDir) {
    path = join(opts.dataDir, 'kinesis');
    mkdirSync(path, { recursive: true });
  }
  const server = kinesalite({
    ...(path ? { path } : {}),
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 500,
  });
  const port = await listen(server, opts.port ?? 0);
  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = createKinesisClient({ endpoint });
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      // kinesalite's close() also closes its LevelDB store.
      await closeServer(server);
    },
  };
}

/** Creates the template's streams that do not exist yet and waits until they are ACTIVE. */
export async function ensureStreams(
  client: KinesisClient,
  streams: KinesisStreamDef[],
): Promise<void> {
  await Promise.all(
    streams.map(async (s) => {
      try {
        await client.send(
          new CreateStreamCommand({ StreamName: s.name, ShardCount: s.shardCount }),
        );
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
      for (let i = 0; i < 100; i++) {
        const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: s.name }));
        if (summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`Kinesis stream ${s.name} did not become ACTIVE`);
    }),
  );
}
