// "Send every N seconds": the interval field (checked as you type), Start/Stop, and the running state.
// The extension runs the ticks (they must outlive a hidden webview); this only asks and shows.
import { MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS, intervalText, parseInterval } from '../../src/kafka/rules/repeatInterval';
import type { RepeatStatus } from '../../src/producer/protocol';
import { byId } from './dom';
import { flushDraft, tf, validate } from './form';
import { plural } from './format';
import { showPanelError, showResult } from './results';
import { post, saveState, state } from './state';

function intervalError(): string | undefined {
  const r = parseInterval(state.interval);
  return typeof r === 'number' ? undefined : r.error;
}

function showIntervalError(show: boolean): void {
  const err = show ? intervalError() : undefined;
  byId('error-interval').textContent = err ?? '';
  tf('interval').toggleAttribute('invalid', err !== undefined);
}

function start(): void {
  if (state.busy || state.repeat?.running) return;
  state.touched = true;
  state.serverErrors = {};
  const formErrors = validate();
  showIntervalError(true);
  if (Object.keys(formErrors).length > 0 || intervalError()) {
    showPanelError({ message: 'Fix the marked fields; nothing was sent.' });
    return;
  }
  showPanelError(null);
  showResult(null);
  flushDraft(false);
  post({ type: 'startRepeat', draft: state.draft, interval: state.interval });
}

/** Shows the status: while running, "Sending every 2 s · 14 sent" and Stop; after, how it ended. */
export function showRepeat(s: RepeatStatus | null): void {
  state.repeat = s;
  const running = s?.running === true;
  byId('repeat-start').hidden = running;
  byId('repeat-stop').hidden = !running;
  byId('repeat-start').toggleAttribute('disabled', state.busy);
  byId('send').toggleAttribute('disabled', running || state.busy);
  tf('interval').toggleAttribute('disabled', running);
  byId('repeat').classList.toggle('running', running);
  const text = byId('repeat-status');
  if (!s) { text.textContent = ''; return; }
  const every = intervalText(s.intervalSeconds);
  if (running) {
    text.textContent = `Sending every ${every} · ${plural(s.sent, 'message')} sent${s.lastOffsets ? ` · last ${s.lastOffsets}` : ''}`;
  } else {
    const why = s.ended && s.ended !== 'stopped' ? `: ${s.ended}` : '';
    text.textContent = `Stopped sending every ${every} after ${plural(s.sent, 'message')} (${plural(s.ticks, 'tick')})${why}.`;
  }
}

export function wireRepeat(): void {
  const field = tf('interval');
  field.value = state.interval;
  const onInput = (): void => { state.interval = field.value; saveState(); showIntervalError(true); };
  field.addEventListener('input', onInput);
  field.addEventListener('change', onInput);
  byId('repeat-start').addEventListener('click', start);
  byId('repeat-stop').addEventListener('click', () => post({ type: 'stopRepeat' }));
}

export const INTERVAL_HELP = `seconds (${MIN_INTERVAL_SECONDS}…${MAX_INTERVAL_SECONDS}); each tick sends the form once, its Count each time, {{seq}} going on`;
