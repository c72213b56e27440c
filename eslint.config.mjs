// Flat config: typescript-eslint's recommended rules, plus the house rule of no `any` at boundaries.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench/profiles/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  // The layers (README "Code layout"): src/kafka talks to Kafka and knows nothing of VS Code or of the
  // feature folders, so tests and benchmarks use it from plain Node.
  {
    files: ['src/kafka/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/kafka knows nothing of VS Code: adapt it in a feature folder.' }],
        patterns: [{ group: ['../../*'], message: 'src/kafka imports only from src/kafka.' }],
      }],
    },
  },
  // The pure rules (names, configs, templates, formatting, validation) run in the webview too: no Node,
  // no kafkajs/ssh2, nothing from the other src/kafka groups.
  {
    files: ['src/kafka/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'kafkajs', 'ssh2'].map((name) => ({ name, message: 'src/kafka/rules is pure: the webview bundles it.' })),
        patterns: [{ regex: '^(node:|\\.\\./)', message: 'src/kafka/rules is pure (no Node modules, nothing outside rules/): the webview bundles it.' }],
      }],
    },
  },
  // The webview is a browser bundle: it may share only the pure rules and the producer's message protocol.
  {
    files: ['webview/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'kafkajs', 'ssh2'].map((name) => ({ name, message: 'the webview is a browser bundle.' })),
        patterns: [
          { regex: '^node:', message: 'the webview is a browser bundle: no Node modules.' },
          {
            regex: '^\\.\\./\\.\\./src/(?!kafka/rules/|producer/protocol$)',
            message: 'the webview may import only src/kafka/rules/* and src/producer/protocol from the extension.',
          },
        ],
      }],
    },
  },
  // The Browse Messages webview: the pure rules and its own message protocol, nothing else of the extension.
  {
    files: ['webview/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'kafkajs', 'ssh2'].map((name) => ({ name, message: 'the webview is a browser bundle.' })),
        patterns: [
          { regex: '^node:', message: 'the webview is a browser bundle: no Node modules.' },
          {
            regex: '^\\.\\./\\.\\./src/(?!kafka/rules/|browser/protocol$)',
            message: 'the browser webview may import only src/kafka/rules/* and src/browser/protocol from the extension.',
          },
        ],
      }],
    },
  },
  // The Watch Lag webview: the pure rules and its own message protocol, nothing else of the extension.
  {
    files: ['webview/lag/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'kafkajs', 'ssh2'].map((name) => ({ name, message: 'the webview is a browser bundle.' })),
        patterns: [
          { regex: '^node:', message: 'the webview is a browser bundle: no Node modules.' },
          {
            regex: '^\\.\\./\\.\\./src/(?!kafka/rules/|lag/protocol$)',
            message: 'the lag webview may import only src/kafka/rules/* and src/lag/protocol from the extension.',
          },
        ],
      }],
    },
  },
);
