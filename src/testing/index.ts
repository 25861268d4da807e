/** `softphone-connector/testing`: helpers for testing connectors and providers. */
export * from './fake-bridge.js';
export * from './conformance/index.js';
