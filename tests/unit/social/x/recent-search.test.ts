import { createXApi } from '../../../../functions/social/x/api';
import { buildQueries, searchRecent } from '../../../../functions/social/x/recent-search';
import { parseTerms } from '../../../../functions/social/tracking/terms';
import { demoRecords } from '../../sources/produce/support/demo-records';
import { flakyKinesis, type FlakyKinesis } from '../../sources/produce/support/fake-kinesis';
import { fakeXSearch, type SearchPayload } from '../../sources/produce/support/fake-x-search';

// Newest first, as recent search answers.
const payloads = demoRecords('x-v2', 7, 3)
  .map((r) => r.data as unknown as SearchPayload)
  .reverse();
const ids = payloads.map((p) => p.data.id);

async function fakeSearch(opts: Parameters<typeof fakeXSearch>[1] = {}) {
  const server = await fakeXSearch(payloads, opts);
  return { ...server, api: createXApi({ token: 't', baseUrl: server.url }) };
}

describe('searchRecent', () => {
  let kinesis: FlakyKinesis;
  let server: Awaited<ReturnType<typeof fakeSearch>> | undefined;
  beforeEach(() => {
    kinesis = flakyKinesis();
  });
  afterEach(async () => {
    kinesis.restore();
    await server?.close();
  });
  const terms = parseTerms(['#aws', 'rust']);

  it('pages down to since_id, sends each post once with its author and place, and moves the checkpoint', async () => {
    server = await fakeSearch();
    const sinceId = ids[6]!;
    const result = await searchRecent({
      api: server.api,
      terms,
      sinceId,
      deadline: Infinity,
      sink: (r) => kinesis.writer.put(r),
    });
    await kinesis.writer.flush();
    expect(result).toMatchObject({ posts: 6, complete: true, rateLimited: false, requests: 3 });
    expect(result.nextSinceId).toBe(ids[0]);
    expect(kinesis.postIds().sort()).toEqual(
      ids
        .slice(0, 6)
        .map((id) => `x:${id}`)
        .sort(),
    );
    expect(server.requests[0]!.get('query')).toBe('(#aws OR "rust")');
    expect(server.requests[0]!.get('expansions')).toContain('geo.place_id');
    // Only the includes a post refers to travel with it.
    for (const r of kinesis.accepted) {
      const p = JSON.parse(r.data) as SearchPayload;
      expect(p.includes?.users?.map((u) => u.id)).toEqual([p.data.author_id]);
      expect((p.includes?.places ?? []).every((pl) => pl.id === p.data.geo?.place_id)).toBe(true);
    }
  });

  it('reads only the newest page without a checkpoint', async () => {
    server = await fakeSearch();
    const result = await searchRecent({
      api: server.api,
      terms,
      deadline: Infinity,
      sink: (r) => kinesis.writer.put(r),
    });
    expect(result).toMatchObject({ posts: 2, complete: true, requests: 1, nextSinceId: ids[0] });
  });

  it('keeps the checkpoint when rate limited or out of time', async () => {
    server = await fakeSearch({ failOnRequest: { 2: [429, '{"title":"Too Many Requests"}'] } });
    const limited = await searchRecent({
      api: server.api,
      terms,
      sinceId: ids[6]!,
      deadline: Infinity,
      sink: (r) => kinesis.writer.put(r),
    });
    expect(limited).toMatchObject({ posts: 2, complete: false, rateLimited: true });
    expect(limited.nextSinceId).toBeUndefined();

    let clock = 0;
    const late = await searchRecent({
      api: server.api,
      terms,
      sinceId: ids[6]!,
      deadline: 1,
      now: () => clock++,
      sink: (r) => kinesis.writer.put(r),
    });
    expect(late).toMatchObject({ complete: false, requests: 1 });
    expect(late.nextSinceId).toBeUndefined();
  });

  it('starts afresh when X refuses a since_id older than 7 days', async () => {
    server = await fakeSearch({
      failOnRequest: { 1: [400, '{"errors":[{"message":"Invalid since_id: too old"}]}'] },
    });
    const result = await searchRecent({
      api: server.api,
      terms,
      sinceId: '1',
      deadline: Infinity,
      sink: (r) => kinesis.writer.put(r),
    });
    expect(server.requests[1]!.get('since_id')).toBeNull();
    expect(result).toMatchObject({ posts: 2, complete: true, nextSinceId: ids[0] });
  });
});

describe('buildQueries', () => {
  it('ORs terms into queries within the length limit', () => {
    const terms = parseTerms(Array.from({ length: 60 }, (_, i) => `#tag${i}`));
    const queries = buildQueries(terms, 120);
    expect(queries.length).toBeGreaterThan(1);
    for (const q of queries) expect(q.length).toBeLessThanOrEqual(120);
    const all = queries.flatMap((q) => q.replace(/^\(|\)$/g, '').split(' OR '));
    expect(all).toEqual(terms.map((t) => t.key));
    expect(buildQueries(parseTerms(['#one']))).toEqual(['#one']);
  });
});
