// Protobuf (protobufjs): filled in by the next commit.
import type { SchemaCodec } from './codec';
import type { ResolvedReference } from './schemaCodecs';
import { SerdeError } from './types';

export function protobufCodec(_schema: string, _refs: ResolvedReference[], _messageName?: string): SchemaCodec {
  throw new SerdeError('Protobuf is not supported yet');
}
export async function protobufFileCodec(_path: string, _schema: string, _messageName?: string): Promise<SchemaCodec> {
  throw new SerdeError('Protobuf is not supported yet');
}
