import type { PostItem, Sentiment } from '../core/api.types';
import { absoluteTime, timeAgo } from '../shared/format';
import { SENTIMENT_LABELS } from '../shared/sentiment';

export interface PostView {
  id: string;
  text: string;
  /** Empty when the source named no author. */
  author: string;
  /** "@handle" when the name is shown too, else empty. */
  handle: string;
  createdAt: string;
  time: string;
  timeTitle: string;
  place: string;
  sentiment: Sentiment | 'NONE';
  sentimentLabel: string;
  /** Confidence of the winning class, "87%", when the score is known. */
  confidence: string;
  hashtags: string[];
  cashtags: string[];
  url: string | undefined;
  source: string;
  /** `r/aws` for a Reddit post (its subreddit, counted like a hashtag), else empty. */
  subreddit: string;
  /** What the link says: where it leads. */
  linkLabel: string;
}

const SOURCE_NAMES: Record<string, string> = { x: 'X', bsky: 'Bluesky', reddit: 'Reddit' };
const SUBREDDIT_DISPLAY_RE = /^r\/[A-Za-z0-9_]{2,21}$/;

const SCORE_KEY = {
  POSITIVE: 'Positive',
  NEGATIVE: 'Negative',
  NEUTRAL: 'Neutral',
  MIXED: 'Mixed',
} as const;

/** The post as the list shows it. Strings stay plain text; the template interpolates them. */
export function toPostView(post: PostItem, now: number): PostView {
  const handle = post.author?.handle?.replace(/^@/, '');
  const name = post.author?.name?.trim();
  const sentiment = post.sentiment ?? 'NONE';
  const score = post.sentiment && post.sentimentScore?.[SCORE_KEY[post.sentiment]];
  const tags = post.hashtags.map((tag) => tag.replace(/^#/, ''));
  // A Reddit post carries its subreddit as a tag: shown as where it was posted, not as a #tag.
  const subreddit =
    post.source === 'reddit' ? (tags.find((t) => SUBREDDIT_DISPLAY_RE.test(t)) ?? '') : '';
  const network = SOURCE_NAMES[post.source];
  return {
    id: post.id,
    text: post.text,
    author: name || (handle ? `@${handle}` : (post.author?.id ?? '')),
    handle: name && handle ? `@${handle}` : '',
    createdAt: post.createdAt,
    time: timeAgo(post.createdAt, now),
    timeTitle: absoluteTime(post.createdAt),
    place: [post.placeName, post.countryCode].filter(Boolean).join(', '),
    sentiment,
    sentimentLabel: sentiment === 'NONE' ? 'Not scored' : SENTIMENT_LABELS[sentiment],
    confidence: typeof score === 'number' ? `${Math.round(score * 100)}%` : '',
    hashtags: subreddit ? tags.filter((t) => t !== subreddit) : tags,
    cashtags: post.cashtags,
    url: post.url,
    source: post.source,
    subreddit,
    linkLabel: network ? `Open on ${network}` : 'Open',
  };
}
