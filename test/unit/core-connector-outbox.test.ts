/**
 * The connector with a durable outbox whose writes take time, as IndexedDB's do: a log is sent only
 * once the state that asked for it is stored, what the outbox holds follows the calls, a start
 * restores what a previous page left, and stop stops.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connector, MemoryCallLogOutbox, type CallLog, type ClickToDialRequest, type OutboxBatch, type SalesforceBridge } from '../../src/core/index.js';
import { EmittingProvider } from './fakes/emitting-provider.js';
import { quietBridge } from './fakes/quiet-bridge.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An outbox whose writes wait until the test opens the gate. */
class GatedOutbox extends MemoryCallLogOutbox {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  readonly batches: OutboxBatch[] = [];
  close(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  override async write(batch: OutboxBatch): Promise<void> {
    await this.gate;
    this.batches.push(batch);
    return super.write(batch);
  }
}

function recordingBridge() {
  const saved: { log: CallLog; storedAtSave: string[] }[] = [];
  let clickToDial: ((request: ClickToDialRequest) => void) | undefined;
  let outbox: MemoryCallLogOutbox | undefined;
  const bridge: SalesforceBridge = {
    ...quietBridge(),
    saveCallLog: async (log) => {
      saved.push({ log, storedAtSave: outbox?.ids() ?? [] });
      return { recordId: `00T${saved.length}` };
    },
    enableClickToDial: async (handler) => void (clickToDial = handler),
  };
  return { bridge, saved, watch: (store: MemoryCallLogOutbox) => void (outbox = store), click: (request: ClickToDialRequest) => clickToDial?.(request) };
}

describe('Connector with a slow outbox', () => {
  it('sends a log only after the state asking for it is stored', async () => {
    const outbox = new GatedOutbox();
    const host = recordingBridge();
    host.watch(outbox);
    const provider = new EmittingProvider();
    const connector = new Connector({ provider, bridge: host.bridge, outbox, onError: () => undefined });
    await connector.start();
    outbox.close();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'ended', callId: 'c1', at: 2, reason: 'missed' });
    await flush();
    await flush();
    assert.equal(host.saved.length, 0, 'nothing sent while the write is pending');
    assert.equal(connector.pendingLogs(), 1);
    outbox.release();
    await connector.flush();
    await flush();
    await flush();
    assert.equal(host.saved.length, 1);
    assert.deepEqual(host.saved[0]?.storedAtSave, ['c1'], 'the call was stored when its log was sent');
    await connector.flush();
    await flush();
    assert.equal(connector.pendingLogs(), 0);
    assert.deepEqual(outbox.ids(), [], 'a logged call leaves the outbox');
    assert.deepEqual((await outbox.loadRecent()).map((call) => call.id), ['c1'], 'and joins the recent calls');
    const last = outbox.batches.at(-1)!;
    assert.deepEqual([last.puts.length, last.deletes], [0, ['c1']]);
  });

  it('writes nothing when nothing it holds changed, and batches changes made during a write', async () => {
    const outbox = new GatedOutbox();
    const host = recordingBridge();
    const provider = new EmittingProvider();
    const connector = new Connector({ provider, bridge: host.bridge, outbox, onError: () => undefined });
    await connector.start();
    outbox.close();
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    await flush();
    provider.emit({ type: 'ringing', callId: 'c2', at: 2, from: '+14155550143' });
    provider.emit({ type: 'ringing', callId: 'c3', at: 3, from: '+14155550144' });
    outbox.release();
    await connector.flush();
    await flush();
    // Two writes: the first ring's, then one for everything that changed while it waited (the two
    // new rings, and the first call again once its screen pop came back).
    assert.deepEqual(outbox.batches.map((batch) => batch.puts.map((call) => call.id).filter((id) => id !== 'c1')), [[], ['c2', 'c3']]);
    assert.deepEqual(outbox.batches[0]?.puts.map((call) => call.id), ['c1']);
    assert.ok(outbox.batches.every((batch) => batch.recent === undefined && batch.deletes.length === 0));
    connector.dispatch({ type: 'navigated', at: 4, record: undefined });
    await connector.flush();
    assert.equal(outbox.batches.length, 2);
  });

