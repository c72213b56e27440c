import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBootstrapServers, parseHostPort } from '../../src/kafka/rules/clusterConfig';

test('parseHostPort accepts host:port and [ipv6]:port', () => {
  assert.deepEqual(parseHostPort('localhost:9092'), { host: 'localhost', port: 9092 });
  assert.deepEqual(parseHostPort(' 10.0.0.1:19092 '), { host: '10.0.0.1', port: 19092 });
  assert.deepEqual(parseHostPort('[::1]:9092'), { host: '::1', port: 9092 });
});

test('parseHostPort says what is wrong', () => {
  assert.match((parseHostPort('localhost') as { error: string }).error, /no port: write localhost:9092/);
  assert.match((parseHostPort('localhost:0') as { error: string }).error, /not between 1 and 65535/);
  assert.match((parseHostPort('localhost:99999') as { error: string }).error, /not between 1 and 65535/);
  assert.match((parseHostPort('a b:1') as { error: string }).error, /not host:port/);
  assert.match((parseHostPort('') as { error: string }).error, /empty entry/);
});

test('parseBootstrapServers splits on commas and spaces', () => {
  assert.deepEqual(parseBootstrapServers('a:1, b:2 c:3'), { servers: ['a:1', 'b:2', 'c:3'] });
  assert.match((parseBootstrapServers('  ') as { error: string }).error, /at least one/);
  assert.match((parseBootstrapServers('a:1,b') as { error: string }).error, /"b" has no port/);
});
