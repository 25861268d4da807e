// Lint rules, including the import rules of the architecture (docs/architecture.md, "Import rules").
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.mjs';

// Every layer of ours: console, server and cli may import any of them.
const OURS = ['app', 'cli', 'config', 'console', 'core', 'lab', 'providers', 'salesforce', 'server', 'testing', 'types', 'ui'];

// The import rules as an allow-list, one row per folder of src/ (the longest matching folder wins).
// A file may import its own layer, the `layers` listed (a name covers its sub-layers: `providers` is
// every provider) and the `packages` listed (exact; `x/*` any subpath; `node:*` any Node built-in).
// Anything else fails lint, type-only imports included; a folder of src/ with no row fails too.
// docs/architecture.md has this table in words: change both together.
const LAYERS = {
  core: { layers: [], packages: ['libphonenumber-js/core'] },
  'providers/simulator': { layers: ['core'], packages: [] },
  'providers/sip': { layers: ['core'], packages: ['sip.js'] },
  'providers/twilio': { layers: ['core'], packages: ['@twilio/voice-sdk', 'twilio-taskrouter'] },
  'providers/connect': { layers: ['core'], packages: ['amazon-connect-streams'] },
  // `salesforce/index.ts`: the package's `./salesforce` entry, re-exporting the Open CTI host.
  salesforce: { layers: ['core', 'salesforce/opencti', 'salesforce/voice', 'salesforce/packaging'], packages: [] },
  'salesforce/opencti': { layers: ['core'], packages: [] },
  'salesforce/voice': { layers: ['core'], packages: ['@salesforce/scv-connector-base'] },
  'salesforce/packaging': { layers: ['core'], packages: [] },
  'salesforce/apex': { layers: [], packages: [] },
  // `slds-icons`: the Lightning Design System's icons, a module generated at build time (scripts/slds-icons.mjs).
  ui: { layers: ['core'], packages: ['preact', 'preact/hooks', 'slds-icons'] },
  config: { layers: ['core'], packages: ['esbuild', 'libphonenumber-js/metadata.min.json', 'node:fs', 'node:path', 'node:url'] },
  testing: { layers: ['core'], packages: ['node:test'] },
  lab: { layers: ['core'], packages: ['node:*'] },
  'lab/phone': { layers: ['core', 'providers/sip'], packages: [] },
  app: { layers: ['core', 'providers', 'salesforce', 'ui'], packages: ['idb'] },
  console: { layers: OURS, packages: ['preact', 'preact/hooks'] },
  // The browser stand-ins of the Twilio SDKs and the local Twilio softphone's entry: browser code, no SDK.
  'console/twilio-stand-in': { layers: ['core', 'providers/twilio', 'app'], packages: [] },
  'console/store': { layers: OURS, packages: ['node-sqlite3-wasm', 'node:*'] },
  server: { layers: OURS, packages: ['fastify', '@fastify/cors', '@fastify/formbody', '@fastify/helmet', '@fastify/rate-limit', '@fastify/send', '@fastify/websocket', 'fflate', 'jose', 'libphonenumber-js/max', 'node-forge', 'twilio', 'fast-xml-parser', 'node:*'] },
  cli: { layers: OURS, packages: ['fflate', 'node:*'] },
  types: { layers: [], packages: [] },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'docs-site/'] },
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
    files: ['src/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    plugins: { layers },
    rules: { 'layers/allowed-imports': ['error', { root: 'src', layers: LAYERS }] },
  },
);
