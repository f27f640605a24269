import { createLineSplitter } from '../../../../sources/x/lines';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('createLineSplitter', () => {
  it('splits on CRLF, reports keep-alives as empty lines and keeps partial lines', () => {
    const s = createLineSplitter();
    expect(s.push(bytes('\r\n{"a":1}\r\n{"b"'))).toEqual(['', '{"a":1}']);
    expect(s.push(bytes(':2}\r\n\r\n'))).toEqual(['{"b":2}', '']);
  });

  it('joins a multi-byte character split across chunks', () => {
    const s = createLineSplitter();
    const all = bytes('{"t":"東京 🚀"}\r\n');
    const out = [...s.push(all.slice(0, 9)), ...s.push(all.slice(9, 13)), ...s.push(all.slice(13))];
    expect(out).toEqual(['{"t":"東京 🚀"}']);
  });

  it('drops the partial line of a broken connection on reset', () => {
    const s = createLineSplitter();
    s.push(bytes('{"half'));
    s.reset();
    expect(s.push(bytes('{"whole":1}\r\n'))).toEqual(['{"whole":1}']);
  });
});
