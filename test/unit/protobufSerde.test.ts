// Protobuf: the proto3 JSON mapping as Confluent's console consumer prints it (JSON names, defaults of
// implicit-presence fields, int64 as exact strings, enums by name, bytes base64, well-known types), the
// message the indexes name, field-pointing errors, examples that round-trip, and local .proto imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonTree, type JNode } from '../../src/kafka/serde/jsonTree';
import { protobufCodec } from '../../src/kafka/serde/protobufCodec';
import { createFileEncoder, createRecordDecoder } from '../../src/kafka/serde/serdeBundle';

const PROTO = `syntax = "proto3";
package shop;
import "google/protobuf/timestamp.proto";
message Order {
  int64 order_id = 1;
  string customer = 2;
  repeated Line lines = 3;
  Status status = 4;
  map<string, int32> counts = 5;
  google.protobuf.Timestamp at = 6;
  optional string note = 7;
  bytes raw = 8;
  oneof pay { string card = 9; uint64 voucher = 10; }
  double total = 11;
  message Line { string sku = 1; uint32 qty = 2; }
}
enum Status { NEW = 0; PAID = 1; }
message Refund { int64 order_id = 1; }
`;

const node = (text: string): JNode => {
  const p = parseJsonTree(text);
  if ('error' in p) throw new Error(p.error.message);
  return p.node;
};

test('proto3 JSON both ways: JSON names, int64 exact as strings, defaults printed, oneof/optional only when set', () => {
  const c = protobufCodec(PROTO, []);
  assert.equal(c.messageName, 'shop.Order');
  const typed = '{"orderId":"9007199254740993","lines":[{"sku":"a","qty":2}],"status":"PAID","counts":{"x":1},"at":"2024-05-01T12:00:00.250Z","raw":"AAE=","voucher":"18446744073709551615","total":0.1}';
  assert.deepEqual(c.validate(node(typed)), []);
  const { payload, indexes } = c.encode(node(typed));
  assert.deepEqual(indexes, [0]);
  assert.equal(c.decode(payload, [0]).json,
    '{"orderId":"9007199254740993","customer":"","lines":[{"sku":"a","qty":2}],"status":"PAID","counts":{"x":1},"at":"2024-05-01T12:00:00.250Z","raw":"AAE=","voucher":"18446744073709551615","total":0.1}');
  // Empty message: every implicit-presence field with its default, no optional/oneof/message fields.
  assert.equal(c.decode(Buffer.alloc(0), [0]).json, '{"orderId":"0","customer":"","lines":[],"status":"NEW","counts":{},"raw":"","total":0}');
  // proto field names are accepted too (as JsonFormat.parser() does), and integers as numbers.
  assert.deepEqual(c.validate(node('{"order_id": 5, "note": ""}')), []);
  assert.equal(c.decode(c.encode(node('{"note": ""}')).payload, [0]).json, '{"orderId":"0","customer":"","lines":[],"status":"NEW","counts":{},"note":"","raw":"","total":0}');
});

test('message indexes pick the message: [1] is the second top-level message, [0, 0] the nested Line', () => {
  const refund = protobufCodec(PROTO, [], 'shop.Refund');
  const { payload, indexes } = refund.encode(node('{"orderId":"-1"}'));
  assert.deepEqual(indexes, [1]);
  const c = protobufCodec(PROTO, []);
  assert.deepEqual(c.decode(payload, [1]), { json: '{"orderId":"-1"}', messageName: 'shop.Refund' });
  const line = protobufCodec(PROTO, [], 'Line');
  assert.deepEqual(line.encode(node('{"sku":"z"}')).indexes, [0, 0]);
  assert.throws(() => c.decode(payload, [5]), /message indexes \[5\] name no message of the schema \(it has \[0\] shop.Order, \[0, 0\] shop.Order.Line, \[1\] shop.Refund\)/);
  assert.throws(() => protobufCodec(PROTO, [], 'Nope'), /the schema has no message "Nope"; its messages: shop.Order, shop.Order.Line, shop.Refund/);
  assert.throws(() => c.decode(Buffer.from([0x0a, 0x05, 0x01]), [0]), /index out of range|invalid|range/);
});

