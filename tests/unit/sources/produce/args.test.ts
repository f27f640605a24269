import { parseProduceArgs, UsageError } from '../../../../sources/produce/args';

const parse = (s: string) => parseProduceArgs(s.split(' ').filter(Boolean));
const error = (s: string): string => {
  try {
    parse(s);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`"${s}" was accepted`);
};

describe('parseProduceArgs', () => {
  it('reads every option', () => {
    expect(
      parse(
        '--source replay --file f.jsonl --speed 10 --loop --target aws --stack-name s --region eu-west-1',
      ),
    ).toMatchObject({
      source: 'replay',
      file: 'f.jsonl',
      speed: 10,
      loop: true,
      verbatim: false,
      target: 'aws',
      stackName: 's',
      region: 'eu-west-1',
    });
    expect(
      parseProduceArgs(['--source', 'bluesky', '--track', '#AWS', '--track', 'machine learning']),
    ).toMatchObject({
      source: 'bluesky',
      target: 'local',
      terms: [
        { key: '#aws', kind: 'hashtag' },
        { key: 'machine learning', kind: 'keyword' },
      ],
    });
    expect(parse('--source demo --rate 200 --seed 7')).toMatchObject({ rate: 200, seed: 7 });
    expect(parse('--source x').terms).toBeUndefined();
    expect(
      parse(
        '--source reddit --subreddit aws --subreddit r/Serverless --subreddit AWS --track serverless --cursor-file c.json --reddit-api-url http://127.0.0.1:1 --reddit-auth-url http://127.0.0.1:2',
      ),
    ).toMatchObject({
      source: 'reddit',
      subreddits: ['aws', 'Serverless'],
      terms: [{ key: 'serverless', kind: 'keyword' }],
      cursorFile: 'c.json',
      redditApiUrl: 'http://127.0.0.1:1',
      redditAuthUrl: 'http://127.0.0.1:2',
    });
    expect(
      parse('--source archive --from 2026-11-01 --to 2026-11-30 --rate 100 --data-dir .data'),
    ).toMatchObject({
      source: 'archive',
      from: '2026-11-01',
      to: '2026-11-30',
      rate: 100,
      dataDir: '.data',
    });
  });

  it.each([
    ['', /--source is required/],
    ['--source mastodon', /--source must be one of demo, replay, x, bluesky, reddit, archive/],
    ['--source reddit --subreddit a/b', /--subreddit "a\/b" is not a subreddit name/],
    ['--source x --subreddit aws', /--subreddit is for --source reddit, not x/],
    ['--source archive --from 2026-11-01', /needs --from YYYY-MM-DD and --to YYYY-MM-DD/],
    ['--source archive --from 2026-11-31 --to 2026-12-01', /--from must be a date YYYY-MM-DD/],
    ['--source archive --from 2026-11-02 --to 2026-11-01', /--from must be on or before --to/],
    [
      '--source archive --from 2026-11-01 --to 2026-11-02 --target aws --data-dir d',
      /--data-dir is for --target local/,
    ],
    ['--source demo --from 2026-11-01', /--from is for --source archive/],
    ['--source replay', /needs --file/],
    ['--source replay --file f --speed 2 --rate 5', /cannot be combined/],
    ['--source demo --rate 0', /--rate must be a positive number/],
    ['--source replay --file f --speed fast', /--speed must be a positive number/],
    ['--source demo --file f', /--file is for --source replay/],
    ['--source demo --track #a', /--track is for --source x\|bluesky\|reddit/],
    ['--source x --track #bad-tag', /--track "#bad-tag": a hashtag may contain only/],
    ['--source demo --target cloud', /--target must be local or aws/],
    ['--source demo --region eu-west-1', /are for --target aws/],
    ['--source demo --bogus', /Unknown option '--bogus'/],
  ])('rejects %j', (args, message) => {
    expect(error(args)).toMatch(message);
  });

  it('asks for help without a source', () => {
    expect(parse('--help').help).toBe(true);
  });
});
