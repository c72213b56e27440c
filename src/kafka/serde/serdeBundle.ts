// The entry of dist/serde.js: everything that needs avsc, protobufjs or ajv. Loaded through vendor.ts's
// serde() when a record is first decoded or a schema first encoded, never at activation.
export { createRecordDecoder, type RecordDecoderOptions } from './recordDecoder';
export { createSchemaEncoder, createFileEncoder } from './schemaEncoder';
export { parseFrame, frame } from './wireFormat';
