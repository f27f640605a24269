/**
 * A recorded file's bytes, decompressed when it is compressed: collectors and dumps keep their
 * recordings as gzip (`twarc2 ... | gzip`, `.jsonl.gz`) or zstd (Pushshift and Arctic Shift's
 * `.zst`, written with a 2 GB window). The compression is told by the file's first bytes, not
 * its name; `recordingName` drops a compression suffix so that `posts.txt.gz` is still a `.txt`.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { constants, createGunzip, createZstdDecompress } from 'node:zlib';

type Compression = 'gzip' | 'zstd' | undefined;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Pushshift's dumps need windows up to 2^31 bytes (`zstd --long=31`). */
const ZSTD_MAX_WINDOW_LOG = 31;

async function compressionOf(file: string): Promise<Compression> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    const starts = (magic: number[]): boolean =>
      bytesRead >= magic.length && magic.every((b, i) => buffer[i] === b);
    return starts(GZIP_MAGIC) ? 'gzip' : starts(ZSTD_MAGIC) ? 'zstd' : undefined;
  } finally {
    await handle.close();
  }
}

/** The file's content as a stream of bytes, decompressed. */
export async function openRecording(file: string): Promise<Readable> {
  const raw = createReadStream(file);
  switch (await compressionOf(file)) {
    case 'gzip':
      return raw.pipe(createGunzip());
    case 'zstd':
      return raw.pipe(
        createZstdDecompress({
          params: { [constants.ZSTD_d_windowLogMax]: ZSTD_MAX_WINDOW_LOG },
        }),
      );
    default:
      return raw;
  }
}

/** The first `bytes` of the decompressed content, as text without a byte-order mark. */
export async function recordingHead(file: string, bytes: number): Promise<string> {
  const input = await openRecording(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) break;
    }
  } finally {
    input.destroy();
  }
  return Buffer.concat(chunks)
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** The whole decompressed content as text, without a byte-order mark. */
export async function readRecordingText(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await openRecording(file)) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** The file's name without a compression suffix (`posts.txt.gz` -> `posts.txt`). */
export const recordingName = (file: string): string => file.replace(/\.(gz|zst|zstd)$/i, '');
