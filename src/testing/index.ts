/** `softphone-connector/testing`: helpers for testing connectors and providers. */
export { FakeBridge } from './fake-bridge.js';
export type { FakeLogRecord } from './fake-bridge.js';
export {
  ConformanceError, EventRecorder, rejectsWith, nodeHandles, withConnectedProvider, conformanceChecks,
  conformanceSuite,
} from './conformance/index.js';
export type {
  InboundCallSpec, ConformanceDriver, ConformanceTimeouts, ConformanceOptions, ConformanceHarness, ConformanceCheck,
} from './conformance/index.js';
