// kafkajs and ssh2 are most of the extension's code. They load on first use (the first connection),
// not when the extension activates: the build ships each as a file of its own (dist/kafkajs.js, from
// kafkajsPatched.ts, and dist/ssh2.js), and the modules here reach their values only through these
// two functions, so activation compiles and runs none of it. Types are imported with `import type`, which costs nothing.
import type * as KafkaJs from 'kafkajs';
import type * as Ssh2 from 'ssh2';
import type * as FakerBundle from './fakerBundle';
import type * as SerdeBundle from '../serde/serdeBundle';

/* eslint-disable @typescript-eslint/no-require-imports -- a require() inside a function is what makes the load lazy */
export const kafkajs = (): typeof KafkaJs => require('./kafkajsPatched') as typeof KafkaJs;
export const ssh2 = (): typeof Ssh2 => require('ssh2') as typeof Ssh2;
/** @faker-js/faker (English), dist/faker.js: only a template with a {{faker…}} placeholder loads it. */
export const fakerBundle = (): typeof FakerBundle => require('./fakerBundle') as typeof FakerBundle;
/** avsc, protobufjs and ajv with our wire format (dist/serde.js): the first record decoded or value encoded with a schema loads it. */
export const serde = (): typeof SerdeBundle => require('../serde/serdeBundle') as typeof SerdeBundle;
/* eslint-enable @typescript-eslint/no-require-imports */
