// Jest runs each test file in its own vm realm, but onnxruntime-node's native binding returns typed
// arrays from the main realm; onnxruntime-common's `instanceof Float32Array` check then fails
// ("A float32 tensor's data must be type of function Float32Array()"). Sharing the main realm's
// typed-array constructors with the test realm makes both sides agree.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer', 'Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;
