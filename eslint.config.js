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
  {
    // src/shared is the contract between main, preload and renderer: it must run anywhere,
    // so it may import neither Node built-ins nor electron (as VS Code keeps `common/` clean).
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'fs', 'path', 'better-sqlite3', 'sharp'] }
      ]
    }
  },
  {
    // Only the Electron shell may import electron; everything else runs under plain Node.
    files: ['src/main/core/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] }
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
