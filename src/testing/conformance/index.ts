/** The provider conformance kit: the standard interface's contract as runnable checks. */
export type { InboundCallSpec, ConformanceDriver, ConformanceTimeouts, ConformanceOptions } from './driver.js';
export { ConformanceError, EventRecorder } from './recorder.js';
export { rejectsWith, nodeHandles, withConnectedProvider } from './harness.js';
export type { ConformanceHarness } from './harness.js';
export { conformanceChecks } from './checks.js';
export type { ConformanceCheck } from './checks.js';
export { conformanceSuite } from './suite.js';
