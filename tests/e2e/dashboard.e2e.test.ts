import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findRepoRoot } from '../../local/paths';
import type { LocalStack } from '../../local/stack';
import { launchChromium, watchPage, type PageWatch } from './support/browser';
import {
  HTML_PAYLOAD,
  PAYLOAD_TAG,
  PLACES,
  REDDIT_POST,
  TOP_TAG,
  knownPosts,
  knownRedditThing,
} from './support/known-posts';
import {
  boxSpans,
  canvasInkByColor,
  dataTerms,
  chartInkAboveMiddle,
  horizontalOverflow,
  injectedElements,
  locationIds,
  markerSpans,
  markersAtLeast,
  postCountAbove,
  postCountIs,
} from './support/page-probes';
import { partitionKeyFor } from '../../functions/social/kinesis/partition-key';
import { putRecords } from '../support/stack-io';
import { dashboardBuild, sendPosts, startQuietStack, waitForPostCount } from './support/stack';

// The dashboard in headless Chromium against the real local stack (template, functions, state
// machine), fed through Kinesis with a known set of posts.

const root = findRepoRoot();
const artifacts = join(root, 'test-artifacts', 'e2e');
const now = new Date();
const posts = knownPosts(now);
/** The known posts and the Reddit post. */
const ALL_POSTS = posts.length + 1;
// The series colours of the chart (shared/sentiment.ts): positive, neutral, negative.
const SERIES_COLORS = ['#0072b2', '#8a929c', '#d55e00'];
// The word cloud's word colours (the sentiment text shades): positive, negative.
const WORD_COLORS = ['#005a9c', '#a84300'];
/** A word of the known posts (functions/domain/terms.ts reads it from the second text). */
const NEGATIVE_WORD = 'outage';
const postsUsing = (word: string) => posts.filter((p) => p.text.toLowerCase().includes(word));

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  // Both fail loudly (no browser, no build) before the slower stack starts.
  const staticDir = dashboardBuild(root);
  browser = await launchChromium();
  stack = await startQuietStack(staticDir);
  const sent = await sendPosts(stack, posts);
  expect(sent).toMatchObject({ sent: posts.length, failed: 0 });
  await putRecords(stack, [
    { partitionKey: partitionKeyFor(REDDIT_POST.id), data: knownRedditThing(now) },
  ]);
  const stats = await waitForPostCount(stack.url, ALL_POSTS, 90_000);
  expect(stats).toMatchObject({ posts: ALL_POSTS, failed: 0, deadLetters: 0 });
});

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await stack?.stop();
  }
});

async function openDashboard(
  width: number,
  height: number,
): Promise<{ page: Page; watch: PageWatch }> {
  if (!browser || !stack) throw new Error('beforeAll did not finish');
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // Above Playwright's 30 s default: a full-page screenshot on two cores busy with the CI's
  // other suites once took longer; the test's own timeout (support/timeout.ts) still bounds it.
  page.setDefaultTimeout(60_000);
  const watch = watchPage(page);
  await page.goto(`${stack.url}/`);
  // The data is all in before the page opens, so the first answers already hold every post.
  await page.locator(`[data-testid="hashtag-row"][data-tag="${TOP_TAG.key}"]`).waitFor();
  // Chart and map are deferred blocks; the outline is fetched after the map is created.
  await page.locator('[data-testid="sentiment-chart"]').waitFor();
  await page.waitForFunction(markersAtLeast, PLACES.length);
  await page.locator('.leaflet-outline-pane path').first().waitFor();
  return { page, watch };
}

