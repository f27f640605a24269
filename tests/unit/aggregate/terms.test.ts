import { termsOf, topTerms } from '../../../functions/domain/terms';

describe('termsOf: the words of a post for the word cloud', () => {
  it.each<[string, string | undefined, string[]]>([
    [
      'The outage is terrible, AWS support is slow',
      'en',
      ['outage', 'terrible', 'aws', 'support', 'slow'],
    ],
    [
      'Der Ausfall ist schlimm und der Support ist langsam',
      'de',
      ['ausfall', 'schlimm', 'support', 'langsam'],
    ],
    [
      'La panne est terrible et le support est lent',
      'fr',
      ['panne', 'terrible', 'support', 'lent'],
    ],
    [
      'RT @awscloud: new #Lambda feature for $AMZN https://t.co/x1 www.example.com via 2024',
      'en',
      ['feature'],
    ],
    [
      'Anúncio do DynamoDB via @maya-fox.bsky.social e @ana.dev. Ótimo!',
      'pt',
      ['anúncio', 'dynamodb', 'ótimo'],
    ],
    ['東京の天気は雨です', 'ja', ['東京', '天気']],
    ['a b c 12 3.5 10:30', 'en', []],
    ['Café café CAFÉ', 'fr', ['café']],
    // No part of a tag is left over as a word: middle dots and joiners belong to the tag.
    ['Wanderung im #Ruhr·Gebiet wunderbar', 'de', ['wanderung', 'wunderbar']],
    ['新作 #ナルト・疾風伝 最高', 'ja', ['新作', '最高']],
    ['سفر #می\u200cخواهم عالی', 'fa', ['سفر', 'عالی']],
  ])('%s', (text, lang, terms) => {
    expect(termsOf(text, lang)).toEqual(terms);
  });

  it('takes the stop words of every scored language for a post of no known language', () => {
    expect(termsOf('the meeting is today', undefined)).toEqual(['meeting']);
    // Short posts that language detection leaves undetermined.
    expect(termsOf('que no en serio el chico del bar', 'und')).toEqual(['serio', 'chico', 'bar']);
    expect(termsOf('die Stimmung ist super', 'xx')).toEqual(['stimmung', 'super']);
  });

  it('drops times, ordinals and "cc", keeps sizes and generations', () => {
    expect(termsOf('Keynote at 3pm, 15h in Paris, the 2nd day, 10min break cc', 'en')).toEqual([
      'keynote',
      'paris',
      'day',
      'break',
    ]);
    expect(termsOf('5g rollout and 4k streams', 'en')).toEqual(['5g', 'rollout', '4k', 'streams']);
  });

  it('stops at max distinct words', () => {
    expect(termsOf('alpha beta gamma delta epsilon', 'en', 3)).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('topTerms', () => {
  const none = { positive: 0, negative: 0, neutral: 0, mixed: 0 };
  it('counts posts per word, most used first, ties by word', () => {
    const posts = [
      { text: 'outage outage outage again', lang: 'en' },
      { text: 'another outage', lang: 'en' },
      { text: 'quiet day', lang: 'en' },
    ];
    expect(topTerms(posts, 3)).toEqual([
      { term: 'outage', posts: 2, ...none },
      { term: 'day', posts: 1, ...none },
      { term: 'quiet', posts: 1, ...none },
    ]);
  });

  it('splits each word by the sentiments of the posts using it', () => {
    const posts = [
      { text: 'outage again', sentiment: 'NEGATIVE' as const },
      { text: 'outage fixed', sentiment: 'POSITIVE' as const },
      { text: 'outage' },
    ];
    expect(topTerms(posts, 1)).toEqual([
      { term: 'outage', posts: 3, ...none, positive: 1, negative: 1 },
    ]);
  });
});
