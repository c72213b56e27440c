// The producer panel's UI. The extension is the source of truth for topics, sends and history; the
// form (the draft) lives here while typing, is saved in webview state at every keystroke (so a
// re-created webview restores it instantly) and mirrored to the extension (so it survives closing).
// This file boots the panel and handles the extension's messages; layout.ts builds it, form.ts keeps
// form and draft in step, events.ts handles input, results.ts shows outcomes.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import './styles.css';
import { parseDraft } from '../../src/kafka/rules/produceValidation';
import type { ToWebview } from '../../src/producer/protocol';
import { byId } from './dom';
import { wire } from './events';
import { changed, flushDraft, renderTopics, tf, validate, writeForm } from './form';
import { build } from './layout';
import { showRepeat, wireRepeat } from './repeat';
import { renderHistory, setBusy, showPanelError, showResult } from './results';
import { onSchemaMessage } from './schemaControls';
import { post, saveState, state, vscode } from './state';

function showTopicsError(error: string | undefined): void {
  byId('topics-error').hidden = !error;
  byId('topics-error').textContent = error ?? '';
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init': {
      byId('cluster-name').textContent = m.clusterName;
      // Webview state is newer than the extension's debounced copy whenever it exists; it may have been
      // saved by an older build (no keyFormat), so it is parsed like any draft.
      // After a pre-filled open (a Re-send from the message browser) the extension's draft is the newer one.
      const savedState = vscode.getState() as { draft?: unknown; interval?: unknown } | undefined;
      let saved = m.draftFromHost ? 'pre-filled' : parseDraft(savedState?.draft);
      // Typed before this first init arrived, a saved draft has no topic yet: the extension's names one.
      if (typeof saved !== 'string' && saved.topic === '') saved = { ...saved, topic: m.draft.topic };
      state.draft = typeof saved === 'string' ? m.draft : saved;
      if (typeof savedState?.interval === 'string') { state.interval = savedState.interval; byId<HTMLElement & { value: string }>('interval').value = state.interval; }
      state.topics = m.topics;
      showTopicsError(m.topicsError);
      writeForm();
      if (typeof saved !== 'string') flushDraft();
      renderHistory(m.history);
      showResult(m.last);
      showPanelError(m.lastError);
      showRepeat(m.repeat);
      setBusy(m.busy !== null, m.busy?.sent, m.busy?.total);
      if (m.draftFromHost) { saveState(); flushDraft(); }
      break;
    }
    case 'draft':
      state.draft = m.draft;
      state.touched = false;
      writeForm();
      saveState();
      flushDraft();
      break;
    case 'repeat':
      showRepeat(m.repeat);
      break;
    case 'history':
      renderHistory(m.history);
      break;
    case 'topics':
      state.topics = m.topics;
      showTopicsError(m.error);
      renderTopics();
      validate();
      break;
    case 'progress':
      setBusy(true, m.sent, m.total);
      break;
    case 'result':
      setBusy(false);
      showPanelError(null);
      showResult(m.summary);
      renderHistory(m.history);
      break;
    case 'error':
      setBusy(false);
      // An error ends the current send: no earlier result stays next to it.
      showResult(null);
      state.serverErrors = m.error.errors ?? (m.error.field ? { [m.error.field]: m.error.message } : {});
      validate();
      showPanelError(m.error);
      break;
    case 'schemaCheck':
    case 'subjects':
    case 'example':
      onSchemaMessage(m, changed, (part, text) => {
        if (part === 'key') { state.draft.key = text; tf('key').value = text; } else { state.draft.value = text; byId<HTMLElement & { value: string }>('value').value = text; }
      });
      break;
    case 'info':
      showPanelError(null);
      byId('progress-text').textContent = m.message;
      break;
  }
});

build();
wire();
wireRepeat();
post({ type: 'ready' });
