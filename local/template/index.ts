export {
  loadTemplateFile,
  resolveRawTemplate,
  resolveTemplate,
  ON_DEMAND_LOCAL_SHARDS,
} from './resolve';
export { TemplateError } from './intrinsics';
export * from './names';
export type * from './types';
export { policyServices, UNKNOWN_POLICY_PREFIX } from './policies';
