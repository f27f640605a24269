import type { TrackedTerm } from '../tracking/terms';
import type { XApi } from './api';

/** Keeps the filtered stream's rules equal to the tracked terms: one rule per term. */

export const RULES_PATH = '/2/tweets/search/stream/rules';
/** Only rules carrying this tag prefix are ours to delete; others on the same app are left alone. */
export const RULE_TAG_PREFIX = 'track:';

export interface XRule {
  id: string;
  value: string;
  tag?: string;
}

interface RulesResponse {
  data?: XRule[];
  errors?: { value?: string; id?: string; title?: string; detail?: string }[];
}

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The rule for a term: `#aws`, `$AAPL`, or the keyword as an exact (quoted) phrase. */
export function ruleValue(term: TrackedTerm): string {
  return term.kind === 'keyword' ? quote(term.key) : term.key;
}

export const ruleTag = (term: TrackedTerm): string => `${RULE_TAG_PREFIX}${term.key}`;

export interface RulePlan {
  add: { value: string; tag: string }[];
  deleteIds: string[];
}

export function planRuleChanges(
  existing: readonly XRule[],
  terms: readonly TrackedTerm[],
): RulePlan {
  const wanted = new Map(terms.map((t) => [ruleTag(t), ruleValue(t)]));
  const kept = new Set<string>();
  const deleteIds: string[] = [];
  for (const rule of existing) {
    if (!rule.tag?.startsWith(RULE_TAG_PREFIX)) continue;
    if (wanted.get(rule.tag) === rule.value && !kept.has(rule.tag)) kept.add(rule.tag);
    else deleteIds.push(rule.id);
  }
  const add = [...wanted].filter(([tag]) => !kept.has(tag)).map(([tag, value]) => ({ value, tag }));
  return { add, deleteIds };
}

export interface RuleSyncResult {
  added: number;
  deleted: number;
  /** Rules X refused, with its reason (duplicates of an existing rule are not refusals). */
  rejected: { value: string; reason: string }[];
}

export async function syncRules(api: XApi, terms: readonly TrackedTerm[]): Promise<RuleSyncResult> {
  const current = await api.get<RulesResponse>(RULES_PATH);
  const plan = planRuleChanges(current.data ?? [], terms);
  const result: RuleSyncResult = { added: 0, deleted: 0, rejected: [] };
  if (plan.deleteIds.length > 0) {
    await api.post<RulesResponse>(RULES_PATH, { delete: { ids: plan.deleteIds } });
    result.deleted = plan.deleteIds.length;
  }
  if (plan.add.length > 0) {
    const res = await api.post<RulesResponse>(RULES_PATH, { add: plan.add });
    result.added = res.data?.length ?? 0;
    for (const e of res.errors ?? []) {
      if (e.title === 'DuplicateRule') continue;
      result.rejected.push({
        value: e.value ?? '',
        reason: e.detail ?? e.title ?? 'rejected',
      });
    }
  }
  return result;
}
