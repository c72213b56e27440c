import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registryUrlError } from '../../src/kafka/rules/registrySettings';

test('registryUrlError accepts http(s) base URLs, with or without a path', () => {
  for (const ok of ['http://localhost:8081', 'https://localhost:8081/', ' http://127.0.0.1:8080/apis/ccompat/v7 ',
    'http://[::1]:8081', 'https://registry.localhost/sr']) {
    assert.equal(registryUrlError(ok), undefined, ok);
  }
});

test('registryUrlError says what is wrong and how to write it', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /enter the registry's URL, e\.g\. http:\/\/localhost:8081/],
    ['   ', /enter the registry's URL/],
    ['localhost:8081', /no scheme: write http:\/\/localhost:8081 or https:\/\/localhost:8081/],
    ['ftp://localhost:8081', /starts with http:\/\/ or https:\/\/, not ftp:\/\//],
    ['http://local host:8081', /is not a URL: write it as http:\/\/host:port/],
    ['http://localhost:99999', /is not a URL/],
    ['http://alice:secret@localhost:8081', /remove the user name and password from the URL: choose basic auth/],
    ['http://alice@localhost:8081', /remove the user name and password/],
    ['http://localhost:8080/apis/registry/v3', /Apicurio's own API.*http:\/\/localhost:8080\/apis\/ccompat\/v7/],
    ['http://localhost:8080/apis/registry/v2/groups', /apis\/ccompat\/v7/],
    ['http://localhost:8081/subjects', /without \/subjects or \/schemas: e\.g\. http:\/\/localhost:8081$/],
    ['http://localhost:8080/apis/ccompat/v7/schemas/ids/1', /e\.g\. http:\/\/localhost:8080\/apis\/ccompat\/v7$/],
    ['http://localhost:8081/?x=1', /remove "\?x=1" from the URL/],
    ['http://localhost:8081/#top', /remove "#top"/],
  ];
  for (const [text, re] of cases) {
    const e = registryUrlError(text);
    assert.ok(e, `${JSON.stringify(text)} should be refused`);
    assert.match(e, re, text);
  }
});
