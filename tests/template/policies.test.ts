import { loadTemplate, referencedIds, resourcesOfType, type CfnResource } from './template-loader';

const template = loadTemplate();

/** Actions AWS offers no resource-level permission for: "*" is the only valid Resource. */
const RESOURCELESS_ACTIONS = [
  /^logs:(Create|Get|Update|Delete|List)LogDelivery$/,
  /^logs:ListLogDeliveries$/,
  /^logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
  /^xray:/,
  /^comprehend:(Batch)?Detect/,
  /^cloudwatch:PutMetricData$/,
];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function inlineStatements(r: CfnResource): Statement[] {
  const policies = (r.Properties?.Policies ?? []) as unknown[];
  const out: Statement[] = [];
  const visit = (p: unknown): void => {
    if (Array.isArray(p)) return p.forEach(visit);
    if (p === null || typeof p !== 'object') return;
    const o = p as Record<string, unknown>;
    if (Array.isArray(o.Statement)) out.push(...(o.Statement as Statement[]));
    else if (o['Fn::If']) visit((o['Fn::If'] as unknown[]).slice(1));
  };
  visit(policies);
  return out;
}

const principals = [
  ...resourcesOfType(template, 'AWS::Serverless::Function'),
  ...resourcesOfType(template, 'AWS::Serverless::StateMachine'),
];

describe('IAM in template.yaml', () => {
  it.each(principals)('%s grants no wildcard actions', (_id, r) => {
    for (const s of inlineStatements(r)) {
      for (const action of ([] as string[]).concat(s.Action)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/:\*$/);
      }
    }
  });

  it.each(principals)(
    '%s uses "*" resources only for actions that have no resource-level permission',
    (_id, r) => {
      for (const s of inlineStatements(r)) {
        if (s.Resource !== '*') continue;
        for (const action of ([] as string[]).concat(s.Action)) {
          expect({ action, allowed: RESOURCELESS_ACTIONS.some((re) => re.test(action)) }).toEqual({
            action,
            allowed: true,
          });
        }
      }
    },
  );

  it.each(principals)('%s scopes every SAM policy template to a template resource', (_id, r) => {
    const policies = JSON.parse(JSON.stringify(r.Properties?.Policies ?? [])) as unknown[];
    const visit = (p: unknown): void => {
      if (Array.isArray(p)) return p.forEach(visit);
      if (typeof p === 'string') throw new Error(`managed policy ${p} is not scoped`);
      if (p === null || typeof p !== 'object') return;
      const o = p as Record<string, unknown>;
      if (o['Fn::If']) return visit((o['Fn::If'] as unknown[]).slice(1));
      if (o.Ref === 'AWS::NoValue' || o.Statement) return;
      for (const [name, args] of Object.entries(o)) {
        if (name === 'ComprehendBasicAccessPolicy') continue; // Comprehend detect APIs have no resources
        expect({ name, scoped: referencedIds(args).length > 0 }).toEqual({ name, scoped: true });
      }
    };
    visit(policies);
  });
});
