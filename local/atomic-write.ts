import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `file` whole or not at all: a crash leaves the old file or the new one, never half of one,
 * and two processes writing it at once each rename a file of their own (the last one wins).
 */
export function writeFileAtomically(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
