// JSON Schema (ajv): filled in by the next commit.
import type { SchemaCodec } from './codec';
import type { ResolvedReference } from './schemaCodecs';
import { SerdeError } from './types';

export function jsonSchemaCodec(_schema: string, _refs: ResolvedReference[]): SchemaCodec {
  throw new SerdeError('JSON Schema is not supported yet');
}
