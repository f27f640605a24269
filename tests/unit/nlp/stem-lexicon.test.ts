import { createFeaturizer, DENSE_FEATURES } from '../../../functions/nlp/engine/features';

/** Lexicon cues of a stemmed lexicon (nlp.js ships Spanish, German, ... lexicons as stems). */
describe('stemmed lexicons', () => {
  const lexicon = new Map([
    ['odi', -3],
    ['encant', 3],
  ]);
  const config = {
    bits: 12,
    charMin: 2,
    charMax: 3,
    charWeight: 1,
    denseWeight: 1,
    lexTokens: true,
    negators: ['no'],
    scopeBreakers: ['pero'],
  };
  const lexPos = (fz: ReturnType<typeof createFeaturizer>, text: string): number[] => {
    const v = fz.featurize(text, { idx: new Int32Array(16), val: new Float32Array(16), size: 0 });
    return Array.from(v.idx.subarray(0, v.size));
  };

  it('reads a word through its longest stem prefix, with diacritics folded', () => {
    const stems = createFeaturizer(
      { ...config, lexiconStems: 3 },
      { lexicon, vocabulary: new Set() },
    );
    const exact = createFeaturizer(config, { lexicon, vocabulary: new Set() });
    // "odió" folds to "odio", whose prefix "odi" is a stem; without stems nothing matches.
    expect(lexPos(stems, 'lo odió')).not.toEqual(lexPos(exact, 'lo odió'));
    expect(lexPos(stems, 'me encantan')).not.toEqual(lexPos(exact, 'me encantan'));
    expect(lexPos(stems, 'la mesa')).toEqual(lexPos(exact, 'la mesa'));
    expect(DENSE_FEATURES).toContain('lex.neg');
  });

  it('marks negation with the language’s own cues', () => {
    const fz = createFeaturizer(config, { lexicon, vocabulary: new Set() });
    expect(fz.analyze('no me gusta, pero bueno').tokens).toEqual([
      'no',
      'me_NEG',
      'gusta_NEG',
      ',',
      'pero',
      'bueno',
    ]);
    // English cues do not apply to a model with its own list.
    expect(fz.analyze("don't like").negated).toEqual([false, false]);
  });
});
