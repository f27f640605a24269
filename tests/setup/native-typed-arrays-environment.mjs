// Jest runs each test file in its own realm, whose typed-array classes differ from Node's own.
// onnxruntime-node builds its output tensors in Node's realm and checks them with instanceof
// against the test realm's Float32Array, which fails. Test files that run ONNX models opt into
// this environment (a @jest-environment docblock), which hands the sandbox Node's classes.
import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class NativeTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}
