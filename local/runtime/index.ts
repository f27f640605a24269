export {
  buildFunction,
  buildFunctions,
  bundlePath,
  functionOutDir,
  type BuiltFunction,
} from './build';
export { LambdaFunctionError, type LambdaErrorPayload } from './errors';
export {
  createInvoker,
  type Fault,
  type FaultInjector,
  type Faults,
  type Interruption,
  type Invoker,
  type InvokerOptions,
} from './invoker';
