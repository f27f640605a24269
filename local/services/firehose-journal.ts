import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * The durable buffer of one local delivery stream. A record is appended to `buffer.jsonl`
 * (base64, one per line) before PutRecordBatch answers, as Firehose keeps what it acknowledged:
 * a stack killed with `kill -9` finds its records again on restart. A flush first moves the
 * buffer aside (`flushing-<n>.jsonl`), so puts go on into a new buffer meanwhile, and deletes
 * that file only once its Parquet files are in place: a crash in between writes them again
 * (at least once, like Firehose; the posts view keeps one row per post id).
 */
export class FirehoseJournal {
  private bytes = 0;
  private records = 0;
  private firstAt: number | undefined;
  private seq = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const buffer = this.bufferFile;
    if (existsSync(buffer)) {
      for (const line of readFileSync(buffer, 'utf8').split('\n')) {
        if (line === '') continue;
        this.records++;
        this.bytes += Buffer.byteLength(line, 'base64');
      }
      if (this.records > 0) this.firstAt = Date.now();
    }
    for (const f of this.pendingFlushes()) {
      this.seq = Math.max(this.seq, Number(/flushing-(\d+)\.jsonl$/.exec(f)?.[1] ?? 0));
    }
  }

  private get bufferFile(): string {
    return join(this.dir, 'buffer.jsonl');
  }

  append(data: readonly Buffer[]): void {
    if (data.length === 0) return;
    appendFileSync(this.bufferFile, data.map((d) => `${d.toString('base64')}\n`).join(''));
    for (const d of data) this.bytes += d.length;
    this.records += data.length;
    this.firstAt ??= Date.now();
  }

  /** Bytes and records waiting, and since when (epoch ms of the oldest unflushed put). */
  pending(): { bytes: number; records: number; since: number | undefined } {
    return { bytes: this.bytes, records: this.records, since: this.firstAt };
  }

  /** Moves the buffer aside for a flush; returns the file to flush, or undefined when empty. */
  rotate(): string | undefined {
    if (this.records === 0) return undefined;
    const file = join(this.dir, `flushing-${++this.seq}.jsonl`);
    renameSync(this.bufferFile, file);
    this.bytes = 0;
    this.records = 0;
    this.firstAt = undefined;
    return file;
  }

  /** Files moved aside by a flush that did not finish (a crash), oldest first. */
  pendingFlushes(): string[] {
    return readdirSync(this.dir)
      .filter((f) => /^flushing-\d+\.jsonl$/.test(f))
      .sort((a, b) => Number(a.slice(9, -6)) - Number(b.slice(9, -6)))
      .map((f) => join(this.dir, f));
  }

  static read(file: string): Buffer[] {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => Buffer.from(l, 'base64'));
  }

  static done(file: string): void {
    rmSync(file, { force: true });
  }
}
