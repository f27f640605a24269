export type LiveStatus = 'connecting' | 'live' | 'idle' | 'paused' | 'error';

export interface LiveStatusInput {
  paused: boolean;
  hasError: boolean;
  hasData: boolean;
  /** Posts counted since the previous refresh. */
  newPosts: number;
}

/** The header's live indicator: paused wins, then errors, then whether new posts arrived. */
export function liveStatus(input: LiveStatusInput): LiveStatus {
  if (input.paused) return 'paused';
  if (input.hasError) return 'error';
  if (!input.hasData) return 'connecting';
  return input.newPosts > 0 ? 'live' : 'idle';
}

export const LIVE_STATUS_LABELS: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  idle: 'No new posts',
  paused: 'Paused',
  error: 'API unreachable',
};
