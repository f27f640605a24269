import type { LocationItem } from '../core/api.types';
import { formatCount, formatShare } from '../shared/format';
import { SENTIMENT_LABELS, sentimentShares } from '../shared/sentiment';

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.className = className;
  // textContent, never innerHTML: place names come from users and may contain markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The place's country line: "Germany (DE)", or whichever of the two is known. */
function countryLine(location: LocationItem): string | undefined {
  if (location.country && location.countryCode)
    return `${location.country} (${location.countryCode})`;
  return location.country ?? location.countryCode;
}

/** A marker's popup, built from DOM nodes so every string from the API renders as text. */
export function buildPopupContent(location: LocationItem, doc: Document = document): HTMLElement {
  const root = element(doc, 'div', 'map-popup');
  root.setAttribute('data-testid', 'map-popup');

  root.append(
    element(doc, 'strong', 'map-popup__title', location.name || location.fullName || location.id),
  );
  if (location.fullName && location.fullName !== location.name) {
    root.append(element(doc, 'div', 'map-popup__sub', location.fullName));
  }
  const country = countryLine(location);
  if (country) root.append(element(doc, 'div', 'map-popup__sub', country));

  root.append(
    element(
      doc,
      'div',
      'map-popup__mentions',
      `${formatCount(location.mentions)} ${location.mentions === 1 ? 'mention' : 'mentions'}`,
    ),
  );

  const shares = sentimentShares(location);
  const list = element(doc, 'ul', 'map-popup__split');
  const rows = [
    ['POSITIVE', location.positive, shares.positive],
    ['NEUTRAL', location.neutral, shares.neutral],
    ['NEGATIVE', location.negative, shares.negative],
    ...(location.mixed > 0 ? [['MIXED', location.mixed, shares.mixed] as const] : []),
  ] as const;
  for (const [sentiment, count, share] of rows) {
    const item = element(doc, 'li', `map-popup__row map-popup__row--${sentiment}`);
    item.append(
      element(doc, 'span', 'map-popup__label', SENTIMENT_LABELS[sentiment]),
      element(doc, 'span', 'map-popup__value', `${formatCount(count)} · ${formatShare(share)}`),
    );
    list.append(item);
  }
  root.append(list);
  return root;
}
