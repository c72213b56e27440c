// SigV4 presigned-URL signing against AWS's published Signature Version 4 test suite: the query-signing
// ("presigned URL") files of the get-vanilla* cases, as kept by awslabs/aws-c-auth in
// tests/aws-signing-test-suite/v4/<case>/ (context.json: AKIDEXAMPLE, us-east-1, service "service",
// 2015-08-30T12:36:00Z, 3600 s). The expected canonical requests, strings to sign and signatures below
// are copied from those files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amzDate, canonicalQuery, presign, uriEncode } from '../../src/kafka/client/auth/sigv4';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const DATE = new Date('2015-08-30T12:36:00Z');
const X_AMZ = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface Vector {
  name: string;
  query: Record<string, string>;
  token?: string;
  canonicalQuery: string;
  stringToSignHash: string;
  signature: string;
}

const VECTORS: Vector[] = [
  {
    name: 'get-vanilla', query: {},
    canonicalQuery: `${X_AMZ}&X-Amz-SignedHeaders=host`,
    stringToSignHash: 'bb7705b4aa3cb8e8f5e1e0b3d4c0b64030797a313c8ceee43e33117cc43eadc5',
    signature: 'e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d',
  },
  {
    name: 'get-vanilla-query-order-key-case', query: { Param2: 'value2', Param1: 'value1' },
    canonicalQuery: `Param1=value1&Param2=value2&${X_AMZ}&X-Amz-SignedHeaders=host`,
    stringToSignHash: 'b82878ecb2ab7ad194b9fe79b2946c2a36ee1627a219408089b2d774c1a0cedb',
    signature: '86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5',
  },
  {
    name: 'get-vanilla-query-unreserved',
    query: { '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz': '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
    canonicalQuery: `-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&${X_AMZ}&X-Amz-SignedHeaders=host`,
    stringToSignHash: 'c77f27ef2b499fbfee3f0b3c88bba7057b2b31ee9b62047078a5e0d6be91fd58',
    signature: '8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf',
  },
  {
    name: 'get-vanilla-utf8-query', query: { '\u1234': 'bar' },
    canonicalQuery: `%E1%88%B4=bar&${X_AMZ}&X-Amz-SignedHeaders=host`,
    stringToSignHash: 'b2e8ae8e48ec880defebc6f6dc1d9fbc9f1856b33146f2943060ca71a50a7a77',
    signature: '0bdd809b1519ac4f0c1dc3540e2cc46bd0c7f778eda408b2ebf3b913d21ff600',
  },
  {
    name: 'get-vanilla-with-session-token', query: {}, token: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267',
    canonicalQuery: `${X_AMZ}&X-Amz-Security-Token=6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267&X-Amz-SignedHeaders=host`,
    stringToSignHash: 'cb30434103085aa9e73780fc60dc9a9df818fd2a7b1de12a9f6f4d791f898761',
    signature: '7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c',
  },
];

for (const v of VECTORS) {
  test(`AWS SigV4 test suite, presigned: ${v.name}`, () => {
    const p = presign({
      method: 'GET', host: 'example.amazonaws.com', path: '/', query: v.query, region: 'us-east-1', service: 'service',
      credentials: { ...CREDS, sessionToken: v.token }, date: DATE, expiresSeconds: 3600,
    });
    assert.equal(p.canonicalRequest, ['GET', '/', v.canonicalQuery, 'host:example.amazonaws.com', '', 'host', EMPTY].join('\n'));
    assert.equal(p.stringToSign, ['AWS4-HMAC-SHA256', '20150830T123600Z', '20150830/us-east-1/service/aws4_request', v.stringToSignHash].join('\n'));
    assert.equal(p.signature, v.signature);
    assert.equal(p.params['X-Amz-Signature'], v.signature);
  });
}

test('a wrong secret key gives another signature', () => {
  const p = presign({ method: 'GET', host: 'example.amazonaws.com', path: '/', region: 'us-east-1', service: 'service', credentials: { ...CREDS, secretAccessKey: 'x' }, date: DATE, expiresSeconds: 3600 });
  assert.notEqual(p.signature, VECTORS[0].signature);
});

test('uriEncode keeps only unreserved characters and encodes the rest upper-case', () => {
  assert.equal(uriEncode("a b/c:d*'()!~"), "a%20b%2Fc%3Ad%2A%27%28%29%21~");
  assert.equal(canonicalQuery({ b: '2', a: '1', 'a b': 'x' }), 'a=1&a%20b=x&b=2');
  assert.equal(amzDate(new Date('2020-10-22T01:02:03.456Z')), '20201022T010203Z');
});
