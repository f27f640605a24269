import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and quotes what needs quoting, as npm run query -- --csv does', () => {
    const csv = toCsv(
      [
        { name: 'tag', type: 'string' },
        { name: 'n', type: 'number' },
        { name: 'tags', type: 'array' },
      ],
      [
        { tag: 'a,"b"', n: 1, tags: ['x', 'y'] },
        { tag: null, n: 22, tags: [] },
        { tag: 'line\nbreak', n: 0, tags: [] },
      ],
    );
    expect(csv).toBe('tag,n,tags\r\n"a,""b""",1,"[""x"",""y""]"\r\n,22,[]\r\n"line\nbreak",0,[]');
  });
});
