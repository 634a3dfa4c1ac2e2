/**
 * Builds small ONNX models in memory for tests and benchmarks (no model hub is reachable here).
 *
 *   const bytes = buildOnnxModel({
 *     inputs: [{ name: 'x', type: 'float32', shape: ['N', 4] }],
 *     outputs: [{ name: 'y', type: 'float32', shape: ['N', 2] }],
 *     initializers: [{ name: 'W', type: 'float32', dims: [4, 2], data: new Float32Array(8) }],
 *     nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }],
 *   });
 *
 * Encodes with protobufjs from the subset of onnx.proto below (field numbers as in onnx/onnx.proto).
 */
import * as protobuf from 'protobufjs';

const ONNX_PROTO_SUBSET = `
syntax = "proto2";
package onnx;
message AttributeProto {
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  repeated float floats = 7;
  repeated int64 ints = 8;
  optional int32 type = 20;
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}
message StringStringEntryProto { optional string key = 1; optional string value = 2; }
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
`;

export type OnnxElemType = 'float32' | 'int32' | 'int64';
const ELEM_TYPE: Record<OnnxElemType, number> = { float32: 1, int32: 6, int64: 7 };
// AttributeProto.AttributeType values
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

export type OnnxAttribute =
  | { int: number }
  | { ints: number[] }
  | { float: number }
  | { floats: number[] }
  | { string: string };

export interface OnnxValueSpec {
  name: string;
  type: OnnxElemType;
  /** numbers are fixed dims, strings are symbolic (e.g. 'N') */
  shape: Array<number | string>;
}

export interface OnnxInitializerSpec {
  name: string;
  type: OnnxElemType;
  dims: number[];
  data: Float32Array | Int32Array | BigInt64Array;
}

export interface OnnxNodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxModelSpec {
  inputs: OnnxValueSpec[];
  outputs: OnnxValueSpec[];
  initializers?: OnnxInitializerSpec[];
  nodes: OnnxNodeSpec[];
  /** default opset 13 (ReduceMean/ReduceSum axes are attributes/inputs as in 13) */
  opset?: number;
  metadata?: Record<string, string>;
}

let modelType: protobuf.Type | undefined;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

function valueInfo(v: OnnxValueSpec) {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: ELEM_TYPE[v.type],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function attribute(name: string, a: OnnxAttribute) {
  if ('int' in a) return { name, type: ATTR.INT, i: a.int };
  if ('ints' in a) return { name, type: ATTR.INTS, ints: a.ints };
  if ('float' in a) return { name, type: ATTR.FLOAT, f: a.float };
  if ('floats' in a) return { name, type: ATTR.FLOATS, floats: a.floats };
  return { name, type: ATTR.STRING, s: Buffer.from(a.string, 'utf8') };
}

function tensor(t: OnnxInitializerSpec) {
  const expected = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== expected) throw new Error(`initializer ${t.name}: ${t.data.length} values for dims ${t.dims}`);
  // raw_data is little-endian, which is what typed arrays hold on x86/arm
  const raw = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { name: t.name, dims: t.dims, data_type: ELEM_TYPE[t.type], raw_data: raw };
}

export function buildOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const type = onnxModelType();
  const message = type.fromObject({
    ir_version: 8,
    producer_name: 'immich-lens-test',
    opset_import: [{ domain: '', version: spec.opset ?? 13 }],
    metadata_props: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'g',
      node: spec.nodes.map((n, i) => ({
        name: `${n.op}_${i}`,
        op_type: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: (spec.initializers ?? []).map(tensor),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  });
  return type.encode(message).finish();
}

/** Deterministic pseudo-random floats in [-1, 1) (mulberry32), so models are reproducible. */
export function seededFloats(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
