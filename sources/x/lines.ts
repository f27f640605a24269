/**
 * Splits a chunked HTTP body into lines. X ends every message, and every keep-alive, with
 * "\r\n"; a chunk may end anywhere, even inside a multi-byte character.
 */
export interface LineSplitter {
  /** The lines completed by this chunk, without their line ending ("" for a keep-alive). */
  push(chunk: Uint8Array): string[];
  /** Drops a partial line (after a disconnect). */
  reset(): void;
}

export function createLineSplitter(): LineSplitter {
  let decoder = new TextDecoder('utf-8');
  let rest = '';
  return {
    push(chunk) {
      rest += decoder.decode(chunk, { stream: true });
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      return parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    },
    reset() {
      decoder = new TextDecoder('utf-8');
      rest = '';
    },
  };
}
