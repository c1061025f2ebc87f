'use strict';
/**
 * Jest runs each test file in its own VM realm, whose typed-array constructors
 * differ from Node's main realm where onnxruntime-node's native binding builds
 * output tensors; onnxruntime-common's `instanceof Float32Array` checks then
 * fail. This environment hands the test realm the main realm's constructors.
 * Use it with a `@jest-environment ./test/unit/grounding/onnxTestEnvironment.js` docblock.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxTestEnvironment;
