import type { SentimentCounts } from '../core/api.types';
import { netSentiment, netSentimentColor } from '../shared/sentiment';

export const MIN_RADIUS = 4;
export const MAX_RADIUS = 22;

/** Circle radius in pixels: area grows with mentions (square-root scale), so big places don't swamp. */
export function markerRadius(mentions: number, maxMentions: number): number {
  if (maxMentions <= 0 || mentions <= 0) return MIN_RADIUS;
  const ratio = Math.min(1, mentions / maxMentions);
  return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(ratio);
}

export interface MarkerStyle {
  radius: number;
  fillColor: string;
  color: string;
  weight: number;
  fillOpacity: number;
  opacity: number;
}

export function markerStyle(counts: SentimentCounts, maxMentions: number): MarkerStyle {
  return {
    radius: markerRadius(counts.mentions, maxMentions),
    fillColor: netSentimentColor(netSentiment(counts)),
    // A white rim keeps overlapping circles apart on the pale base map.
    color: '#ffffff',
    weight: 1.5,
    fillOpacity: 0.82,
    opacity: 1,
  };
}
