import type { SalesforceBridge } from '../../../src/core/index.js';

/**
 * A host that pops nobody (or fails to, with `popError`), saves every log as 00T1 and otherwise does
 * nothing; tests spread it and replace the methods they watch.
 */
export const quietBridge = (popError?: Error): SalesforceBridge => ({
  popCaller: async () => {
    if (popError) throw popError;
    return { kind: 'none' } as Awaited<ReturnType<SalesforceBridge['popCaller']>>;
  },
  saveCallLog: async () => ({ recordId: '00T1' }),
  showSoftphone: async () => undefined,
  setStatusLabel: async () => undefined,
  enableClickToDial: async () => undefined,
  onNavigationChange: async () => undefined,
  ready: async () => undefined,
});
