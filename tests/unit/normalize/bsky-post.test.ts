import { normalizeRecord } from '../../../functions/domain/normalize';
import { okPost, rejection } from './fixtures';

const DID = 'did:plc:z72i7hdynmk6r22z27h6tvur';

/** An `app.bsky.feed.defs#postView` as searchPosts returns it (and export tools write it). */
function postView(): Record<string, unknown> {
  return {
    uri: `at://${DID}/app.bsky.feed.post/3lbhs6yqwmc2x`,
    cid: 'bafyreigh7hyzs3pqlbezk7mu3nf7ajqmrr2ldcfvq4h3kdyuqcnm5ikbim',
    author: {
      did: DID,
      handle: 'bsky.app',
      displayName: 'Bluesky',
      avatar: 'https://cdn.bsky.app/img/avatar/plain/x/y@jpeg',
      labels: [],
      createdAt: '2023-04-12T04:53:57.057Z',
    },
    record: {
      $type: 'app.bsky.feed.post',
      createdAt: '2024-11-21T10:40:12.345Z',
      langs: ['en'],
      text: 'Starter packs are here #bluesky',
      facets: [
        {
          features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'bluesky' }],
          index: { byteStart: 23, byteEnd: 31 },
        },
      ],
    },
    replyCount: 12,
    repostCount: 30,
    likeCount: 210,
    quoteCount: 3,
    indexedAt: '2024-11-21T10:40:13.101Z',
    labels: [],
  };
}

describe('Bluesky post views (AppView, export tools)', () => {
  it('keeps the handle and display name, with the same id a Jetstream event gets', () => {
    const result = normalizeRecord(postView());
    expect(result).toMatchObject({ ok: true, format: 'bsky-post' });
    expect(okPost(result)).toEqual({
      id: `bsky:at://${DID}/app.bsky.feed.post/3lbhs6yqwmc2x`,
      source: 'bsky',
      text: 'Starter packs are here #bluesky',
      createdAt: '2024-11-21T10:40:12.345Z',
      lang: 'en',
      author: { id: DID, handle: 'bsky.app', name: 'Bluesky' },
      hashtags: [{ key: 'bluesky', display: 'bluesky' }],
      cashtags: [],
      isRetweet: false,
      isReply: false,
      url: 'https://bsky.app/profile/bsky.app/post/3lbhs6yqwmc2x',
    });
  });

  it('drops a handle the AppView marks invalid, keeping the DID', () => {
    const view = postView();
    (view.author as Record<string, unknown>).handle = 'handle.invalid';
    const post = okPost(normalizeRecord(view));
    expect(post.author).toEqual({ id: DID, name: 'Bluesky' });
    expect(post.url).toBe(`https://bsky.app/profile/${DID}/post/3lbhs6yqwmc2x`);
  });

  it('refuses a uri of another repository or collection', () => {
    const other = {
      ...postView(),
      uri: 'at://did:plc:someoneelse/app.bsky.feed.post/3lbhs6yqwmc2x',
    };
    expect(rejection(normalizeRecord(other))).toMatchObject({ code: 'INVALID' });
    const like = { ...postView(), uri: `at://${DID}/app.bsky.feed.like/3lbhs6yqwmc2x` };
    expect(rejection(normalizeRecord(like))).toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });

  it('names a missing record field', () => {
    const view = postView();
    delete (view.record as Record<string, unknown>).text;
    expect(rejection(normalizeRecord(view))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'bsky-post: record.text is missing',
    });
  });
});
