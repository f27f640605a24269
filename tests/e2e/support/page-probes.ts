// These functions run inside the page (playwright serializes them), so they must stay
// self-contained: no imports, no module-level values. The repository's type check has no DOM
// library (backend code must not see `document`), so the little of the DOM used here is typed
// locally.

interface Box {
  left: number;
  right: number;
}

interface PageElement {
  tagName: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  querySelectorAll(selector: string): { length: number };
}

interface Canvas extends PageElement {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}

interface PageDocument {
  querySelectorAll(selector: string): { length: number };
  scrollingElement: { scrollWidth: number; clientWidth: number } | null;
  documentElement: { scrollWidth: number; clientWidth: number };
}

/**
 * Pixels in the upper half of the chart canvas drawn in one of the series colours. A chart
 * whose buckets are all zero draws its lines along the bottom of the plot (the y axis begins at
 * zero), so ink up there means a point with posts was plotted, not only an empty frame.
 */
export function chartInkAboveMiddle(element: unknown, hexColors: string[]): number {
  const canvas = element as Canvas;
  if (canvas.tagName !== 'CANVAS' || canvas.width === 0 || canvas.height === 0) return -1;
  const context = canvas.getContext('2d');
  if (!context) return -1;
  const targets = hexColors.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const { data } = context.getImageData(0, 0, canvas.width, Math.floor(canvas.height / 2));
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i + 3] ?? 0) < 200) continue;
    const near = targets.some(
      (rgb) =>
        Math.abs((data[i] ?? 0) - (rgb[0] ?? 0)) <= 12 &&
        Math.abs((data[i + 1] ?? 0) - (rgb[1] ?? 0)) <= 12 &&
        Math.abs((data[i + 2] ?? 0) - (rgb[2] ?? 0)) <= 12,
    );
    if (near) ink++;
  }
  return ink;
}

/**
 * Pixels of the whole canvas drawn in each of the colours (one count per colour): the word
 * cloud draws each word in its sentiment's colour, so a count above zero means a word of that
 * sentiment was drawn.
 */
export function canvasInkByColor(element: unknown, hexColors: string[]): number[] {
  const canvas = element as Canvas;
  if (canvas.tagName !== 'CANVAS' || canvas.width === 0 || canvas.height === 0) return [];
  const context = canvas.getContext('2d');
  if (!context) return [];
  const targets = hexColors.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const ink = targets.map(() => 0);
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i + 3] ?? 0) < 200) continue;
    targets.forEach((rgb, t) => {
      const near =
        Math.abs((data[i] ?? 0) - (rgb[0] ?? 0)) <= 12 &&
        Math.abs((data[i + 1] ?? 0) - (rgb[1] ?? 0)) <= 12 &&
        Math.abs((data[i + 2] ?? 0) - (rgb[2] ?? 0)) <= 12;
      if (near) ink[t] = (ink[t] ?? 0) + 1;
    });
  }
  return ink;
}

/** Horizontal extent of elements on screen (the word cloud's word buttons). */
export function boxSpans(elements: unknown[]): Box[] {
  return elements.map((element) => {
    const box = (element as PageElement).getBoundingClientRect();
    return { left: box.left, right: box.right };
  });
}

export function horizontalOverflow(): { scrollWidth: number; clientWidth: number } {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  const root = doc.scrollingElement ?? doc.documentElement;
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
}

/** Elements created from markup inside the region: none may exist if strings stay text. */
export function injectedElements(region: unknown): number {
  return (region as PageElement).querySelectorAll('img, script, iframe').length;
}

/** Horizontal extent of each map marker on screen, with its place id. */
export function markerSpans(elements: unknown[]): (Box & { id: string | null })[] {
  return elements.map((element) => {
    const marker = element as PageElement;
    const box = marker.getBoundingClientRect();
    return { id: marker.getAttribute('data-location-id'), left: box.left, right: box.right };
  });
}

export function markersAtLeast(count: number): boolean {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  return doc.querySelectorAll('[data-testid="map-marker"]').length >= count;
}

export function locationIds(markers: unknown[]): (string | null)[] {
  return markers.map((marker) => (marker as PageElement).getAttribute('data-location-id'));
}

/** The recent-posts list shows exactly `count` posts. */
export function postCountIs(count: number): boolean {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  return doc.querySelectorAll('[data-testid="post"]').length === count;
}

/** The recent-posts list shows more than `count` posts. */
export function postCountAbove(count: number): boolean {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  return doc.querySelectorAll('[data-testid="post"]').length > count;
}

/** Each element's `data-term` (the word cloud's words). */
export function dataTerms(elements: unknown[]): (string | null)[] {
  return elements.map((element) => (element as PageElement).getAttribute('data-term'));
}
