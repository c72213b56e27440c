// Insert into Notebook: a snippet as a new code cell after the notebook's selection. The course notebook
// runs a Python kernel, so kafka-python goes in as Python, and the shell and Node snippets as cells of
// IPython's %%bash and %%script node magics (which run the cell's text with bash or node).
import * as vscode from 'vscode';
import type { Snippet } from '../kafka/rules/snippets';

/** The cell's text and language for a Python-kernel notebook. */
export function cellFor(snippet: Snippet): { text: string; language: string } {
  const text = snippet.text.replace(/\n$/, '');
  switch (snippet.language) {
    case 'python': return { text, language: 'python' };
    case 'shellscript': return { text: `%%bash\n${text}`, language: 'python' };
    case 'javascript': return { text: `%%script node\n${text}`, language: 'python' };
  }
}

/** Adds the snippet as a code cell after the selection (at the end when nothing is selected); returns its index. */
export async function insertIntoNotebook(editor: vscode.NotebookEditor, snippet: Snippet): Promise<number> {
  const doc = editor.notebook;
  const sel = editor.selections[0] ?? editor.selection;
  const index = sel && !sel.isEmpty ? sel.end : doc.cellCount;
  const cell = cellFor(snippet);
  const edit = new vscode.WorkspaceEdit();
  edit.set(doc.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cell.text, cell.language)])]);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`VS Code refused to add a cell to ${vscode.workspace.asRelativePath(doc.uri)} (is it read-only?). The snippet is on the clipboard instead.`);
  }
  editor.selections = [new vscode.NotebookRange(index, index + 1)];
  editor.revealRange(new vscode.NotebookRange(index, index + 1));
  return index;
}
