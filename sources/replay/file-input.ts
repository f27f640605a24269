/**
 * A recorded file's bytes, decompressed when it is compressed: collectors and dumps keep their
 * recordings as gzip (`twarc2 ... | gzip`, `.jsonl.gz`) or zstd (Pushshift and Arctic Shift's
 * `.zst`, written with a 2 GB window). The compression is told by the file's first bytes, not
 * its name; `recordingName` drops a compression suffix so that `posts.txt.gz` is still a `.txt`.
 * Text saved as UTF-16 or Windows-1252 is read as well.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
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
function openBytes(file: string, compression: Compression): Readable {
  const raw = createReadStream(file);
  switch (compression) {
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

/** How many leading bytes of a chunk hold whole UTF-8 characters (the last may be cut off). */
function wholeCharacters(chunk: Buffer): number {
  let end = chunk.length;
  for (let back = 0; back < 3 && end > 0 && (chunk[end - 1]! & 0xc0) === 0x80; back++) end--;
  return end > 0 && chunk[end - 1]! >= 0xc0 ? end - 1 : end;
}

/**
 * Text in another encoding turned into UTF-8: UTF-16 (what spreadsheets save as "Unicode text"),
 * told by its byte-order mark, and Windows-1252/Latin-1 (Sentiment140's CSV and other older
 * datasets), told by a first chunk that is not UTF-8. UTF-8 passes as it is. Decoded as a
 * stream: a character split across two chunks is kept whole.
 */
function utf8Of(bytes: Readable): Readable {
  let decoder: TextDecoder | undefined;
  let first = true;
  const out = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (first) {
        first = false;
        const encoding =
          chunk[0] === 0xff && chunk[1] === 0xfe
            ? 'utf-16le'
            : chunk[0] === 0xfe && chunk[1] === 0xff
              ? 'utf-16be'
              : isUtf8(chunk.subarray(0, wholeCharacters(chunk)))
                ? undefined
                : 'windows-1252';
        if (encoding) decoder = new TextDecoder(encoding);
      }
      done(null, decoder ? Buffer.from(decoder.decode(chunk, { stream: true })) : chunk);
    },
    flush(done) {
      done(null, decoder ? Buffer.from(decoder.decode()) : undefined);
    },
  });
  return bytes.pipe(out);
}

/** The file's content as a stream of UTF-8 bytes, decompressed. */
export async function openRecording(file: string): Promise<Readable> {
  return utf8Of(openBytes(file, await compressionOf(file)));
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

/**
 * The decompressed content line by line, each with its 1-based number, blank lines left out and
 * the byte-order mark off the first: what JSON-lines and plain-text recordings are read from.
 */
export async function* recordingLines(
  file: string,
): AsyncGenerator<{ line: number; text: string }> {
  const input = await openRecording(file);
  const lines = createInterface({ input: input.setEncoding('utf8'), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() !== '') yield { line, text };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The file's name without a compression suffix (`posts.txt.gz` -> `posts.txt`). */
export const recordingName = (file: string): string => file.replace(/\.(gz|zst|zstd)$/i, '');
