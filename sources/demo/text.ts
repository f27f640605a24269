import type { Author } from './authors';

export type EntityKind = 'hashtag' | 'cashtag' | 'mention' | 'url';

/** An entity inside a post's text, with both offset conventions the sources use. */
export interface TextEntity {
  kind: EntityKind;
  /** Hashtag or cashtag without its sigil ("AWS", "AAPL"), username without "@", url as shown. */
  value: string;
  /** Code-point offsets (X API v1.1 and v2 `indices` / `start`-`end`). */
  start: number;
  end: number;
  /** UTF-8 byte offsets (Bluesky facets). */
  byteStart: number;
  byteEnd: number;
  author?: Author;
  expandedUrl?: string;
}

export interface BuiltText {
  text: string;
  entities: TextEntity[];
}

const cpLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Appends text and entities while keeping both kinds of offsets exact. */
export class TextBuilder {
  private out = '';
  private cps = 0;
  private bytes = 0;
  private readonly entities: TextEntity[] = [];

  get length(): number {
    return this.cps;
  }

  get endsWithSpace(): boolean {
    return this.out === '' || /\s$/u.test(this.out);
  }

  text(s: string): this {
    this.out += s;
    this.cps += cpLength(s);
    this.bytes += Buffer.byteLength(s, 'utf8');
    return this;
  }

  /** Adds a separating space unless the text is empty or already ends with whitespace. */
  space(): this {
    return this.endsWithSpace ? this : this.text(' ');
  }

  entity(
    kind: EntityKind,
    shown: string,
    value: string,
    extra: Pick<TextEntity, 'author' | 'expandedUrl'> = {},
  ): this {
    const start = this.cps;
    const byteStart = this.bytes;
    this.text(shown);
    this.entities.push({
      kind,
      value,
      start,
      end: this.cps,
      byteStart,
      byteEnd: this.bytes,
      ...extra,
    });
    return this;
  }

  /** Drops trailing whitespace (a template whose last slot stayed empty). */
  trimEnd(): this {
    const trimmed = this.out.replace(/\s+$/u, '');
    const removed = this.out.slice(trimmed.length);
    this.out = trimmed;
    this.cps -= cpLength(removed);
    this.bytes -= Buffer.byteLength(removed, 'utf8');
    return this;
  }

  build(): BuiltText {
    return { text: this.out, entities: [...this.entities] };
  }
}

/** The first `max` code points of a text, with an ellipsis if cut, and the entities kept whole. */
export function truncate(built: BuiltText, max: number): BuiltText & { truncated: boolean } {
  const cps = [...built.text];
  if (cps.length <= max) return { ...built, truncated: false };
  const keep = max - 1;
  const text = `${cps.slice(0, keep).join('')}…`;
  return {
    text,
    entities: built.entities.filter((e) => e.end <= keep),
    truncated: true,
  };
}

/** Shifts entities by a prefix of `cps` code points and `bytes` UTF-8 bytes. */
export function shift(entities: readonly TextEntity[], cps: number, bytes: number): TextEntity[] {
  return entities.map((e) => ({
    ...e,
    start: e.start + cps,
    end: e.end + cps,
    byteStart: e.byteStart + bytes,
    byteEnd: e.byteEnd + bytes,
  }));
}

export { cpLength };
