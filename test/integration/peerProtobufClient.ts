// Why the peer's Protobuf serde needs this adapter against Apicurio (checked against Apicurio 3.3.3):
// Confluent's JS serdes read Protobuf schemas with `?format=serialized` and expect the schema as a base64
// FileDescriptorProto (Confluent's API). Apicurio's ccompat API answers that format with the descriptor's
// bytes decoded as UTF-8 text (bytes >= 0x80 become U+FFFD, so it cannot even be recovered), and refuses a
// base64 descriptor on registration (422 "Failed to discover artifact type from content").
// So the peer gets a client that asks Apicurio for the .proto text and hands the peer the base64 descriptor
// Confluent's registry would: compiled by protobufjs's descriptor extension (not our serde code), with type
// names fully qualified and the imports as dependencies. The peer's own code (@bufbuild/protobuf and
// Confluent's serde) does everything else: framing, message indexes, encoding, decoding.
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { SchemaRegistryClient, type SchemaInfo, type SchemaMetadata } from '@confluentinc/schemaregistry';

type Desc = { field?: Array<{ number: number; typeName?: string; jsonName?: string }>; nestedType?: Desc[] };

/** Sets every message/enum field's typeName to the resolved full name (toDescriptor leaves them as written) and its json_name. */
function qualify(d: Desc, t: protobuf.Type): void {
  for (const f of d.field ?? []) {
    const pf = t.fieldsArray.find((x) => x.id === f.number);
    if (pf?.resolvedType && !pf.map) f.typeName = pf.resolvedType.fullName;
    // protoc always fills json_name, and @bufbuild/protobuf relies on it.
    if (pf) f.jsonName = pf.jsonName ?? pf.name;
  }
  for (const n of d.nestedType ?? []) {
    const nt = t.nestedArray.find((x) => x.name === (n as { name?: string }).name);
    if (nt instanceof protobuf.Type) qualify(n, nt);
  }
}

/** The FileDescriptorProto (base64) of `text`, its imports given as name → text (parsed alongside to resolve). */
export function descriptorOf(name: string, text: string, imports: Map<string, string>): string {
  const root = new protobuf.Root();
  for (const t of imports.values()) protobuf.parse(t, root, { keepCase: true });
  const own = protobuf.parse(text, root, { keepCase: true });
  root.resolveAll();
  const alone = protobuf.parse(text, new protobuf.Root(), { keepCase: true });
  const ns = (own.package ? root.lookup(own.package) : root) as protobuf.Namespace;
  const aloneNs = (alone.package ? alone.root.lookup(alone.package) : alone.root) as protobuf.Namespace;
  const names = aloneNs.nestedArray.map((x) => x.name);
  const messageType = names.map((n) => ns.get(n)).filter((x): x is protobuf.Type => x instanceof protobuf.Type).map((t) => {
    const d = t.toDescriptor('proto3') as unknown as Desc;
    qualify(d, t);
    return d;
  });
  const enumType = names.map((n) => ns.get(n)).filter((x): x is protobuf.Enum => x instanceof protobuf.Enum).map((e) => e.toDescriptor());
  const file = descriptor.FileDescriptorProto.create({ name, package: own.package ?? undefined, dependency: own.imports ?? [], messageType: messageType as never, enumType: enumType as never, syntax: 'proto3' });
  return Buffer.from(descriptor.FileDescriptorProto.encode(file).finish()).toString('base64');
}

/** Confluent's client, with Protobuf schemas in `serialized` format made from Apicurio's .proto text. */
export class ApicurioProtobufClient extends SchemaRegistryClient {
  private async serialized<T extends SchemaInfo>(info: T): Promise<T> {
    if (info.schemaType !== 'PROTOBUF') return info;
    const imports = new Map<string, string>();
    const add = async (refs: SchemaInfo['references']): Promise<void> => {
      for (const r of refs ?? []) {
        const m = await super.getSchemaMetadata(r.subject, r.version, true);
        await add(m.references);
        imports.set(r.name, m.schema);
      }
    };
    await add(info.references);
    return { ...info, schema: descriptorOf('main.proto', info.schema, imports) };
  }

  override async getBySubjectAndId(subject: string, id: number, format?: string): Promise<SchemaInfo> {
    const info = await super.getBySubjectAndId(subject, id);
    return format === 'serialized' ? this.serialized(info) : info;
  }

  override async getLatestSchemaMetadata(subject: string, format?: string): Promise<SchemaMetadata> {
    const m = await super.getLatestSchemaMetadata(subject);
    return format === 'serialized' ? this.serialized(m) : m;
  }

  override async getSchemaMetadata(subject: string, version: number, deleted?: boolean, format?: string): Promise<SchemaMetadata> {
    const m = await super.getSchemaMetadata(subject, version, deleted);
    return format === 'serialized' ? this.serialized(m) : m;
  }
}
