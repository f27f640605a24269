import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../../local/process-alive';
import {
  describeStackOutputs,
  StackOutputsError,
  type DeployedStack,
} from '../../scripts/stack-outputs';

/** Where the producer writes: a Kinesis stream, and the API whose /tracks it follows. */
export interface ProduceTarget {
  /** For the user: "local stack at http://127.0.0.1:3000", "stack s (us-east-1)". */
  label: string;
  streamName: string;
  /** Local kinesalite endpoint; absent for AWS (the standard endpoint and credential chain). */
  kinesisEndpoint?: string;
  region?: string;
  /** GET /tracks of the stack's API. */
  tracksUrl?: string;
  /** AWS: the stack's archive bucket (ArchiveBucketName output), for --source archive. */
  archiveBucket?: string;
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** The part of `.local-stack.json` (written by `npm start`, see local/stack.ts) read here. */
interface LocalRuntimeFile {
  pid?: number;
  url?: string;
  endpoints?: { kinesis?: string };
  resources?: { streams?: Record<string, { name?: string }>; streamName?: string };
}

export const LOCAL_RUNTIME_FILE = '.local-stack.json';
const STREAM_LOGICAL_ID = 'PostsStream';

/** The running local stack, found through the runtime file it keeps in the repository root. */
export function localTarget(root: string): ProduceTarget {
  const file = join(root, LOCAL_RUNTIME_FILE);
  if (!existsSync(file)) {
    throw new TargetError(
      `No local stack is running (no ${LOCAL_RUNTIME_FILE} in ${root}). Start it with \`npm start\` in another terminal, or use --target aws.`,
    );
  }
  const runtime = JSON.parse(readFileSync(file, 'utf8')) as LocalRuntimeFile;
  if (typeof runtime.pid === 'number' && !isProcessAlive(runtime.pid)) {
    throw new TargetError(
      `${LOCAL_RUNTIME_FILE} names process ${runtime.pid}, which is not running: the local stack stopped without cleaning up. Start it again with \`npm start\`.`,
    );
  }
  const streams = runtime.resources?.streams ?? {};
  const streamName =
    streams[STREAM_LOGICAL_ID]?.name ??
    Object.values(streams)[0]?.name ??
    runtime.resources?.streamName;
  const endpoint = runtime.endpoints?.kinesis;
  if (!streamName || !endpoint) {
    throw new TargetError(`${file} names no Kinesis stream or endpoint; restart \`npm start\`.`);
  }
  const url = runtime.url?.replace(/\/$/, '');
  return {
    label: `local stack${url ? ` at ${url}` : ''}`,
    streamName,
    kinesisEndpoint: endpoint,
    ...(url ? { tracksUrl: `${url}/api/tracks` } : {}),
  };
}

export interface AwsTargetOptions {
  root: string;
  stackName?: string;
  region?: string;
  /** For tests. */
  cloudFormation?: Pick<CloudFormationClient, 'send'>;
}

/** A deployed stack: its StreamName and ApiUrl outputs, with the standard credential chain. */
export async function awsTarget(opts: AwsTargetOptions): Promise<ProduceTarget> {
  let stack: DeployedStack;
  try {
    stack = await describeStackOutputs(opts);
  } catch (err) {
    if (err instanceof StackOutputsError) throw new TargetError(err.message);
    throw err;
  }
  const { stackName, region, outputs } = stack;
  const streamName = outputs.StreamName;
  if (!streamName) throw new TargetError(`Stack ${stackName} has no StreamName output.`);
  const api = outputs.ApiUrl?.replace(/\/$/, '');
  return {
    label: `stack ${stackName} (${region})`,
    streamName,
    region,
    ...(api ? { tracksUrl: `${api}/tracks` } : {}),
    ...(outputs.ArchiveBucketName ? { archiveBucket: outputs.ArchiveBucketName } : {}),
  };
}
