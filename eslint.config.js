import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // Plain Node scripts (install hooks, launchers, the bin entry).
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: globals.node }
  },
  // The layers, each allowed to import only downward: shared ← core ← services ← cli / shell; the renderer talks
  // to main only through the contract (src/shared) and the preload bridge. Each block names a layer's whole list
  // (in a flat config the last block matching a file decides a rule).
  {
    // src/shared is the contract between main, preload and renderer: it must run anywhere,
    // so it may import neither Node built-ins nor electron (as VS Code keeps `common/` clean), nor any layer.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'fs', 'path', 'better-sqlite3', 'sharp'],
              message: 'shared runs anywhere'
            },
            { group: ['**/main/**', '**/renderer/**'], message: 'shared imports no layer' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'only the Electron shell imports electron' }],
          patterns: [
            {
              group: [
                '**/services',
                '**/services/**',
                '**/cli',
                '**/cli/**',
                '**/shell/**',
                '**/renderer/**'
              ],
              message: 'core is the bottom layer: it never imports services, cli, shell or renderer'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'services run under plain Node (engine process, CLI, tests)' }
          ],
          patterns: [
            {
              group: ['**/cli', '**/cli/**', '**/shell/**', '**/renderer/**'],
              message: 'services never import the command line, the Electron shell or the renderer'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'only the Electron shell imports electron' }],
          patterns: [
            { group: ['**/shell/**', '**/renderer/**'], message: 'the command line runs without the app' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'the renderer reaches main only through the contract'
            },
            { group: ['node:*', 'electron'], message: 'the renderer runs in a sandboxed window' }
          ]
        }
      ]
    }
  },
  {
    // Configuration is resolved once, at the edge (services/config.ts, read by the CLI's entry and the Electron
    // processes): the engine gets values as parameters and never reads the environment itself.
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'configuration comes in as parameters (services/config.ts resolves it)'
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules
  }
)
