// Where Set Up Kafka on a VM puts things, and the shell snippets that find the broker it started.
// Everything lives in kafkaDir, dataDir, or the systemd user unit.
import { shellPath } from './vmShell';
import { VmLayout } from './vmTypes';

export const UNIT_NAME = 'kafka-dev.service';
/** The unit file, in the SSH user's systemd user directory. */
export const UNIT_PATH = `~/.config/systemd/user/${UNIT_NAME}`;
/** Relative to kafkaDir. */
export const CONFIG_FILE = 'config/kafka-dev.properties';
export const ENV_FILE = 'kafka-dev.env';
export const PID_FILE = 'kafka-dev.pid';
export const SERVER_LOG = 'logs/server.log';
/** stdout/stderr of a broker started with a pid file (as kafka-server-start.sh -daemon names it). */
export const STDOUT_LOG = 'logs/kafkaServer.out';
/** Downloads and uploads wait here until they are unpacked. */
export const STAGING_DIR = '.kafka-dev-download';

/** A path inside kafkaDir as a shell word. */
export function inKafkaDir(layout: VmLayout, rel: string): string {
  return shellPath(`${layout.kafkaDir.replace(/\/+$/, '')}/${rel}`);
}

/** Shell that sets kd_pid to the running broker's pid (systemd user unit first, then the pid file) or ''. */
export function runningPidScript(layout: VmLayout): string {
  return [
    'kd_pid=',
    `if systemctl --user is-active --quiet ${UNIT_NAME} 2>/dev/null; then kd_pid=$(systemctl --user show -p MainPID --value ${UNIT_NAME} 2>/dev/null); fi`,
    `if [ -z "$kd_pid" ] || [ "$kd_pid" = 0 ]; then kd_pid=$(cat ${inKafkaDir(layout, PID_FILE)} 2>/dev/null); fi`,
    'if [ -n "$kd_pid" ] && kill -0 "$kd_pid" 2>/dev/null && tr \'\\0\' \' \' < /proc/"$kd_pid"/cmdline 2>/dev/null | grep -q kafka.Kafka; then :; else kd_pid=; fi',
    // A broker from this kafkaDir started some other way (kafka-server-start.sh -daemon): a java whose
    // classpath names the dir (not a shell whose script does, like this one).
    `if [ -z "$kd_pid" ] && kd_k=$(cd ${shellPath(layout.kafkaDir)} 2>/dev/null && pwd -P); then`,
    '  for kd_p in $(pgrep -f \'kafka[.]Kafka\' 2>/dev/null); do [ "$(cat /proc/"$kd_p"/comm 2>/dev/null)" = java ] && tr \'\\0\' \' \' < /proc/"$kd_p"/cmdline 2>/dev/null | grep -qF "$kd_k/" && kd_pid=$kd_p; done',
    'fi',
  ].join('\n');
}

/** Shell that prints "yes" when a systemd user manager answers. */
export const SYSTEMD_USER_SCRIPT = 'if systemctl --user show-environment >/dev/null 2>&1; then echo yes; else echo no; fi';

/** Shell that prints the listeners (ss with processes where permitted). */
export const LISTENERS_SCRIPT = 'ss -ltnp 2>/dev/null || ss -ltn';
