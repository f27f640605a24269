import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { isProcessAlive } from '../../local/process-alive';
import { readRuntimeFile, RUNTIME_FILE, runtimeFilePath } from '../../local/services/runtime-file';
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

const STREAM_LOGICAL_ID = 'PostsStream';

/** The running local stack, found through the runtime file it keeps in the repository root. */
export function localTarget(root: string): ProduceTarget {
  const runtime = readRuntimeFile(root);
  if (!runtime) {
    throw new TargetError(
      `No local stack is running (no readable ${RUNTIME_FILE} in ${root}). Start it with \`npm start\` in another terminal, or use --target aws.`,
    );
  }
  if (typeof runtime.pid === 'number' && !isProcessAlive(runtime.pid)) {
    throw new TargetError(
      `${RUNTIME_FILE} names process ${runtime.pid}, which is not running: the local stack stopped without cleaning up. Start it again with \`npm start\`.`,
    );
  }
  // Read defensively: the file may come from an older version of the stack.
  const streams = runtime.resources?.streams ?? {};
  const streamName = streams[STREAM_LOGICAL_ID]?.name ?? Object.values(streams)[0]?.name;
  const endpoint = runtime.endpoints?.kinesis;
  const file = runtimeFilePath(root);
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
