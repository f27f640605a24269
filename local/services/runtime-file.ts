import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `.local-stack.json` in the repository root: written while a local stack runs, so tools like
 * `npm run dlq` find its endpoints; removed on stop.
 */
export const RUNTIME_FILE = '.local-stack.json';

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
  resources: { queues: Record<string, { name: string; arn: string; url: string }> };
  /** The local corpus (`npm run query`, `npm run produce -- --source archive`). */
  archive?: { bucketDir: string; tableDir?: string };
}

export const runtimeFilePath = (root: string): string => join(root, RUNTIME_FILE);

export function writeRuntimeFile(root: string, info: RuntimeInfo): void {
  writeFileSync(runtimeFilePath(root), JSON.stringify(info, null, 2));
}

export function readRuntimeFile(root: string): RuntimeInfo | undefined {
  const file = runtimeFilePath(root);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** Removes the file only when it is still ours: another stack may have started since. */
export function removeRuntimeFile(root: string, own: Pick<RuntimeInfo, 'pid' | 'url'>): void {
  const current = readRuntimeFile(root);
  if (current && current.pid === own.pid && current.url === own.url)
    rmSync(runtimeFilePath(root), { force: true });
}
