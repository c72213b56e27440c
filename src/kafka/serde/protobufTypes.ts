// .proto text (with its references or the files it imports) → protobufjs types, and the Confluent message
// indexes of every message of the main file (which message a framed record holds: [0] the first top-level
// message, [1, 0] the first message nested in the second, …).
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as protobuf from 'protobufjs';
import { SerdeError } from './types';

export interface ProtoFile {
  root: protobuf.Root;
  /** Messages of the main file in Confluent's index order: full name (no leading dot) and index path. */
  messages: Array<{ name: string; indexes: number[] }>;
}

const PARSE = { keepCase: true };

/** Names and index paths of the messages the text itself declares (parsed alone, unresolved). */
function messageIndexes(text: string): Array<{ name: string; indexes: number[] }> {
  const res = protobuf.parse(text, new protobuf.Root(), PARSE);
  const top = res.package ? res.root.lookup(res.package) : res.root;
  const out: Array<{ name: string; indexes: number[] }> = [];
  const walk = (ns: protobuf.NamespaceBase | null, path: number[]): void => {
    if (!ns) return;
    ns.nestedArray.filter((x): x is protobuf.Type => x instanceof protobuf.Type).forEach((t, i) => {
      out.push({ name: t.fullName.replace(/^\./, ''), indexes: [...path, i] });
      walk(t, [...path, i]);
    });
  };
  walk(top as protobuf.NamespaceBase, []);
  return out;
}

/** google/protobuf/*.proto that protobufjs carries; anything else must come from the caller. */
function addCommon(root: protobuf.Root, name: string): boolean {
  const json = (protobuf.common as unknown as Record<string, protobuf.INamespace | undefined>)[name];
  if (!json?.nested) return false;
  root.addJSON(json.nested);
  return true;
}

/**
 * The main text plus the referenced files (`files`: import name → text). An import neither in `files` nor
 * one of the well-known google/protobuf files is named by `missing(importName)`.
 */
export function buildProto(main: string, files: Map<string, string>, missing: (name: string) => string): ProtoFile {
  const root = new protobuf.Root();
  const done = new Set<string>();
  const add = (name: string, text: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const res = protobuf.parse(text, root, PARSE);
    for (const imp of [...(res.imports ?? []), ...(res.weakImports ?? [])]) {
      if (done.has(imp)) continue;
      const t = files.get(imp);
      if (t !== undefined) add(imp, t);
      else if (addCommon(root, imp)) done.add(imp);
      else throw new SerdeError(missing(imp));
    }
  };
  add('\u0000main', main);
  try {
    root.resolveAll();
  } catch (e) {
    throw new SerdeError(`the .proto does not resolve: ${e instanceof Error ? e.message : String(e)}`);
  }
  const messages = messageIndexes(main);
  if (messages.length === 0) throw new SerdeError('the .proto declares no message');
  return { root, messages };
}

/** A local .proto: its imports are read from beside it (relative paths as protoc's -I of its folder). */
export async function loadProtoFile(path: string, text: string): Promise<ProtoFile> {
  const dir = dirname(path);
  const files = new Map<string, string>();
  const pending = [text];
  while (pending.length > 0) {
    const res = protobuf.parse(pending.pop() as string, new protobuf.Root(), PARSE);
    for (const imp of [...(res.imports ?? []), ...(res.weakImports ?? [])]) {
      if (files.has(imp) || imp.startsWith('google/protobuf/')) continue;
      try {
        const t = await readFile(join(dir, imp), 'utf8');
        files.set(imp, t);
        pending.push(t);
      } catch {
        throw new SerdeError(`${basename(path)} imports "${imp}", which is not at ${join(dir, imp)}: put the imported file there (paths are relative to ${basename(path)}'s folder), or register the schema with its references and pick the subject instead`);
      }
    }
  }
  return buildProto(text, files, (imp) => `${basename(path)} imports "${imp}", which cannot be found`);
}

/** The message a name picks (full name, or the short name when only one message has it). */
export function pickMessage(pf: ProtoFile, messageName: string | undefined, where: string): { type: protobuf.Type; indexes: number[] } {
  const m = messageName === undefined
    ? pf.messages[0]
    : pf.messages.find((x) => x.name === messageName.replace(/^\./, '')) ?? singleShort(pf, messageName);
  if (!m) throw new SerdeError(`${where} has no message "${messageName}"; its messages: ${pf.messages.map((x) => x.name).join(', ')}`);
  return { type: pf.root.lookupType(m.name), indexes: m.indexes };
}

function singleShort(pf: ProtoFile, short: string): { name: string; indexes: number[] } | undefined {
  const hits = pf.messages.filter((x) => x.name.split('.').pop() === short);
  return hits.length === 1 ? hits[0] : undefined;
}

/** The message that message indexes name. */
export function messageAt(pf: ProtoFile, indexes: number[]): protobuf.Type {
  const key = indexes.join('.');
  const m = pf.messages.find((x) => x.indexes.join('.') === key);
  if (!m) throw new Error(`message indexes [${indexes.join(', ')}] name no message of the schema (it has ${pf.messages.map((x) => `[${x.indexes.join(', ')}] ${x.name}`).join(', ')})`);
  return pf.root.lookupType(m.name);
}
