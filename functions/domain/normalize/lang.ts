// X still sends the ISO 639 codes withdrawn in 1989; Comprehend and eld use the current ones.
const LEGACY: Record<string, string> = { in: 'id', iw: 'he', ji: 'yi', jw: 'jv' };

/**
 * The primary language subtag ("en" from "en-US"), or undefined when the source does not know
 * the language: "und", "zxx" (no linguistic content), "mul", and X's private-use codes
 * (qme = media only, qht = hashtags only, qam, qct, qst ... all in ISO's qaa-qtz range).
 */
export function normalizeLang(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return undefined;
  if (
    primary === 'und' ||
    primary === 'zxx' ||
    primary === 'mul' ||
    /^q[a-t][a-z]$/.test(primary)
  ) {
    return undefined;
  }
  return LEGACY[primary] ?? primary;
}
