import type { XApi } from '../../../../functions/social/x/api';
import {
  planRuleChanges,
  ruleValue,
  syncRules,
  type XRule,
} from '../../../../functions/social/x/rules';
import { parseTerms } from '../../../../functions/social/tracking/terms';

describe('ruleValue', () => {
  it('uses the hashtag and cashtag operators and quotes keywords', () => {
    expect(parseTerms(['#AWS', '$aapl', 'rust', 'say "hi"']).map(ruleValue)).toEqual([
      '#aws',
      '$AAPL',
      '"rust"',
      '"say \\"hi\\""',
    ]);
  });
});

describe('planRuleChanges', () => {
  const terms = parseTerms(['#aws', 'rust']);

  it('adds what is missing, deletes what is no longer tracked, keeps foreign rules', () => {
    const existing: XRule[] = [
      { id: '1', value: '#aws', tag: 'track:#aws' },
      { id: '2', value: '#gone', tag: 'track:#gone' },
      { id: '3', value: 'dogs', tag: 'another-tool' },
      { id: '4', value: 'untagged' },
    ];
    expect(planRuleChanges(existing, terms)).toEqual({
      add: [{ value: '"rust"', tag: 'track:rust' }],
      deleteIds: ['2'],
    });
  });

  it('replaces a managed rule whose value changed and removes duplicates', () => {
    const existing: XRule[] = [
      { id: '1', value: 'rust', tag: 'track:rust' },
      { id: '2', value: '#aws', tag: 'track:#aws' },
      { id: '3', value: '#aws', tag: 'track:#aws' },
    ];
    expect(planRuleChanges(existing, terms)).toEqual({
      add: [{ value: '"rust"', tag: 'track:rust' }],
      deleteIds: ['1', '3'],
    });
  });

  it('changes nothing when the rules already match', () => {
    const existing: XRule[] = [
      { id: '1', value: '#aws', tag: 'track:#aws' },
      { id: '2', value: '"rust"', tag: 'track:rust' },
    ];
    expect(planRuleChanges(existing, terms)).toEqual({ add: [], deleteIds: [] });
  });
});

describe('syncRules', () => {
  it('deletes, adds and reports refusals other than duplicates', async () => {
    const calls: unknown[] = [];
    const api: XApi = {
      get: async <T>() => ({ data: [{ id: '9', value: '#old', tag: 'track:#old' }] }) as T,
      post: async <T>(_path: string, body: unknown) => {
        calls.push(body);
        const add = (body as { add?: { value: string }[] }).add;
        return (
          add
            ? {
                data: [{ id: '10', value: add[0]!.value }],
                errors: [
                  { value: add[1]!.value, title: 'DuplicateRule' },
                  { value: add[2]!.value, title: 'Invalid Rule', detail: 'too long' },
                ],
              }
            : {}
        ) as T;
      },
      open: async () => new Response(),
    };
    const result = await syncRules(api, parseTerms(['#a', '#b', '#c']));
    expect(calls).toEqual([
      { delete: { ids: ['9'] } },
      {
        add: [
          { value: '#a', tag: 'track:#a' },
          { value: '#b', tag: 'track:#b' },
          { value: '#c', tag: 'track:#c' },
        ],
      },
    ]);
    expect(result).toEqual({
      added: 1,
      deleted: 1,
      rejected: [{ value: '#c', reason: 'too long' }],
    });
  });
});
