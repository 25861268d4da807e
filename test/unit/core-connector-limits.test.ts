/**
 * The connector at its limits: which logs count as pending, what one outbox write holds when only
 * one of two calls changed, failures that have no place in the state (an outbox write, the phone
 * system's after-call work) reported with what was being done, the record the agent opens reaching
 * the state, and a failed save retried at once on the agent's word.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connector, MemoryCallLogOutbox, type CallLog, type OutboxBatch, type RecordRef, type SalesforceBridge } from '../../src/core/index.js';
import { EmittingProvider } from './fakes/emitting-provider.js';
import { quietBridge } from './fakes/quiet-bridge.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const settle = async () => {
  for (let i = 0; i < 5; i++) await flush();
};

/** An outbox that keeps every batch and fails a write when told to. */
class WatchedOutbox extends MemoryCallLogOutbox {
  readonly batches: OutboxBatch[] = [];
  failNext?: Error;
  override async write(batch: OutboxBatch): Promise<void> {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.batches.push(batch);
    return super.write(batch);
  }
}

/** A host that saves logs when `accept` says so, and whose navigation the test drives. */
function host(accept: () => boolean = () => true) {
  const saves: string[] = [];
  const logs: CallLog[] = [];
  let navigate: ((record: RecordRef | undefined) => void) | undefined;
  const bridge: SalesforceBridge = {
    ...quietBridge(),
    saveCallLog: async (log) => {
      saves.push(log.callId);
      logs.push(log);
      if (!accept()) throw new Error('Salesforce is unreachable');
      return { recordId: `00T${saves.length}` };
    },
    onNavigationChange: async (listener) => void (navigate = listener),
  };
  return { bridge, saves, logs, navigate: (record: RecordRef | undefined) => navigate?.(record) };
}

describe('Connector: pending logs and what the outbox is given', () => {
  it('counts only calls whose log has changes not yet saved', async () => {
    const provider = new EmittingProvider();
    let accepting = false;
    const salesforce = host(() => accepting);
    const connector = new Connector({ provider, bridge: salesforce.bridge, onError: () => undefined, logRetry: { baseMs: 60_000, maxMs: 60_000 } });
    await connector.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'connected', callId: 'c1', at: 2 });
    await settle();
    assert.equal(connector.pendingLogs(), 0, 'a live call has nothing to log yet');
    provider.emit({ type: 'ended', callId: 'c1', at: 3, reason: 'hangup-remote' });
    await settle();
    assert.equal(connector.pendingLogs(), 1, 'its log failed to save: still pending');
    accepting = true;
    connector.retryLog('c1');
    await settle();
    assert.deepEqual(salesforce.saves, ['c1', 'c1'], 'retried at once, not after the minute of back-off');
    assert.equal(connector.pendingLogs(), 0);
    await connector.stop();
  });

  it('a write holds only the calls that changed since the last one', async () => {
    const provider = new EmittingProvider();
    const outbox = new WatchedOutbox();
    const connector = new Connector({ provider, bridge: host().bridge, outbox, onError: () => undefined });
    await connector.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'ringing', callId: 'c2', at: 2, from: '+14155550143' });
    await connector.flush();
    await settle();
    const before = outbox.batches.length;
    provider.emit({ type: 'connected', callId: 'c2', at: 3 });
    await connector.flush();
    await settle();
    assert.deepEqual(outbox.batches.slice(before).map((batch) => batch.puts.map((call) => call.id)), [['c2']], 'c1 did not change: not written again');
    await connector.stop();
  });
});

