// The HTML shell of every Kafka Dev panel (the producer, the message browser, Watch Lag): only its bundle from dist/
// runs, under a strict Content-Security-Policy: a nonce for the one script, no 'unsafe-inline' anywhere
// (the web components style themselves through constructable stylesheets, which CSP does not govern; our
// own CSS is a file from dist/, and positions are set through the CSSOM, which CSP allows).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folder a panel may load from (its localResourceRoots). */
export function distRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist');
}

/** `bundle` names dist/<bundle>.js and dist/<bundle>.css, as scripts/build.mjs writes them. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'webview' | 'browser' | 'lag', title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(distRoot(extensionUri), `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(distRoot(extensionUri), `${bundle}.css`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${esc(title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
