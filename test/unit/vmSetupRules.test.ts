// The pure parts of Set Up Kafka on a VM: checksum files in both of Apache's formats, the heap for a
// VM's memory, the single-node KRaft configuration, what Check the VM's script printed, and which
// findings stop Set Up (with their messages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apacheArchiveUrl, checksumUrlFor, DEFAULT_KAFKA_VERSION, formatBytes, heapForMemory, parseSha512, tarballName } from '../../src/kafka/rules/kafkaRelease';
import { brokerPortOf, kraftConfigText, parseProperties } from '../../src/kafka/rules/kraftConfig';
import { javaMajor, kafkaVersionFromJars, parseDfAvailable, parseFindings, parseListeners, parseMeminfo } from '../../src/kafka/rules/vmFindings';
import { findingProblems } from '../../src/kafka/vm/vmCheck';
import { VmFindings } from '../../src/kafka/vm/vmTypes';
import { DEFAULT_KAFKA_VERSION as HARNESS_VERSION } from '../harness/kafka';
import { printMd } from '../harness/kafkaDist';

const HEX = 'ab12'.repeat(32);

test('the default version is the harness\'s newest 4.x; Apache archive URLs', () => {
  assert.equal(DEFAULT_KAFKA_VERSION, HARNESS_VERSION);
  assert.equal(apacheArchiveUrl('4.4.0'), 'https://archive.apache.org/dist/kafka/4.4.0/kafka_2.13-4.4.0.tgz');
  assert.equal(checksumUrlFor(apacheArchiveUrl('4.4.0')), 'https://archive.apache.org/dist/kafka/4.4.0/kafka_2.13-4.4.0.tgz.sha512');
  assert.equal(tarballName('https://mirror.example/kafka/kafka_2.13-3.9.1.tgz?x=1'), 'kafka_2.13-3.9.1.tgz');
});

test('checksum files: gpg --print-md (upper case, groups, wrapped) and sha512sum lines', () => {
  const md = printMd('kafka_2.13-4.4.0.tgz', HEX);
  assert.match(md, /^kafka_2\.13-4\.4\.0\.tgz: AB12AB12 AB12AB12/);
  assert.ok(md.split('\n').length > 2, 'wrapped over lines');
  assert.equal(parseSha512(md), HEX);
  // Apache's real layout for 3.x: 8-digit groups, continuation lines indented to the colon.
  const real = `kafka_2.13-3.7.0.tgz: ${HEX.slice(0, 64).toUpperCase().match(/.{8}/g)?.join(' ')}\n                      ${HEX.slice(64).toUpperCase().match(/.{8}/g)?.join(' ')}\n`;
  assert.equal(parseSha512(real, 'kafka_2.13-3.7.0.tgz'), HEX);
  assert.equal(parseSha512(`${HEX}  kafka_2.13-4.4.0.tgz\n`), HEX);
  assert.equal(parseSha512(`${HEX.toUpperCase()} *kafka_2.13-4.4.0.tgz`), HEX);
  assert.equal(parseSha512(HEX), HEX);
  const other = 'cd34'.repeat(32);
  assert.equal(parseSha512(`${other}  other.tgz\n${HEX}  kafka_2.13-4.4.0.tgz\n`, 'kafka_2.13-4.4.0.tgz'), HEX);
  assert.equal(parseSha512('<html>404 Not Found</html>'), undefined);
  assert.equal(parseSha512('kafka.tgz: ABCD'), undefined);
});

test('heap: a quarter of the memory, between 256 and 1024 MB', () => {
  const gib = 1024 ** 3;
  assert.equal(heapForMemory(512 * 1024 ** 2), 256);
  assert.equal(heapForMemory(2 * gib), 512);
  assert.equal(heapForMemory(16 * gib), 1024);
  assert.equal(formatBytes(1024 * 1024), '1 MiB');
  assert.equal(formatBytes(1.5 * gib), '1.5 GiB');
});

