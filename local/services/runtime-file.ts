import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `.local-stack.json` in the repository root: written while a local stack runs, so tools like
 * `npm run dlq` and `npm run invoke` find its endpoints and resources; removed on stop.
 */
export const RUNTIME_FILE = '.local-stack.json';

type Named = { name: string; arn: string };

export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  url: string;
  endpoints: {
    dynamodb: string;
    kinesis: string;
    sqs: string;
    stepfunctions: string;
    firehose?: string;
  };
  /** By logical id, as the running stack created them. */
  resources: {
    queues: Record<string, Named & { url: string }>;
    tables?: Record<string, Named & { streamArn?: string }>;
    streams?: Record<string, Named & { shardCount: number }>;
    functions?: Record<string, Named>;
    stateMachines?: Record<string, Named>;
  };
  /** The template parameters the stack was started with (defaults and overrides). */
  parameters?: Record<string, string>;
  /** The local corpus (`npm run query`, `npm run produce -- --source archive`). */
  archive?: { bucketDir: string; tableDir?: string };
}

export const runtimeFilePath = (root: string): string => join(root, RUNTIME_FILE);

export function writeRuntimeInfo(file: string, info: RuntimeInfo): void {
  writeFileSync(file, JSON.stringify(info, null, 2));
}

export function readRuntimeInfo(file: string): RuntimeInfo | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** The running stack's file in the repository root, if any. */
export const readRuntimeFile = (root: string): RuntimeInfo | undefined =>
  readRuntimeInfo(runtimeFilePath(root));

/** Removes the file only when it is still ours: another stack may have started since. */
export function removeRuntimeInfo(file: string, own: Pick<RuntimeInfo, 'pid' | 'url'>): void {
  const current = readRuntimeInfo(file);
  if (current && current.pid === own.pid && current.url === own.url) rmSync(file, { force: true });
}
