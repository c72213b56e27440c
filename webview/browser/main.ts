// The Browse Messages panel's UI. The extension holds the records and is the source of truth for counts,
// rows and details; this page shows what is in view and sends what the person does. Modules: toolbar.ts
// (where to read, counts, export), filterBar.ts, search.ts, histogram.ts, table.ts (virtual scrolling),
// detail.ts (the selected record and its actions).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import './styles.css';
import type { ToWebview } from '../../src/browser/protocol';
import { byId, clear, h } from '../src/dom';
import { detailSection, showActionInfo, showDetail, wireDetail } from './detail';
import { filterSection, showFilterError, wireFilter, writeFilter } from './filterBar';
import { drawHistogram, histogramSection, wireHistogram } from './histogram';
import { searchDone, searchSection, showProgress, showSearchError, wireSearch } from './search';
import { post, state } from './state';
import { gotRows, newVersion, render, tableSection, wireTable } from './table';
import { showCounts, showFormats, showReadError, showStatus, toolbarSection, wireToolbar, writeRequest } from './toolbar';

function build(): void {
  const app = byId('app');
  clear(app);
  app.removeAttribute('aria-busy');
  app.append(
    h('header', { class: 'top' }, h('h1', {}, 'Browse ', h('span', { id: 'topic-name' }), h('span', { class: 'muted' }, ' on '), h('span', { id: 'cluster-name' }))),
    toolbarSection(),
    filterSection(),
    searchSection(),
    histogramSection(),
    h('div', { class: 'split' }, tableSection(), detailSection()),
  );
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init':
      byId('topic-name').textContent = m.topic;
      byId('cluster-name').textContent = m.clusterName;
      state.topic = m.topic;
      state.partitions = m.partitions;
      state.request = m.request;
      writeRequest(m.request);
      writeFilter(m.filter);
      state.counts = m.counts;
      showCounts(m.counts);
      newVersion();
      break;
    case 'counts': {
      const changed = m.counts.version !== state.counts?.version;
      state.counts = m.counts;
      showCounts(m.counts);
      if (changed) newVersion();
      else render();
      break;
    }
    case 'rows': gotRows(m.version, m.rows); break;
    case 'detail': showDetail(m.detail); render(); break;
    case 'status': showStatus(m.line, m.level); break;
    case 'info': showActionInfo(m.message); break;
    case 'formats': showFormats(m.key, m.value); break;
    case 'histogram': drawHistogram(m.histogram); break;
    case 'searchProgress': showProgress(m.progress); break;
    case 'searchDone': searchDone(m.done); break;
    case 'fieldError':
      if (m.scope === 'read') showReadError(m.field as Parameters<typeof showReadError>[0], m.error);
      else if (m.scope === 'filter') showFilterError(m.field as Parameters<typeof showFilterError>[0], m.error);
      else {
        showSearchError(m.field, m.error);
        if (m.error) searchDone({ matched: 0, scanned: 0, complete: false, stoppedBy: 'error', reached: {}, ms: 0 });
      }
      break;
  }
});

build();
wireToolbar();
wireFilter();
wireSearch();
wireHistogram();
wireTable();
wireDetail();
post({ type: 'ready' });
