// esbuild bundles imported CSS into dist/webview.css (loaded by a <link>, allowed by the CSP).
declare module '*.css';
