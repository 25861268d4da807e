// Lint rules, including the import rules of the architecture: core imports nothing of ours,
// providers and salesforce import only core, ui imports only core.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ours = (...folders) => folders.map((folder) => `**/${folder}/**`);
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML.' }],
    },
  },
  {
    files: ['src/core/**'],
    rules: restrict([...ours('salesforce', 'providers', 'ui', 'console', 'server', 'cli', 'app'), 'node:*', 'preact', 'preact/*'], 'core imports nothing of ours and no platform or UI library.'),
  },
  {
    files: ['src/providers/**'],
    rules: restrict(ours('salesforce', 'ui', 'console', 'server', 'cli', 'app'), 'providers import only core.'),
  },
  {
    files: ['src/salesforce/**'],
    rules: restrict(ours('providers', 'ui', 'console', 'server', 'cli', 'app'), 'salesforce imports only core.'),
  },
  {
    files: ['src/ui/**'],
    rules: restrict(ours('salesforce', 'providers', 'console', 'server', 'cli', 'app'), 'ui imports only core.'),
  },
);
