// Lint, and the process boundary (DESIGN §2): src/shared is pure, only the Electron shell
// imports electron, the renderer never touches Node or main.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'stream', 'worker_threads']
const electron = ['electron', 'electron/*']

const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
})

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...restrict([...nodeBuiltins, ...electron, 'react', 'react-dom', 'react-dom/*', '**/main/**', '**/renderer/**', '**/preload/**'],
        'src/shared is pure TypeScript: no Node, Electron, DOM or process-specific imports.'),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([...nodeBuiltins, ...electron, '**/main/**', '**/preload/**', '**/cli/**'],
        'The renderer reaches files only through the API contract (window.workbench).'),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'tests/**/*.ts', 'bin/**/*.js'],
    ignores: ['src/main/app.ts', 'src/main/ipc.ts'],
    rules: restrict([...electron, '**/renderer/**'],
      'Only the Electron shell (src/main/app.ts, src/main/ipc.ts) and the preload import electron; services run in plain Node.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**', ...nodeBuiltins], 'The preload only exposes the contract.'),
  },
)
