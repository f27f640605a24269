import {
  compileFilters,
  compilePattern,
  FilterPatternError,
  kinesisFilterView,
} from '../../../../local/event-sources/filter';

const ddbRecord = (
  eventName: string,
  image: Record<string, unknown> = {},
): Record<string, unknown> => ({
  eventID: '1',
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { id: { S: 'x' } }, NewImage: image, SequenceNumber: '1' },
});

describe('FilterCriteria patterns', () => {
  it('matches exact values, as in the template (INSERT only)', () => {
    const f = compilePattern('{"eventName": ["INSERT"]}');
    expect(f(ddbRecord('INSERT'))).toBe(true);
    expect(f(ddbRecord('MODIFY'))).toBe(false);
    expect(f(ddbRecord('REMOVE'))).toBe(false);
  });

  it('matches nested fields, numbers, booleans and null', () => {
    const f = compilePattern('{"dynamodb": {"NewImage": {"lang": {"S": ["en", "de"]}}}}');
    expect(f(ddbRecord('INSERT', { lang: { S: 'de' } }))).toBe(true);
    expect(f(ddbRecord('INSERT', { lang: { S: 'fr' } }))).toBe(false);
    expect(f(ddbRecord('INSERT', {}))).toBe(false);
    expect(compilePattern('{"n": [3]}')({ n: 3 })).toBe(true);
    expect(compilePattern('{"n": [3]}')({ n: '3' })).toBe(false);
    expect(compilePattern('{"b": [true]}')({ b: true })).toBe(true);
    expect(compilePattern('{"v": [null]}')({ v: null })).toBe(true);
    expect(compilePattern('{"v": [null]}')({})).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case and wildcard', () => {
    expect(compilePattern('{"id": [{"prefix": "x:"}]}')({ id: 'x:123' })).toBe(true);
    expect(compilePattern('{"id": [{"prefix": "x:"}]}')({ id: 'bsky:1' })).toBe(false);
    expect(
      compilePattern('{"id": [{"prefix": {"equals-ignore-case": "X:"}}]}')({ id: 'x:1' }),
    ).toBe(true);
    expect(compilePattern('{"f": [{"suffix": ".png"}]}')({ f: 'a.png' })).toBe(true);
    expect(compilePattern('{"t": [{"equals-ignore-case": "AWS"}]}')({ t: 'aws' })).toBe(true);
    expect(compilePattern('{"p": [{"wildcard": "a*/c"}]}')({ p: 'ab/b/c' })).toBe(true);
    expect(compilePattern('{"p": [{"wildcard": "a*/c"}]}')({ p: 'ab/b/d' })).toBe(false);
  });

  it('supports anything-but with values, lists and prefix; a missing field never matches', () => {
    const f = compilePattern('{"eventName": [{"anything-but": ["REMOVE", "MODIFY"]}]}');
    expect(f(ddbRecord('INSERT'))).toBe(true);
    expect(f(ddbRecord('REMOVE'))).toBe(false);
    expect(f({})).toBe(false);
    expect(compilePattern('{"s": [{"anything-but": {"prefix": "tmp"}}]}')({ s: 'tmpx' })).toBe(
      false,
    );
    expect(compilePattern('{"s": [{"anything-but": {"prefix": "tmp"}}]}')({ s: 'keep' })).toBe(
      true,
    );
    expect(compilePattern('{"n": [{"anything-but": 0}]}')({ n: 1 })).toBe(true);
  });

  it('supports exists true and false', () => {
    const has = compilePattern('{"dynamodb": {"NewImage": {"place": [{"exists": true}]}}}');
    const lacks = compilePattern('{"dynamodb": {"NewImage": {"place": [{"exists": false}]}}}');
    expect(has(ddbRecord('INSERT', { place: { M: {} } }))).toBe(true);
    expect(has(ddbRecord('INSERT', {}))).toBe(false);
    expect(lacks(ddbRecord('INSERT', {}))).toBe(true);
    expect(lacks(ddbRecord('INSERT', { place: { M: {} } }))).toBe(false);
  });

  it('supports numeric ranges', () => {
    const f = compilePattern('{"score": [{"numeric": [">", 0, "<=", 5]}]}');
    expect(f({ score: 5 })).toBe(true);
    expect(f({ score: 0 })).toBe(false);
    expect(f({ score: 6 })).toBe(false);
    expect(f({ score: '3' })).toBe(false);
    expect(compilePattern('{"x": [{"numeric": ["=", 2]}]}')({ x: 2 })).toBe(true);
  });

  it('matches an array field when any element matches, and $or alternatives', () => {
    expect(compilePattern('{"tags": ["aws"]}')({ tags: ['x', 'aws'] })).toBe(true);
    expect(compilePattern('{"tags": ["aws"]}')({ tags: ['x'] })).toBe(false);
    const or = compilePattern('{"$or": [{"a": [1]}, {"b": [2]}]}');
    expect(or({ b: 2 })).toBe(true);
    expect(or({ a: 2, b: 1 })).toBe(false);
  });

  it('ORs the filters of a mapping; no filters means everything passes', () => {
    expect(compileFilters([])).toBeUndefined();
    const f = compileFilters(['{"eventName": ["INSERT"]}', '{"eventName": ["REMOVE"]}'])!;
    expect(f(ddbRecord('REMOVE'))).toBe(true);
    expect(f(ddbRecord('MODIFY'))).toBe(false);
  });

  it('rejects malformed patterns', () => {
    expect(() => compilePattern('not json')).toThrow(FilterPatternError);
    expect(() => compilePattern('["a"]')).toThrow(FilterPatternError);
    expect(() => compilePattern('{"a": "b"}')).toThrow(FilterPatternError);
    expect(() => compilePattern('{"a": [{"regex": "x"}]}')).toThrow(/unsupported/);
  });
});

describe('Kinesis filter view', () => {
  const kinesis = (data: string) => ({
    kinesisSchemaVersion: '1.0',
    partitionKey: 'pk-1',
    sequenceNumber: '49',
    data: Buffer.from(data).toString('base64'),
    approximateArrivalTimestamp: 1.5,
  });

  it('decodes JSON data so patterns on data apply to its fields', () => {
    const f = compilePattern('{"data": {"source": ["demo"]}, "partitionKey": [{"prefix": "pk"}]}');
    expect(f(kinesisFilterView(kinesis('{"source":"demo"}')))).toBe(true);
    expect(f(kinesisFilterView(kinesis('{"source":"x"}')))).toBe(false);
  });

  it('drops non-JSON data for a data pattern, but metadata patterns still apply', () => {
    expect(
      compilePattern('{"data": {"source": ["demo"]}}')(kinesisFilterView(kinesis('plain text'))),
    ).toBe(false);
    expect(
      compilePattern('{"partitionKey": ["pk-1"]}')(kinesisFilterView(kinesis('plain text'))),
    ).toBe(true);
  });
});
