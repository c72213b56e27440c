// kafkajs as Kafka Dev loads it (src/kafka/client/vendor.ts; the build makes this file dist/kafkajs.js): the
// package itself, with three fixes to kafkajs 2.2.4 (applied by kafkajsPatch.ts only to that version;
// another one is used unpatched, and a warning in the log says so once).
//
// 1. It re-arms a 1 ms timer for ever on every connection once a request has been answered, even with
// nothing pending and nothing throttled (tulios/kafkajs#1751; the 1 ms is a negative delay clamped by
// Node). An idle connection then costs ~4% of a core, and the extension keeps connections open while a
// person reads. With nothing to check, no timer is needed: push() sends a new request at once, and a
// throttle or a full in-flight window arms its own check.
//
// 2. A connection keeps the bytes of a half-received response when its socket goes (a broker killed
// while it answers a Fetch), and reads the next socket's bytes as their continuation: the frame sizes
// are then garbage, responses are never matched, or decoding throws RangeError ERR_BUFFER_OUT_OF_BOUNDS
// from the socket's data handler, an uncaught exception (seen once in the broker-restart test;
// tulios/kafkajs#715). A new socket starts a new byte stream, so the framing starts afresh on connect.
//
// 3. On reconnect the old socket keeps its listeners: its late 'end' or 'error' disconnects the new
// connection, its late bytes are read as the new one's. They are removed and the old socket destroyed.
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internals are reachable only by path */
import type * as KafkaJs from 'kafkajs';
import { applyKafkajsPatches, PatchTargets } from './kafkajsPatch';

const kafkajs = require('kafkajs') as typeof KafkaJs;
applyKafkajsPatches({
  version: (require('kafkajs/package.json') as { version: string }).version,
  requestQueue: require('kafkajs/src/network/requestQueue') as PatchTargets['requestQueue'],
  connection: require('kafkajs/src/network/connection') as PatchTargets['connection'],
}, (m) => console.warn(m));

export = kafkajs;