describe('dashboard against the local stack', () => {
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    ({ page, watch } = await openDashboard(1440, 1000));
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('ranks the top hashtag first with its count', async () => {
    const first = page.locator('[data-testid="hashtag-row"]').first();
    await expect(first.getAttribute('data-tag')).resolves.toBe(TOP_TAG.key);
    await expect(first.locator('.tag-button__text').textContent()).resolves.toBe(TOP_TAG.display);
    await expect(first.locator('.col-num').textContent()).resolves.toBe(String(TOP_TAG.count));
  });

  it('shows a hashtag carrying markup as literal text', async () => {
    const row = page
      .locator('[data-testid="hashtag-row"]')
      .filter({ has: page.locator('.tag-button__text', { hasText: PAYLOAD_TAG.display }) });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.getAttribute('data-tag')).resolves.toBe(PAYLOAD_TAG.key);
    await expect(row.locator('.tag-button__text').textContent()).resolves.toBe(PAYLOAD_TAG.display);
    await expect(row.locator('.col-num').textContent()).resolves.toBe(String(PAYLOAD_TAG.count));
    await expect(page.locator('main').evaluate(injectedElements)).resolves.toBe(0);
  });

  it('puts one marker per place on the map and opens a popup on click', async () => {
    const markers = page.locator('[data-testid="map-marker"]');
    await expect(markers.count()).resolves.toBe(PLACES.length);
    const ids = await markers.evaluateAll(locationIds);
    expect(ids.sort()).toEqual(PLACES.map((p) => p.id).sort());

    await page.locator('[data-location-id="e2e:berlin"]').click();
    // Filtered by content: a popup that is closing fades out next to the new one for a moment.
    const popup = page.locator('[data-testid="map-popup"]', { hasText: 'Berlin' });
    await popup.waitFor();
    await expect(popup.locator('.map-popup__title').textContent()).resolves.toBe('Berlin');
    const berlinPosts = posts.filter((p) => p.place?.id === 'e2e:berlin').length;
    await expect(popup.textContent()).resolves.toContain(`${berlinPosts} mentions`);
  });

  it('renders a place name carrying markup as literal text in its popup', async () => {
    // Found by its country line, so a popup whose name did turn into markup is still found.
    const popup = page.locator('[data-testid="map-popup"]', { hasText: 'Kenya (KE)' });
    // Clicked again if no popup shows: on a loaded machine (CI, every suite at once) the first
    // click was once lost, the popup never opening in 30 s; what is tested here is its text.
    for (let attempt = 1; ; attempt++) {
      await page.locator('[data-location-id="e2e:payload"]').click();
      try {
        await popup.waitFor({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await expect(popup.locator('.map-popup__title').textContent()).resolves.toBe(HTML_PAYLOAD);
    await expect(popup.evaluate(injectedElements)).resolves.toBe(0);
  });

  it('plots the posts on the sentiment chart', async () => {
    const chart = page.locator('[data-testid="sentiment-chart"]');
    // The canvas' text alternative is computed from the same answer as the chart's data.
    const label = (await chart.getAttribute('aria-label')) ?? '';
    const counts = [...label.matchAll(/(\d+) (positive|neutral|negative|mixed)/g)].map((m) =>
      Number(m[1]),
    );
    expect(counts).toHaveLength(4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ALL_POSTS);
    await expect(chart.evaluate(chartInkAboveMiddle, SERIES_COLORS)).resolves.toBeGreaterThan(0);
  });

  it('shows a Reddit post with its subreddit and a link to it on Reddit', async () => {
    const post = page.locator(`[data-testid="post"][data-post-id="${REDDIT_POST.id}"]`);
    await post.waitFor();
    await expect(post.locator('[data-testid="post-subreddit"]').textContent()).resolves.toContain(
      REDDIT_POST.subreddit,
    );
    await expect(post.locator('[data-testid="post-source"]').textContent()).resolves.toBe('reddit');
    const link = post.locator('[data-testid="post-link"]');
    await expect(link.getAttribute('href')).resolves.toBe(REDDIT_POST.url);
    await expect(link.textContent()).resolves.toContain('Open on Reddit');
  });

  it('shows the words of the posts in a word cloud, in the colours of their sentiment', async () => {
    // The cloud is a deferred block; its words are buttons laid over the canvas once placed.
    const word = page.locator(`[data-testid="word"][data-term="${NEGATIVE_WORD}"]`);
    await word.waitFor();
    const terms = await page.locator('[data-testid="word"]').evaluateAll(dataTerms);
    expect(terms).toEqual(expect.arrayContaining(['loving', 'release', 'outage', 'meeting']));
    await expect(word.getAttribute('data-sentiment')).resolves.toBe('NEGATIVE');
    await expect(
      page.locator('[data-testid="word"][data-term="loving"]').getAttribute('data-sentiment'),
    ).resolves.toBe('POSITIVE');
    const [positiveInk, negativeInk] = await page
      .locator('[data-testid="word-cloud"]')
      .evaluate(canvasInkByColor, WORD_COLORS);
    expect(positiveInk).toBeGreaterThan(0);
    expect(negativeInk).toBeGreaterThan(0);
  });

  it('filters the recent posts by a word clicked in the cloud, until its chip is removed', async () => {
    await page.locator(`[data-testid="word"][data-term="${NEGATIVE_WORD}"]`).click();
    const chip = page.locator('[data-testid="posts-term-chip"]');
    await chip.waitFor();
    await expect(chip.textContent()).resolves.toContain(NEGATIVE_WORD);
    const expected = postsUsing(NEGATIVE_WORD).length;
    const items = page.locator('[data-testid="post"]');
    await page.waitForFunction(postCountIs, expected);
    const texts = await items.allTextContents();
    expect(texts).toHaveLength(expected);
    for (const text of texts) expect(text.toLowerCase()).toContain(NEGATIVE_WORD);

    await page.locator('[data-testid="posts-term-clear"]').click();
    await chip.waitFor({ state: 'detached' });
    await page.waitForFunction(postCountAbove, expected);
  });

  it('breaks the posts down by language and by source, with their sentiment', async () => {
    const breakdown = page.locator('[data-testid="breakdown"]');
    const counts = async () =>
      (await breakdown.locator('[data-testid="breakdown-count"]').allTextContents()).map(Number);
    await breakdown.locator('[data-testid="breakdown-row"]').first().waitFor();
    // Every post has a language (und when unknown): the rows add up to all of them.
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(ALL_POSTS);
    await expect(
      breakdown
        .locator('[data-testid="breakdown-row"][data-key="en"] [data-testid="breakdown-name"]')
        .textContent(),
    ).resolves.toContain('English');

    await breakdown.locator('input[value="sources"]').check();
    const reddit = breakdown.locator('[data-testid="breakdown-row"][data-key="reddit"]');
    await reddit.waitFor();
    await expect(reddit.locator('[data-testid="breakdown-name"]').textContent()).resolves.toContain(
      'Reddit',
    );
    await expect(reddit.locator('[data-testid="breakdown-count"]').textContent()).resolves.toBe(
      '1',
    );
    const known = breakdown.locator('[data-testid="breakdown-row"][data-key="post"]');
    await expect(known.locator('[data-testid="breakdown-count"]').textContent()).resolves.toBe(
      String(posts.length),
    );
    // The known posts are scored: their bar has a split, not "No sentiment yet".
    await expect(
      known.locator('[data-testid="sentiment-bar"]').getAttribute('aria-label'),
    ).resolves.toMatch(/\d+% positive, \d+% neutral, \d+% negative/);
  });

  it('never runs script from post data', () => {
    expect(watch).toEqual({ dialogs: [], errors: [], cspViolations: [] });
  });

  it('saves a desktop screenshot (with the last popup open)', async () => {
    await page.screenshot({ path: join(artifacts, 'dashboard-desktop.png'), fullPage: true });
  });
});

describe('dashboard on a phone', () => {
  // Twice in about ten CI runs the phone page's full-page screenshot never came (90 s, with the
  // rest of the suite passing; alone or beside four busy loops it takes under a second): a
  // fresh page gets one more try, and the first failure is logged.
  jest.retryTimes(1, { logErrorsBeforeRetry: true });

  it('does not scroll sideways at 375 px and saves a screenshot', async () => {
    const { page, watch } = await openDashboard(375, 812);
    try {
      // The last panels to fill in: the breakdown and the (deferred) word cloud.
      await page.locator('[data-testid="breakdown-row"]').first().waitFor();
      await page.locator(`[data-testid="word"][data-term="${NEGATIVE_WORD}"]`).waitFor();
      const { scrollWidth, clientWidth } = await page.evaluate(horizontalOverflow);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      // Every word of the cloud lies inside the screen.
      const words = await page.locator('[data-testid="word"]').evaluateAll(boxSpans);
      expect(words.filter((w) => w.left < 0 || w.right > 375)).toEqual([]);
      // The view fits the places: every marker lies wholly inside the map.
      const frame = await page.locator('[data-testid="map"]').boundingBox();
      expect(frame).not.toBeNull();
      const { x, width } = frame ?? { x: 0, width: 0 };
      const spans = await page.locator('[data-testid="map-marker"]').evaluateAll(markerSpans);
      expect(spans.filter((m) => m.left < x || m.right > x + width)).toEqual([]);
      await page.screenshot({ path: join(artifacts, 'dashboard-phone.png'), fullPage: true });
      expect(watch).toEqual({ dialogs: [], errors: [], cspViolations: [] });
    } finally {
      await page.context().close();
    }
  });
});
