// kafkajs as Kafka Dev loads it (src/kafka/client/vendor.ts; the build makes this file dist/kafkajs.js): the
// package itself, with two fixes to kafkajs 2.2.4.
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
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internals are reachable only by path */
import type * as KafkaJs from 'kafkajs';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

const kafkajs = require('kafkajs') as typeof KafkaJs;
const queue = (require('kafkajs/src/network/requestQueue') as { prototype: RequestQueue }).prototype;
const schedule = queue.scheduleCheckPendingRequests;
if (typeof schedule === 'function') {
  queue.scheduleCheckPendingRequests = function (this: RequestQueue): void {
    if (this.pending.length === 0 && !(this.throttledUntil > Date.now())) return;
    schedule.call(this);
  };
}

interface Connection {
  chunks: Buffer[];
  bytesBuffered: number;
  bytesNeeded: number;
  isConnected(): boolean;
  connect(): Promise<boolean>;
}

const connection = (require('kafkajs/src/network/connection') as { prototype: Connection }).prototype;
const connect = connection.connect;
if (typeof connect === 'function') {
  connection.connect = function (this: Connection): Promise<boolean> {
    if (!this.isConnected()) {
      this.chunks = [];
      this.bytesBuffered = 0;
      this.bytesNeeded = 4; // the response size field, an INT32
    }
    return connect.call(this);
  };
}

export = kafkajs;
