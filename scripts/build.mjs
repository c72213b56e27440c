// Builds the bundles: the extension (Node, CommonJS, `vscode` external), kafkajs and ssh2 (loaded by the
// extension on first use), the producer webview, the Browse Messages webview (browser) and Watch Lag (lag).
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: 'none',
};

// kafkajs and ssh2 are most of the code and are needed only once a cluster is used: each becomes a file
// of its own, which the extension bundle require()s on first use (src/kafka/client/vendor.ts), so activation
// neither compiles nor runs them.
// @faker-js/faker (English only, src/kafka/client/fakerBundle.ts) likewise, on the first {{faker…}} placeholder.
// avsc, protobufjs and ajv (src/kafka/serde/serdeBundle.ts) likewise, on the first schema decoded or encoded.
const LAZY = { './kafkajsPatched': 'kafkajs', ssh2: 'ssh2', './fakerBundle': 'faker', '../serde/serdeBundle': 'serde' };
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(LAZY).map((k) => k.replace(/[./]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (a) => ({ path: `./${LAZY[a.path]}.js`, external: true }));
  },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node18' };
const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyPackages] },
  ...[['src/kafka/client/kafkajsPatched.ts', 'kafkajs'], ['ssh2', 'ssh2'], ['src/kafka/client/fakerBundle.ts', 'faker'], ['src/kafka/serde/serdeBundle.ts', 'serde']].map(([entry, name]) => ({
    ...node,
    entryPoints: [entry],
    outfile: `dist/${name}.js`,
    // ssh2 optionally loads native addons (cpu-features, sshcrypto); they are absent by design so the
    // vsix works on every platform, and ssh2 falls back to pure JS.
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
  })),
  {
    ...common,
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // The Browse Messages webview (dist/browser.js + dist/browser.css).
  {
    ...common,
    entryPoints: ['webview/browser/main.ts'],
    outfile: 'dist/browser.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // The Watch Lag webview (dist/lag.js + dist/lag.css).
  {
    ...common,
    entryPoints: ['webview/lag/main.ts'],
    outfile: 'dist/lag.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
