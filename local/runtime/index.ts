export {
  buildFunction,
  buildFunctions,
  bundlePath,
  functionOutDir,
  type BuiltFunction,
} from './build';
export { LambdaFunctionError, type LambdaErrorPayload } from './errors';
export { ExecutionEnvironment, type EnvironmentSpec, type Outcome } from './execution-environment';
export {
  createInvoker,
  environmentSpec,
  type SpecOptions,
  type Fault,
  type FaultInjector,
  type Faults,
  type Interruption,
  type Invoker,
  type InvokerOptions,
} from './invoker';
