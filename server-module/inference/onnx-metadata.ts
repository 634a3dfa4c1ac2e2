import { readFile } from 'node:fs/promises';
import { Reader } from 'protobufjs/minimal';

const MODEL_PROTO_METADATA_PROPS = 14;
const WIRE_LENGTH_DELIMITED = 2;

/**
 * Reads `metadata_props` (ModelProto field 14) from an ONNX file without decoding the graph:
 * onnxruntime-node does not expose custom metadata, and RapidOCR's recognition exports keep
 * their character list there (key `character`).
 */
export async function readOnnxMetadata(file: string): Promise<Record<string, string>> {
  const buffer = await readFile(file);
  const reader = Reader.create(buffer);
  const props: Record<string, string> = {};
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === MODEL_PROTO_METADATA_PROPS && wireType === WIRE_LENGTH_DELIMITED) {
      const entry = Reader.create(reader.bytes());
      let key = '';
      let value = '';
      while (entry.pos < entry.len) {
        const t = entry.uint32();
        if (t >>> 3 === 1) key = entry.string();
        else if (t >>> 3 === 2) value = entry.string();
        else entry.skipType(t & 7);
      }
      props[key] = value;
    } else {
      reader.skipType(wireType);
    }
  }
  return props;
}