  it('start restores the calls and the recent list a previous page left; nothing when it left nothing', async () => {
    const empty = new MemoryCallLogOutbox();
    const fresh = new Connector({ provider: new EmittingProvider(), bridge: recordingBridge().bridge, outbox: empty, onError: () => undefined });
    await fresh.start();
    assert.deepEqual(fresh.getState().recent, []);
    assert.deepEqual(fresh.timeline.startup().marks.map((mark) => mark.stage), ['connector-start', 'outbox-loaded', 'host-listening', 'provider-connected', 'host-ready']);

    const left = new MemoryCallLogOutbox();
    await left.write({ puts: [], deletes: [], recent: [{ id: 'r1', direction: 'inbound', remote: { raw: '1', display: '1' }, endReason: 'missed', outcome: 'Missed', durationSeconds: 0, endedAt: 1 }] });
    const again = new Connector({ provider: new EmittingProvider(), bridge: recordingBridge().bridge, outbox: left, onError: () => undefined });
    await again.start();
    assert.deepEqual(again.getState().recent.map((call) => call.id), ['r1'], 'a recent list alone is restored too');
  });

  it('a command on a restored call waits until the provider has connected (it knows the call only then); others do not', async () => {
    const left = new MemoryCallLogOutbox();
    const host = recordingBridge();
    const first = new EmittingProvider();
    const before = new Connector({ provider: first, bridge: host.bridge, outbox: left, onError: () => undefined });
    await before.start();
    first.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    first.emit({ type: 'connected', callId: 'c1', at: 2 });
    await before.flush();
    // The page reloads: a provider that connects slowly, and knows c1 only once connected.
    const order: string[] = [];
    let connect = (): void => undefined;
    const provider = new EmittingProvider();
    const connectOnce = provider.connect.bind(provider);
    Object.assign(provider, {
      connect: async (ctx: Parameters<EmittingProvider['connect']>[0]) => {
        await new Promise<void>((resolve) => (connect = resolve));
        await connectOnce(ctx);
        order.push('connected');
      },
      hangup: async (callId: string) => void order.push(`hangup ${callId}`),
      dial: async () => (order.push('dial'), 'OUT-1'),
    });
    const after = new Connector({ provider, bridge: host.bridge, outbox: left, onError: () => undefined });
    const starting = after.start();
    while (after.getState().calls.c1?.phase !== 'connected') await flush();
    const hangingUp = after.execute({ type: 'hangup', callId: 'c1' });
    await after.execute({ type: 'dial', to: '+14155550100' });
    await flush();
    assert.deepEqual(order, ['dial'], 'the hang-up waits; a command naming no call does not');
    connect();
    await hangingUp;
    await starting;
    assert.deepEqual(order, ['dial', 'connected', 'hangup c1']);
    await after.execute({ type: 'hangup', callId: 'c1' });
    assert.deepEqual(order.at(-1), 'hangup c1', 'after start, commands go straight through');
  });

  it('click-to-dial places the call; stop disconnects the provider and ends the retries', async () => {
    const host = recordingBridge();
    const dialled: string[] = [];
    let disconnected = false;
    const provider = new EmittingProvider();
    Object.assign(provider, { dial: async (to: string) => (dialled.push(to), 'OUT-1'), disconnect: async () => void (disconnected = true) });
    let attempts = 0;
    const connector = new Connector({ provider, bridge: { ...host.bridge, saveCallLog: () => (attempts++, Promise.reject(new Error('down'))) }, onError: () => undefined, logRetry: { baseMs: 5, maxMs: 5 } });
    await connector.start();
    host.click({ number: '+14155550100' } as ClickToDialRequest);
    await flush();
    assert.deepEqual(dialled, ['+14155550100']);
    provider.emit({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' });
    provider.emit({ type: 'ended', callId: 'c1', at: 2, reason: 'missed' });
    await flush();
    await connector.stop();
    assert.equal(disconnected, true);
    const before = attempts;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(attempts, before, 'the failed save is not retried after stop');
    assert.ok(before >= 1);
  });
});