test('the KRaft configuration: one node, loopback listeners, advertised localhost, replication 1', () => {
  const text = kraftConfigText({ brokerPort: 9092, controllerPort: 9093, dataDir: '/home/u/kafka-data' });
  const p = parseProperties(text);
  assert.equal(p.get('process.roles'), 'broker,controller');
  assert.equal(p.get('node.id'), '1');
  assert.equal(p.get('controller.quorum.voters'), '1@127.0.0.1:9093');
  assert.equal(p.get('listeners'), 'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
  assert.equal(p.get('advertised.listeners'), 'PLAINTEXT://localhost:9092');
  assert.equal(p.get('log.dirs'), '/home/u/kafka-data');
  assert.equal(p.get('offsets.topic.replication.factor'), '1');
  assert.equal(p.get('transaction.state.log.replication.factor'), '1');
  assert.equal(brokerPortOf(p), 9092);
  assert.match(text, /^# .*Kafka Dev/);
});

test('Check the VM: each section of the script\'s output', () => {
  assert.equal(javaMajor('openjdk version "17.0.15" 2025-04-15'), 17);
  assert.equal(javaMajor('java version "1.8.0_381"'), 8);
  assert.equal(javaMajor('openjdk version "21" 2023-09-19'), 21);
  assert.equal(parseDfAvailable('/dev/sda1 41152736 12000000 27035884 31% /'), 27035884 * 1024);
  assert.deepEqual(parseMeminfo('MemTotal:        2031396 kB\nMemFree:  100 kB\nMemAvailable:    1500000 kB\n'), { total: 2031396 * 1024, available: 1500000 * 1024 });
  const ss = [
    'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
    'LISTEN 0      50     127.0.0.1:9092     0.0.0.0:*     users:(("java",pid=4242,fd=150))',
    'LISTEN 0      128    [::]:22            [::]:*',
    'LISTEN 0      128    0.0.0.0:22         0.0.0.0:*     users:(("sshd",pid=1,fd=3))',
  ].join('\n');
  assert.deepEqual(parseListeners(ss, [9092, 9093]), [{ port: 9092, process: 'java (pid 4242)', pid: 4242 }]);
  assert.deepEqual(parseListeners(ss, [22]), [{ port: 22 }]);
  assert.equal(kafkaVersionFromJars('kafka-clients-4.4.0.jar kafka_2.13-4.4.0-test.jar kafka_2.13-4.4.0.jar'), '4.4.0');
  assert.equal(kafkaVersionFromJars('kafka_2.13-3.9.1.jar'), '3.9.1');
  assert.equal(kafkaVersionFromJars(''), undefined);

  const out = [
    '@@kd:os', 'Ubuntu 24.04.1 LTS', '@@kd:arch', 'aarch64', '@@kd:home', '/home/student',
    '@@kd:java', '/usr/bin/java', 'openjdk version "21.0.5" 2024-10-15', 'OpenJDK Runtime Environment',
    '@@kd:df', 'Filesystem 1024-blocks Used Available Capacity Mounted on', '/dev/root 30000000 1000 20000000 1% /',
    '@@kd:mem', 'MemTotal: 4000000 kB', 'MemAvailable: 3000000 kB', '@@kd:ss', ss,
    '@@kd:kafka', 'kafka_2.13-4.4.0.jar', '@@kd:broker', '4242', '@@kd:systemd', 'yes', '@@kd:pm', 'apt-get', '@@kd:sudo', 'password',
  ].join('\n');
  const f = parseFindings(out, [9092, 9093], '~/kafka');
  assert.equal(f.os, 'Ubuntu 24.04.1 LTS');
  assert.equal(f.arch, 'aarch64');
  assert.equal(f.home, '/home/student');
  assert.deepEqual(f.java, { version: 21, path: '/usr/bin/java', text: 'openjdk version "21.0.5" 2024-10-15' });
  assert.equal(f.diskFreeBytes, 20000000 * 1024);
  assert.equal(f.memTotalBytes, 4000000 * 1024);
  assert.deepEqual(f.existingKafka, { dir: '~/kafka', version: '4.4.0' });
  assert.deepEqual(f.brokerRunning, { pid: 4242 });
  assert.equal(f.systemdUser, true);
  assert.equal(f.packageManager, 'apt-get');
  assert.equal(f.sudo, 'password');
  const bare = parseFindings('@@kd:os\nLinux\n@@kd:java\n@@kd:broker\n\n@@kd:sudo\n', [9092], '~/kafka');
  assert.equal(bare.java, undefined);
  assert.equal(bare.brokerRunning, undefined);
  assert.equal(bare.sudo, 'none');
});

test('what stops Set Up: Java, ports not held by our broker, disk and memory under 1 GiB', () => {
  const gib = 1024 ** 3;
  const ok: VmFindings = {
    os: 'Debian', arch: 'x86_64', home: '/root', java: { version: 17, path: '/usr/bin/java', text: 'openjdk version "17"' },
    diskFreeBytes: 10 * gib, memTotalBytes: 4 * gib, memAvailableBytes: 3 * gib, portsInUse: [], systemdUser: false, packageManager: 'apt-get', sudo: 'root',
  };
  const plan = { kafkaVersion: '4.4.0', brokerPort: 9092, controllerPort: 9093, installJava: false, layout: { kafkaDir: '~/kafka', dataDir: '~/kafka-data' } };
  assert.deepEqual(findingProblems(ok, plan), []);
  assert.deepEqual(findingProblems({ ...ok, java: undefined }, { ...plan, installJava: true }), []);
  const [noJava] = findingProblems({ ...ok, java: undefined }, plan, 'vm1');
  assert.equal(noJava.kind, 'java-missing');
  assert.match(noJava.message, /Java is not installed on vm1.*needs Java 17 or newer/);
  assert.match(noJava.retry ?? '', /sudo apt-get install -y openjdk-17-jre-headless/);
  assert.equal(findingProblems({ ...ok, java: { version: 11, path: '/usr/bin/java', text: '' } }, plan)[0].kind, 'java-old');
  assert.deepEqual(findingProblems({ ...ok, java: { version: 11, path: '/usr/bin/java', text: '' } }, { ...plan, kafkaVersion: '3.9.1' }), []);
  // Our own broker on the port is no problem; anything else is.
  assert.deepEqual(findingProblems({ ...ok, brokerRunning: { pid: 7 }, portsInUse: [{ port: 9092, process: 'java (pid 7)', pid: 7 }] }, plan), []);
  const [port] = findingProblems({ ...ok, portsInUse: [{ port: 9093, process: 'nc (pid 8)', pid: 8 }] }, plan);
  assert.equal(port.kind, 'port-taken');
  assert.match(port.message, /Port 9093 .* taken by nc \(pid 8\)/);
  const [disk] = findingProblems({ ...ok, diskFreeBytes: 300 * 1024 ** 2 }, plan);
  assert.equal(disk.kind, 'disk');
  assert.match(disk.message, /Only 300 MiB free .*~\/kafka-data.*at least 1 GiB/);
  const [mem] = findingProblems({ ...ok, memTotalBytes: 512 * 1024 ** 2 }, plan);
  assert.equal(mem.kind, 'memory');
  assert.match(mem.message, /512 MiB of memory/);
  assert.ok([noJava, port, disk, mem].every((e) => e.step === 'check' && /Nothing was changed/.test(e.leftOnVm ?? '')));
});
