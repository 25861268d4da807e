/**
 * Edge cases of the core that mutation testing found unchecked: each assertion here failed on a
 * mutant that every other test let through (docs/testing.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryCallLogOutbox, startCall, type CallState } from '../../src/core/index.js';

describe('core edge cases', () => {
  it('a monitoring leg without a customer number has an empty number and is not on hold', () => {
    const leg = startCall({ type: 'monitoring', callId: 'm1', at: 1, teamCallId: 't1', mode: 'barge' }, { defaultRegion: 'US', wrapUp: true });
    assert.equal(leg.remote.raw, '');
    assert.equal(leg.held, false);
  });

  it('the in-memory outbox stores a call put into it', async () => {
    const outbox = new MemoryCallLogOutbox();
    const call = { id: 'planted', direction: 'inbound', phase: 'connected', remote: { raw: '1', display: '1' }, startedAt: 1, held: false, muted: false, log: { revision: 0, savedRevision: 0 } } satisfies CallState;
    await outbox.put(call);
    assert.deepEqual(outbox.ids(), ['planted']);
    assert.deepEqual(await outbox.load(), [call]);
  });
});
