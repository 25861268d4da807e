// Mutation testing of the core and the Open CTI bridge (`npm run mutation`, scripts/mutation.mjs).
// Each unit test file is one "test" for StrykerJS's TAP runner (node:test prints TAP), so coverage
// is per test file: a mutant runs only the files that reach it. Incremental mode keeps the results
// in reports/ so a re-run tests only the mutants whose code or tests changed.

/**
 * The unit test files written against `src/core` and `src/salesforce/opencti` (the provider and
 * Voice tests reach the core too, but through a provider: they add minutes, not kills).
 */
export const MUTATION_TEST_FILES = [
  'test/unit/core-call-machine.test.ts',
  'test/unit/core-call-log.test.ts',
  'test/unit/core-commands.test.ts',
  'test/unit/core-recovery.test.ts',
  'test/unit/core-timeline.test.ts',
  'test/unit/core-effects-runner.test.ts',
  'test/unit/reducer.test.ts',
  'test/unit/participants.test.ts',
  'test/unit/opencti.test.ts',
  'test/unit/outbox.test.ts',
  'test/unit/connector.test.ts',
  'test/unit/reducer-properties.test.ts',
  // Added after the order above was set: appending keeps the other files' bundle names (and so the
  // incremental results tied to them).
  'test/unit/core-edges.test.ts',
  'test/unit/core-participant-legs.test.ts',
  'test/unit/core-connector-outbox.test.ts',
  // Pop rules, the Omni presence-sync rules, the core's rules at their limits, then the bridge's Omni
  // relay, its edges and the recording field of the Task.
  'test/unit/pop-rules.test.ts',
  'test/unit/presence-sync.test.ts',
  'test/unit/core-boundaries.test.ts',
  'test/unit/opencti-omni-sync.test.ts',
  'test/unit/opencti-edges.test.ts',
  'test/unit/call-log-recording.test.ts',
  // The bridge's pop decision on its own (its rules were reached through Open CTI only).
  'test/unit/opencti-pop-rules.test.ts',
  // The core's pop rules and the server session's fetch at their limits.
  'test/unit/core-pop-rules-limits.test.ts',
  // The Omni presence sync's late and missing echoes, calls at their limits and every refusal.
  'test/unit/presence-sync-limits.test.ts',
  // What a call keeps and hands on (dialled number, recording, alerting, the pop's request, the
  // records related to it, the label), and the bridge's pop rules run against Open CTI.
  'test/unit/core-call-details.test.ts',
  'test/unit/opencti-pop-rule-runner.test.ts',
  // The connector's pending logs, outbox batches, reported failures, navigation and retry at once.
  'test/unit/core-connector-limits.test.ts',
];

/**
 * The bundle of each test file (scripts/mutation-bundle.mjs), numbered in the order above: a mutant
 * runs its covering files in this order and stops at the first that fails, so the quick, focused
 * files come first and the slow, broad ones (the connector's, the property tests) last.
 */
export const MUTATION_BUNDLES = MUTATION_TEST_FILES.map((file, index) => `.mutation-tests/${String(index).padStart(2, '0')}-${file.split('/').pop().replace(/\.ts$/, '.mjs')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/core/**/*.ts',
    'src/salesforce/opencti/**/*.ts',
    // Re-exports and type declarations only: nothing to mutate.
    '!src/core/index.ts',
    '!src/salesforce/opencti/index.ts',
    '!src/salesforce/opencti/types.ts',
  ],
  testRunner: 'tap',
  // Each test file bundled with the instrumented sources (scripts/mutation-bundle.mjs): plain
  // JavaScript, so a test process does not compile TypeScript on every mutant.
  buildCommand: 'node scripts/mutation-bundle.mjs',
  tap: {
    testFiles: MUTATION_BUNDLES,
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Module-level mutants would run every test file each; the behaviour they could change is
  // exercised through the functions anyway.
  ignoreStatic: true,
  // Two processes: the type checker and a test runner, then two test runners once every mutant is
  // type-checked (the checker checks them in batches at the start).
  concurrency: 2,
  timeoutMS: 5000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  appendPlugins: ['./scripts/stryker-live-reporter.mjs'],
  reporters: ['json', 'html', 'clear-text', 'progress-append-only', 'live'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  ignorePatterns: ['dist', 'docs-site', 'data', 'test-results', 'lab', 'bench', 'examples', 'docs', 'api', 'reports', 'test/e2e'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