test('validation errors point at the field', () => {
  const c = protobufCodec(PROTO, []);
  const errs = c.validate(node('{"orderId":"1.5","lines":[{"qty":-1}],"status":"LOST","card":"x","voucher":"1","raw":"**","at":"yesterday","extra":1}'));
  const byPath = Object.fromEntries(errs.map((e) => [e.path, e.message]));
  assert.match(byPath['/orderId'], /"1.5" is not a whole number/);
  assert.match(byPath['/lines/0/qty'], /-1 is out of uint32's range 0…4294967295/);
  assert.match(byPath['/status'], /"LOST" is not a value of enum Status: "NEW", "PAID"/);
  assert.match(byPath['/voucher'], /only one of oneof pay may be set: "card" is set already/);
  assert.match(byPath['/raw'], /base64/);
  assert.match(byPath['/at'], /RFC 3339/);
  assert.match(byPath['/extra'], /message shop.Order has no field "extra"; its fields: orderId, customer/);
});

test('example() validates and round-trips', () => {
  const c = protobufCodec(PROTO, []);
  const ex = c.example();
  assert.deepEqual(c.validate(node(ex)), []);
  const back = c.decode(c.encode(node(ex)).payload, [0]).json;
  assert.deepEqual(c.validate(node(back)), []);
  assert.match(back, /"orderId":"1234567890123"/);
});

test('references: an import resolved from the registry\'s referenced schema; missing one named', () => {
  const main = 'syntax = "proto3"; package app; import "common/money.proto"; message Pay { common.Money amount = 1; }';
  const money = 'syntax = "proto3"; package common; message Money { string currency = 1; int64 units = 2; }';
  const c = protobufCodec(main, [{ name: 'common/money.proto', schema: money, type: 'PROTOBUF' }]);
  const v = '{"amount":{"currency":"EUR","units":"12"}}';
  assert.equal(c.decode(c.encode(node(v)).payload, [0]).json, v);
  assert.throws(() => protobufCodec(main, []), /the schema imports "common\/money.proto", but it has no reference named so/);
});

test('a local .proto: imports read beside it; a missing import gets a specific message; schema-file decode', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-proto-'));
  writeFileSync(join(dir, 'money.proto'), 'syntax = "proto3"; package common; message Money { string currency = 1; int64 units = 2; }');
  writeFileSync(join(dir, 'pay.proto'), 'syntax = "proto3"; package app; import "money.proto"; message Pay { common.Money amount = 1; }');
  writeFileSync(join(dir, 'broken.proto'), 'syntax = "proto3"; import "nowhere/x.proto"; message B { int32 a = 1; }');
  const enc = await createFileEncoder(join(dir, 'pay.proto'));
  assert.deepEqual(enc.label, { type: 'PROTOBUF', file: 'pay.proto', messageName: 'app.Pay' });
  const bytes = enc.encode('{"amount":{"units":"7"}}');
  const dec = createRecordDecoder({ key: { kind: 'auto' }, value: { kind: 'schema-file', path: join(dir, 'pay.proto') }, timeoutMs: 1000 });
  await dec.prepare([]);
  assert.deepEqual(dec.decode(bytes, 'value'), { ok: true, json: '{"amount":{"currency":"","units":"7"}}', schema: { type: 'PROTOBUF', file: 'pay.proto', messageName: 'app.Pay' } });
  await assert.rejects(createFileEncoder(join(dir, 'broken.proto')), new RegExp(`broken.proto imports "nowhere/x.proto", which is not at ${join(dir, 'nowhere/x.proto').replace(/[/.]/g, '\\$&')}`));
});
