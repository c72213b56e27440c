import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaLabelText, schemaMark } from '../../src/kafka/rules/schemaLabel';

test('schema labels as the record line shows them', () => {
  assert.equal(schemaLabelText({ type: 'AVRO', subject: 'orders-value', version: 3, id: 7 }), 'avro orders-value v3 id 7');
  assert.equal(schemaLabelText({ type: 'PROTOBUF', messageName: 'shop.Order', subject: 'orders-value', version: 1, id: 9 }), 'protobuf shop.Order orders-value v1 id 9');
  assert.equal(schemaLabelText({ type: 'AVRO', file: 'order.avsc' }), 'avro file order.avsc');
  assert.equal(schemaLabelText({ type: 'JSON', id: 4 }), 'json-schema id 4');
  assert.equal(schemaMark({ type: 'AVRO', subject: 'orders-value', version: 3, id: 7 }), '«avro orders-value v3 id 7»');
});
