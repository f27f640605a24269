import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createKinesisClient } from '../../functions/shared/aws/kinesis';
import { LOCAL_CREDENTIALS } from '../../functions/shared/aws/loopback';
import { streamNameFromArn } from '../template/names';
import type { FunctionDef, QueueDef, StreamEventDef } from '../template/types';
import { type InvokeFunction, LOCAL_REGION } from '../types';
import { CheckpointStore, type MappingCheckpoints } from './checkpoints';
import { dynamoDbStreamSource } from './dynamodb-source';
import { type FailedBatch, onFailureRecord } from './events';
import { kinesisStreamSource } from './kinesis-source';
import { startSchedules } from './schedule';
import { emptyStats, type MappingStats, type ShardProcessorOptions } from './shard-processor';
import { StreamMapping } from './stream-mapping';

export { compileFilters, compilePattern, kinesisFilterView } from './filter';
export { dynamoDbLambdaRecord, kinesisLambdaRecord, onFailureRecord } from './events';
export type { MappingStats } from './shard-processor';

export interface EventSourcesOptions {
  functions: FunctionDef[];
  invoke: InvokeFunction;
  endpoints: { kinesis: string; dynamodb: string; sqs: string };
  queues: QueueDef[];
  /** With a data folder, checkpoints survive restarts in <dataDir>/checkpoints.json. */
  dataDir?: string;
  log?: (line: string) => void;
  tuning?: Pick<ShardProcessorOptions, 'basePollMs' | 'retryBaseDelayMs'> & {
    discoveryIntervalMs?: number;
  };
}

export interface EventSources {
  /** Per mapping (`Function.Event`): invocations, records, failures, shards running. */
  counters(): Record<string, MappingStats & { shards: number }>;
  checkpoints(): Record<string, MappingCheckpoints>;
  stop(): Promise<void>;
}

/**
 * Starts every enabled Kinesis and DynamoDB event source mapping and every schedule in the
 * template, polling the local services and invoking the functions as Lambda would.
 */
export async function startEventSources(opts: EventSourcesOptions): Promise<EventSources> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const checkpoints = new CheckpointStore(
    opts.dataDir ? join(opts.dataDir, 'checkpoints.json') : undefined,
  );
  const kinesis = createKinesisClient({ endpoint: opts.endpoints.kinesis });
  const sqs = new SQSClient({
    endpoint: opts.endpoints.sqs,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  });
  const queueUrlByArn = new Map(opts.queues.map((q) => [q.arn, q.url]));
  const mappings: { label: string; mapping: StreamMapping; stats: MappingStats }[] = [];

  const destination = (
    fn: FunctionDef,
    ev: StreamEventDef,
  ): ((b: FailedBatch) => Promise<void>) | undefined => {
    if (!ev.onFailureDestination) return undefined;
    const url = queueUrlByArn.get(ev.onFailureDestination);
    if (!url) {
      log(
        `[${fn.logicalId}.${ev.name}] on-failure destination ${ev.onFailureDestination} is not a local queue; failed batches are discarded`,
      );
      return undefined;
    }
    return async (batch) => {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: JSON.stringify(onFailureRecord(batch)),
        }),
      );
    };
  };

  for (const fn of opts.functions) {
    for (const ev of fn.streamEvents) {
      const label = `${fn.logicalId}.${ev.name}`;
      if (!ev.enabled) continue;
      if (ev.tumblingWindowInSeconds)
        log(`[${label}] TumblingWindowInSeconds is not supported locally; ignored`);
      const source =
        ev.kind === 'Kinesis'
          ? kinesisStreamSource({
              client: kinesis,
              streamName: streamNameFromArn(ev.streamArn) ?? ev.streamArn,
              streamArn: ev.streamArn,
              functionLogicalId: fn.logicalId,
            })
          : dynamoDbStreamSource({ endpoint: opts.endpoints.dynamodb, streamArn: ev.streamArn });
      const stats = emptyStats();
      const sendOnFailure = destination(fn, ev);
      const mapping = new StreamMapping({
        fn,
        event: ev,
        source,
        invoke: opts.invoke,
        checkpoints,
        stats,
        ...(sendOnFailure ? { sendOnFailure } : {}),
        log,
        ...(opts.tuning?.discoveryIntervalMs
          ? { discoveryIntervalMs: opts.tuning.discoveryIntervalMs }
          : {}),
        tuning: opts.tuning ?? {},
      });
      mappings.push({ label, mapping, stats });
    }
  }
  await Promise.all(mappings.map((m) => m.mapping.start()));
  const schedules = startSchedules(opts.functions, opts.invoke, log);

  return {
    counters: () =>
      Object.fromEntries(
        mappings.map((m) => [m.label, { ...m.stats, shards: m.mapping.shardCount }]),
      ),
    checkpoints: () => checkpoints.snapshot(),
    async stop() {
      schedules.stop();
      await Promise.all(mappings.map((m) => m.mapping.stop()));
      checkpoints.flush();
      kinesis.destroy();
      sqs.destroy();
    },
  };
}
