// The Kafka release helpers (pure, in rules/) under the name the VM code and the VS Code side import.
export { DEFAULT_KAFKA_VERSION, apacheArchiveUrl, checksumUrlFor, formatBytes, heapForMemory, parseSha512, tarballName } from '../rules/kafkaRelease';
