// kafkajs as Kafka Dev loads it (src/kafka/vendor.ts; the build makes this file dist/kafkajs.js): the
// package itself, with one fix. kafkajs 2.2.4 re-arms a 1 ms timer for ever on every connection once a
// request has been answered, even with nothing pending and nothing throttled (tulios/kafkajs#1751;
// the 1 ms is a negative delay clamped by Node). An idle connection then costs ~4% of a core, and the
// extension keeps connections open while a person reads. With nothing to check, no timer is needed:
// push() sends a new request at once, and a throttle or a full in-flight window arms its own check.
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

export = kafkajs;
