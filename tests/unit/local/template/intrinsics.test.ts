import { mergeGlobal, withFunctionGlobals } from '../../../../local/template/globals';
import {
  conditionEvaluator,
  type IntrinsicContext,
  NO_VALUE,
  resolveValue,
  TemplateError,
} from '../../../../local/template/intrinsics';

function context(conditions: Record<string, unknown> = {}): IntrinsicContext {
  const ctx: IntrinsicContext = {
    parameters: { Stage: 'dev', Count: '3', 'AWS::Region': 'us-east-1', 'AWS::StackName': 'stack' },
    mappings: { Sizes: { dev: { Memory: 256 } } },
    condition: conditionEvaluator(conditions, () => ctx),
    ref: (id) => (id === 'Table' ? 'TableName' : id === 'Missing' ? undefined : `ref:${id}`),
    getAtt: (id, attr) => `${id}/${attr}`,
  };
  return ctx;
}

describe('intrinsic functions', () => {
  const ctx = context({
    IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] },
    IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] },
    Three: { 'Fn::Equals': [{ Ref: 'Count' }, 3] },
    Both: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'Three' }] },
    Either: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'Three' }] },
  });

  it('resolves Ref to parameters, pseudo parameters and resources', () => {
    expect(resolveValue({ Ref: 'Stage' }, ctx)).toBe('dev');
    expect(resolveValue({ Ref: 'AWS::Region' }, ctx)).toBe('us-east-1');
    expect(resolveValue({ Ref: 'Table' }, ctx)).toBe('TableName');
    expect(() => resolveValue({ Ref: 'Missing' }, ctx)).toThrow(TemplateError);
  });

  it('resolves Fn::GetAtt in list and dotted forms', () => {
    expect(resolveValue({ 'Fn::GetAtt': ['Table', 'StreamArn'] }, ctx)).toBe('Table/StreamArn');
    expect(resolveValue({ 'Fn::GetAtt': 'Queue.Arn' }, ctx)).toBe('Queue/Arn');
  });

  it('resolves Fn::Sub in string and list forms, with literals left alone', () => {
    expect(resolveValue({ 'Fn::Sub': '${AWS::StackName}-${Stage}-${Table}' }, ctx)).toBe(
      'stack-dev-TableName',
    );
    expect(resolveValue({ 'Fn::Sub': '${Queue.Arn}/${!Literal}' }, ctx)).toBe(
      'Queue/Arn/${Literal}',
    );
    expect(resolveValue({ 'Fn::Sub': ['${A}:${Stage}', { A: { Ref: 'Table' } }] }, ctx)).toBe(
      'TableName:dev',
    );
  });

  it('evaluates conditions, including references between them', () => {
    expect(ctx.condition('IsDev')).toBe(true);
    expect(ctx.condition('IsProd')).toBe(false);
    expect(ctx.condition('Three')).toBe(true);
    expect(ctx.condition('Both')).toBe(true);
    expect(ctx.condition('Either')).toBe(true);
    expect(() => ctx.condition('Nope')).toThrow(/Unknown condition/);
  });

  it('evaluates only the chosen Fn::If branch and drops AWS::NoValue', () => {
    const value = resolveValue(
      {
        Keep: { 'Fn::If': ['IsDev', 'yes', { Ref: 'Missing' }] },
        Drop: { 'Fn::If': ['IsDev', { Ref: 'AWS::NoValue' }, 'no'] },
        List: ['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }, 'c'],
      },
      ctx,
    );
    expect(value).toEqual({ Keep: 'yes', List: ['a', 'c'] });
    expect(resolveValue({ Ref: 'AWS::NoValue' }, ctx)).toBe(NO_VALUE);
  });

  it('resolves Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap and Fn::Base64', () => {
    expect(resolveValue({ 'Fn::Join': ['-', ['a', { Ref: 'Stage' }]] }, ctx)).toBe('a-dev');
    expect(resolveValue({ 'Fn::Select': [1, ['x', 'y']] }, ctx)).toBe('y');
    expect(resolveValue({ 'Fn::Select': ['0', { 'Fn::Split': [',', 'p,q'] }] }, ctx)).toBe('p');
    expect(resolveValue({ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, ctx)).toBe(256);
    expect(resolveValue({ 'Fn::Base64': 'hi' }, ctx)).toBe('aGk=');
    expect(() => resolveValue({ 'Fn::Select': [5, ['x']] }, ctx)).toThrow(/out of range/);
  });

  it('rejects intrinsics it does not support instead of passing them through', () => {
    expect(() => resolveValue({ 'Fn::ImportValue': 'x' }, ctx)).toThrow(/not supported/);
  });
});

describe('SAM Globals merge', () => {
  it('merges maps key by key (resource wins), concatenates lists, replaces scalars', () => {
    const merged = withFunctionGlobals(
      {
        Timeout: 60,
        Environment: { Variables: { B: 'local', C: 'c' } },
        Layers: ['l2'],
        LoggingConfig: { LogGroup: 'g' },
      },
      {
        Timeout: 30,
        MemorySize: 512,
        Environment: { Variables: { A: 'a', B: 'global' } },
        Layers: ['l1'],
        LoggingConfig: { LogFormat: 'JSON' },
      },
    );
    expect(merged).toEqual({
      Timeout: 60,
      MemorySize: 512,
      Environment: { Variables: { A: 'a', B: 'local', C: 'c' } },
      Layers: ['l1', 'l2'],
      LoggingConfig: { LogFormat: 'JSON', LogGroup: 'g' },
    });
  });

  it('treats an intrinsic function as a value, not a map to merge', () => {
    expect(mergeGlobal({ A: 1 }, { Ref: 'X' })).toEqual({ Ref: 'X' });
    expect(mergeGlobal({ Ref: 'X' }, { A: 1 })).toEqual({ A: 1 });
  });
});
