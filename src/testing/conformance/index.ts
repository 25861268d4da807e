/** The provider conformance kit: the standard interface's contract as runnable checks. */
export * from './driver.js';
export * from './recorder.js';
export * from './harness.js';
export * from './checks.js';
export * from './suite.js';
