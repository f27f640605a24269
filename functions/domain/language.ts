/** Language handling for the enrichment workflow: what goes to Comprehend and what comes back. */

/** Comprehend rejects documents over 5,000 bytes (UTF-8) in its batch calls. */
export const MAX_DOCUMENT_BYTES = 5000;
/** Documents per Comprehend batch call. */
export const MAX_DOCUMENTS_PER_BATCH = 25;

/** Languages Amazon Comprehend's DetectSentiment supports. */
export const COMPREHEND_SENTIMENT_LANGUAGES: readonly string[] = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ar',
  'hi',
  'ja',
  'ko',
  'zh',
  'zh-TW',
];

/**
 * When the detector is guessing (short posts, emoji, mixed languages), sentiment with the wrong
 * language model is worse than none, so such posts are left without a language. Comprehend's
 * scores are probabilities: a top score of 0.5 is a clear pick. The builtin engine's scores are
 * shares of its top three, so a top language that clearly leads the runner-up counts too.
 */
export const MIN_LANGUAGE_SCORE = 0.5;
export const MIN_LEADING_SCORE = 0.3;
export const MIN_LEAD_RATIO = 1.1;

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Splits a text into the longest prefix of at most `maxBytes` UTF-8 bytes that ends on a code
 * point boundary, and the rest; `head + tail` is the original text.
 */
export function splitAtBytes(
  text: string,
  maxBytes = MAX_DOCUMENT_BYTES,
): { head: string; tail: string } {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { head: text, tail: '' };
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return { head: text.slice(0, end), tail: text.slice(end) };
}

/** The detected language to use: the top-scored one when it is a confident pick, else none. */
export function pickLanguage(
  languages: readonly { LanguageCode?: string; Score?: number }[] | undefined,
): string | undefined {
  const ranked = [...(languages ?? [])].sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0));
  const code = ranked[0]?.LanguageCode;
  const top = ranked[0]?.Score ?? 0;
  const runnerUp = ranked[1]?.Score ?? 0;
  if (!code || code === 'und') return undefined;
  const confident =
    top >= MIN_LANGUAGE_SCORE || (top >= MIN_LEADING_SCORE && top >= runnerUp * MIN_LEAD_RATIO);
  return confident ? code : undefined;
}

const TRADITIONAL_CHINESE = new Set(['zh-tw', 'zh-hk', 'zh-mo', 'zh-hant']);

/**
 * The sentiment LanguageCode for a post language, or undefined when the engine does not support
 * it. Regional tags fall back to their primary language ("pt-BR" -> "pt"), except Traditional
 * Chinese, which Comprehend models separately as "zh-TW".
 */
export function sentimentLanguage(
  lang: string | undefined,
  supported: readonly string[],
): string | undefined {
  if (!lang) return undefined;
  const lower = lang.toLowerCase();
  const exact = supported.find((s) => s.toLowerCase() === lower);
  if (exact) return exact;
  if (TRADITIONAL_CHINESE.has(lower) && supported.includes('zh-TW')) return 'zh-TW';
  const primary = lower.split(/[-_]/)[0] ?? '';
  return supported.find((s) => s.toLowerCase() === primary);
}

/**
 * Languages from a comma-separated setting ("en,de"), as the template passes the languages of a
 * user's ONNX model; English when unset.
 */
export function parseLanguageList(setting: string | undefined): string[] {
  const codes = (setting ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return codes.length ? codes : ['en'];
}
