import { atUri, type Draft } from '../draft';
import type { TextEntity } from '../text';

function facet(e: TextEntity): Record<string, unknown> | undefined {
  let feature: Record<string, unknown>;
  if (e.kind === 'hashtag') feature = { $type: 'app.bsky.richtext.facet#tag', tag: e.value };
  else if (e.kind === 'mention' && e.author) {
    feature = { $type: 'app.bsky.richtext.facet#mention', did: e.author.did };
  } else if (e.kind === 'url') {
    feature = { $type: 'app.bsky.richtext.facet#link', uri: e.expandedUrl ?? e.value };
  } else return undefined; // Bluesky has no cashtag facet: "$TSLA" stays plain text.
  return {
    $type: 'app.bsky.richtext.facet',
    index: { byteStart: e.byteStart, byteEnd: e.byteEnd },
    features: [feature],
  };
}

/** The `app.bsky.feed.post` record of a Bluesky draft. */
function recordOf(d: Draft): Record<string, unknown> {
  const facets = d.body.entities.map(facet).filter((f) => f !== undefined);
  const record: Record<string, unknown> = {
    $type: 'app.bsky.feed.post',
    createdAt: d.createdAt.toISOString(),
    langs: [d.lang],
    text: d.body.text,
  };
  if (facets.length > 0) record.facets = facets;
  if (d.bsky?.extraTags.length) record.tags = d.bsky.extraTags;
  if (d.replyTo?.bsky) {
    let root = d.replyTo;
    while (root.replyTo?.bsky) root = root.replyTo;
    record.reply = {
      root: { cid: root.bsky?.cid, uri: atUri(root) },
      parent: { cid: d.replyTo.bsky.cid, uri: atUri(d.replyTo) },
    };
  }
  return record;
}

/** A Bluesky Jetstream commit event creating an `app.bsky.feed.post` record. */
export function renderJetstream(d: Draft): Record<string, unknown> {
  if (!d.bsky) throw new Error('renderJetstream needs a Bluesky draft');
  const record = recordOf(d);
  return {
    did: d.author.did,
    time_us: Number(d.bsky.timeUs),
    kind: 'commit',
    commit: {
      rev: d.bsky.rev,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: d.id,
      record,
      cid: d.bsky.cid,
    },
  };
}

/**
 * The same post as a Bluesky post view (`{uri, cid, author, record}`): what the Bluesky source
 * sends once it knows the author's handle, so the dashboard shows `@handle`, not the DID.
 */
export function renderPostView(d: Draft): Record<string, unknown> {
  if (!d.bsky) throw new Error('renderPostView needs a Bluesky draft');
  return {
    uri: atUri(d),
    cid: d.bsky.cid,
    author: { did: d.author.did, handle: d.author.bskyHandle, displayName: d.author.name },
    record: recordOf(d),
    indexedAt: new Date(Number(d.bsky.timeUs / 1000n)).toISOString(),
  };
}
