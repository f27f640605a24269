import { z } from 'zod';

/** X ids are decimal strings; ids beyond 2^53 only survive as strings. */
export const xIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a decimal id string');

/** X escapes &, < and > in post text as HTML entities; the Post carries the plain text. */
export function decodeXText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const HANDLE_RE = /^[A-Za-z0-9_]{1,50}$/;

export function xPostUrl(id: string, handle: string | undefined): string {
  return handle && HANDLE_RE.test(handle)
    ? `https://x.com/${handle}/status/${id}`
    : `https://x.com/i/web/status/${id}`;
}