describe('Connector: failures reported with what was being done', () => {
  it('an outbox write that fails', async () => {
    const provider = new EmittingProvider();
    const outbox = new WatchedOutbox();
    const errors: [unknown, string][] = [];
    const connector = new Connector({ provider, bridge: host().bridge, outbox, onError: (error, context) => errors.push([error, context]) });
    await connector.start();
    const failure = new Error('QuotaExceededError');
    outbox.failNext = failure;
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    await connector.flush();
    assert.deepEqual(errors, [[failure, 'writing the call-log outbox']]);
    await connector.stop();
  });

  it("the phone system's after-call work failing to close: reported, and the wrap-up is kept", async () => {
    const failure = new Error('TaskRouter refused the completion');
    const provider = Object.assign(new EmittingProvider(), { wrapUpSaved: async () => Promise.reject(failure) });
    const errors: [unknown, string][] = [];
    const salesforce = host();
    const connector = new Connector({ provider, bridge: salesforce.bridge, onError: (error, context) => errors.push([error, context]), reducer: { wrapUp: true } });
    await connector.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'connected', callId: 'c1', at: 2 });
    provider.emit({ type: 'ended', callId: 'c1', at: 3, reason: 'hangup-remote' });
    await settle();
    await connector.saveWrapUp('c1', { disposition: 'Resolved', notes: 'Refund sent' });
    await settle();
    assert.deepEqual(errors, [[failure, 'closing the after-call work at the phone system']]);
    const last = salesforce.logs.at(-1);
    assert.deepEqual([last?.disposition, last?.notes], ['Resolved', 'Refund sent'], "the Task is updated with the agent's wrap-up");
    assert.equal(connector.getState().recent.find((call) => call.id === 'c1')?.outcome, 'Resolved');
    await connector.stop();
  });
});

describe('Connector: the record the agent opens', () => {
  it('reaches the state and is related to the call on the line', async () => {
    const provider = new EmittingProvider();
    const salesforce = host();
    const connector = new Connector({ provider, bridge: salesforce.bridge, onError: () => undefined });
    await connector.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'connected', callId: 'c1', at: 2 });
    const contact = { id: '003000000000001', objectType: 'Contact', name: 'Maria Chen' };
    salesforce.navigate(contact);
    assert.deepEqual(connector.getState().viewing, contact);
    assert.deepEqual(connector.getState().calls.c1?.who, contact);
    await connector.stop();
  });
});

describe('Connector: start, for commands on restored calls', () => {
  /** An outbox holding a connected call c1, as a page that reloads mid-call leaves it. */
  async function leftMidCall(): Promise<MemoryCallLogOutbox> {
    const outbox = new MemoryCallLogOutbox();
    const provider = new EmittingProvider();
    const before = new Connector({ provider, bridge: host().bridge, outbox, onError: () => undefined });
    await before.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'connected', callId: 'c1', at: 2 });
    await before.flush();
    return outbox;
  }

  it('a command on a restored call runs once the provider is connected, without waiting for the host to be ready', async () => {
    const outbox = await leftMidCall();
    const hangups: string[] = [];
    const provider = Object.assign(new EmittingProvider(), { hangup: async (callId: string) => void hangups.push(callId) });
    let ready = (): void => undefined;
    const salesforce = host();
    const bridge: SalesforceBridge = { ...salesforce.bridge, ready: () => new Promise<void>((resolve) => (ready = resolve)) };
    const connector = new Connector({ provider, bridge, outbox, onError: () => undefined });
    const starting = connector.start();
    while (connector.getState().calls.c1?.phase !== 'connected') await flush();
    await connector.execute({ type: 'hangup', callId: 'c1' });
    assert.deepEqual(hangups, ['c1'], 'ran while the host was not ready yet');
    ready();
    await starting;
    await connector.stop();
  });

  it('a start that fails before the provider connects does not leave commands on restored calls waiting', async () => {
    const outbox = await leftMidCall();
    const hangups: string[] = [];
    const provider = Object.assign(new EmittingProvider(), { hangup: async (callId: string) => void hangups.push(callId) });
    const refused = new Error('click-to-dial is not enabled for this call centre');
    const bridge: SalesforceBridge = { ...host().bridge, enableClickToDial: async () => Promise.reject(refused) };
    const connector = new Connector({ provider, bridge, outbox, onError: () => undefined });
    await assert.rejects(connector.start(), (error) => error === refused);
    const outcome = await Promise.race([connector.execute({ type: 'hangup', callId: 'c1' }).then(() => 'ran'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 500))]);
    assert.equal(outcome, 'ran');
    assert.deepEqual(hangups, ['c1']);
  });
});
