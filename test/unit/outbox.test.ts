import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Connector,
  MemoryCallLogOutbox,
  monotonicClock,
  type CallEvent,
  type CallId,
  type CallLog,
  type CallState,
  type ProviderContext,
  type ProviderHealth,
  type TelephonyProvider,
} from '../../src/core/index.js';
import { FakeBridge } from '../../src/testing/index.js';

/** A provider the test plays: it only reports what `emit` is given. */
class PlayedProvider implements TelephonyProvider {
  readonly id = 'played';
  readonly capabilities = {
    outbound: true, hold: false, mute: false, dtmf: false, transfer: { blind: false, consult: false }, conference: false, recording: false, presence: false,
  };
  health: ProviderHealth = 'disconnected';
  private ctx?: ProviderContext;
  constructor(private readonly onConnect: CallEvent[] = []) {}
  async connect(ctx: ProviderContext): Promise<void> {
    this.ctx = ctx;
    this.health = 'ready';
    for (const event of this.onConnect) ctx.emit(event);
  }
  async disconnect(): Promise<void> {
    this.health = 'disconnected';
  }
  emit(event: CallEvent): void {
    this.ctx?.emit(event);
  }
  answer = async (): Promise<void> => undefined;
  decline = async (): Promise<void> => undefined;
  hangup = async (): Promise<void> => undefined;
  hold = async (): Promise<void> => undefined;
  resume = async (): Promise<void> => undefined;
  mute = async (): Promise<void> => undefined;
  unmute = async (): Promise<void> => undefined;
  sendDtmf = async (): Promise<void> => undefined;
  dial = async (): Promise<CallId> => 'x';
  transfer = async (): Promise<void> => undefined;
  setPresence = async (): Promise<void> => undefined;
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An outbox whose writes take time to become durable, as IndexedDB's transactions do (about 20 ms
 * on a busy page): a batch is applied only when its write resolves. `crash()` is the page dying:
 * writes still running then never land and never settle; the next page uses the same store.
 */
class SlowOutbox extends MemoryCallLogOutbox {
  private page = 0;
  constructor(private readonly delayMs = 20) {
    super();
  }
  override async write(batch: Parameters<MemoryCallLogOutbox['write']>[0]): Promise<void> {
    const page = this.page;
    await tick(this.delayMs);
    if (page !== this.page) return new Promise<void>(() => undefined);
    return super.write(batch);
  }
  /** The stored copy of one call, as a reload would find it. */
  async stored(callId: CallId): Promise<CallState | undefined> {
    return (await this.load()).find((call) => call.id === callId);
  }
  crash(): void {
    this.page++;
  }
}

function connector(bridge: FakeBridge, outbox: MemoryCallLogOutbox, provider = new PlayedProvider(), clock = { now: 0 }): Connector {
  return new Connector({
    provider,
    bridge,
    outbox,
    now: () => clock.now,
    reducer: { wrapUp: false },
    logRetry: { baseMs: 1, maxMs: 4 },
    onError: () => undefined,
  });
}

/**
 * Makes the host store every log it is sent but never answer, as when the page dies before the
 * answer comes back. Returns the bridge's own save, to put back for the next page.
 */
function answerless(bridge: FakeBridge): FakeBridge['saveCallLog'] {
  const save = bridge.saveCallLog.bind(bridge);
  bridge.saveCallLog = (log: CallLog, recordId?: string) => {
    void save(log, recordId);
    return new Promise(() => undefined);
  };
  return save;
}

async function settled(bridge: FakeBridge, outbox: MemoryCallLogOutbox, done: () => boolean): Promise<void> {
  const check = (): boolean => bridge.logs.size > 0 && done();
  for (let i = 0; i < 200 && !check(); i++) await tick(2);
  assert.ok(check(), `not settled: ${bridge.logs.size} logs, outbox ${outbox.ids().join(',')}`);
}

describe('call-log outbox', () => {
  it('persists a call before its log is sent and forgets it once the host confirmed', async () => {
    const bridge = new FakeBridge();
    const outbox = new SlowOutbox();
    // What a reload would find at the moment each save leaves: the call, with that save in flight.
    const durableAtSave: { readonly phase?: string; readonly inFlight?: number }[] = [];
    const save = bridge.saveCallLog.bind(bridge);
    bridge.saveCallLog = async (log: CallLog, recordId?: string) => {
      const stored = await outbox.stored(log.callId);
      durableAtSave.push({ phase: stored?.phase, inFlight: stored?.log.inFlight });
      return save(log, recordId);
    };
    const provider = new PlayedProvider();
    const phone = connector(bridge, outbox, provider);
    await phone.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142' });
    provider.emit({ type: 'connected', callId: 'c1', at: 1000 });
    provider.emit({ type: 'ended', callId: 'c1', at: 31_000, reason: 'hangup-remote' });
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    assert.deepEqual(durableAtSave, [{ phase: 'ended', inFlight: 1 }]);
    assert.equal(bridge.logsOf('c1').length, 1);
    assert.equal(bridge.logsOf('c1')[0]?.log.durationSeconds, 30);
    assert.equal(phone.pendingLogs(), 0);
  });

  it('never doubles a log when the page dies while the save and the outbox write are both running', async () => {
    const bridge = new FakeBridge();
    const outbox = new SlowOutbox();
    // The host stores the log, and the page dies before the answer comes back.
    const save = answerless(bridge);
    const first = new PlayedProvider();
    const before = connector(bridge, outbox, first);
    await before.start();
    first.emit({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142' });
    await before.flush();
    first.emit({ type: 'ended', callId: 'c1', at: 5000, reason: 'hangup-remote' });
    await tick(5); // inside the write of the ended call: a save sent now is not durable yet
    outbox.crash();
    await before.stop();

    bridge.saveCallLog = save;
    const after = connector(bridge, outbox, new PlayedProvider([{ type: 'calls-synced', at: 6000, callIds: [] }]));
    await after.start();
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    assert.equal(bridge.logsOf('c1').length, 1, 'one Task for the call, whatever the page was doing when it died');
  });

  it('finishes a call that was live when the page reloaded, with its full duration, once', async () => {
    const bridge = new FakeBridge();
    const outbox = new MemoryCallLogOutbox();
    const clock = { now: 0 };
    const first = new PlayedProvider();
    const before = connector(bridge, outbox, first, clock);
    await before.start();
    first.emit({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142', displayName: 'Jane Doe' });
    first.emit({ type: 'connected', callId: 'c1', at: 2000 });
    await before.flush();
    await before.stop(); // the page goes away mid-call

    clock.now = 40_000;
    // The provider replays the live call on reconnect with new timestamps: they must not win.
    const second = new PlayedProvider([
      { type: 'ringing', callId: 'c1', at: 40_000, from: '+14155550142' },
      { type: 'connected', callId: 'c1', at: 40_000 },
      { type: 'calls-synced', at: 40_000, callIds: ['c1'] },
    ]);
    const after = connector(bridge, outbox, second, clock);
    await after.start();
    assert.equal(after.getState().calls.c1?.phase, 'connected');
    second.emit({ type: 'ended', callId: 'c1', at: 62_000, reason: 'hangup-remote' });
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    const logs = bridge.logsOf('c1');
    assert.equal(logs.length, 1);
    assert.equal(logs[0]?.log.durationSeconds, 60);
    assert.equal(logs[0]?.log.disposition, 'Completed');
  });

  it('never creates a log twice when the host saved it but the answer was lost', async () => {
    const bridge = new FakeBridge();
    bridge.loseNextAnswers = 2;
    const outbox = new MemoryCallLogOutbox();
    const provider = new PlayedProvider();
    const phone = connector(bridge, outbox, provider);
    await phone.start();
    provider.emit({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142' });
    provider.emit({ type: 'ended', callId: 'c1', at: 5000, reason: 'hangup-remote' });
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    assert.equal(bridge.logsOf('c1').length, 1);
    assert.ok(bridge.lookups >= 1, 'looked the log up before creating again');
    assert.equal(phone.getState().recent[0]?.recordId, bridge.logsOf('c1')[0]?.recordId);
  });

  it('looks up, rather than re-creates, a create that was in flight when the page crashed', async () => {
    const bridge = new FakeBridge();
    const outbox = new MemoryCallLogOutbox();
    // The first page's save reaches the host, and the page dies before the answer.
    const save = answerless(bridge);
    const first = new PlayedProvider();
    const before = connector(bridge, outbox, first);
    await before.start();
    first.emit({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142' });
    first.emit({ type: 'ended', callId: 'c1', at: 5000, reason: 'hangup-remote' });
    await before.flush();
    await tick();
    await before.stop();
    assert.equal(bridge.logsOf('c1').length, 1);
    assert.deepEqual(outbox.ids(), ['c1']);

    bridge.saveCallLog = save;
    const after = connector(bridge, outbox, new PlayedProvider());
    await after.start();
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    assert.equal(bridge.logsOf('c1').length, 1);
    assert.equal(bridge.logsOf('c1')[0]?.writes, 2);
    assert.equal(bridge.lookups, 1);
  });

  it('finishes a log stored as saved once but without its record id: found by its call id and updated, never left unsaved', async () => {
    const bridge = new FakeBridge();
    // The first page's create reached the host (its Task exists)…
    const first = new PlayedProvider();
    const before = connector(bridge, new MemoryCallLogOutbox(), first);
    await before.start();
    first.emit({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142' });
    first.emit({ type: 'ended', callId: 'c1', at: 5000, reason: 'hangup-remote' });
    await settled(bridge, new MemoryCallLogOutbox(), () => before.pendingLogs() === 0);
    await before.stop();
    assert.equal(bridge.logsOf('c1').length, 1);
    // …and what it stored says revision 1 is saved, without the record's id, revision 2 not yet.
    const outbox = new MemoryCallLogOutbox();
    const log = { revision: 2, savedRevision: 1 };
    await outbox.put({ id: 'c1', direction: 'inbound', phase: 'ended', remote: { raw: '+14155550142', display: '+1 415 555 0142' }, startedAt: 0, endedAt: 5000, endReason: 'hangup-remote', held: false, muted: false, log });

    const after = connector(bridge, outbox, new PlayedProvider());
    await after.start();
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    assert.equal(after.pendingLogs(), 0, 'nothing left unsaved');
    assert.equal(bridge.logsOf('c1').length, 1, 'the same Task, not a second one');
    assert.equal(bridge.logsOf('c1')[0]?.writes, 2);
    assert.equal(bridge.lookups, 1);
  });

  it('ends and logs a restored call the provider no longer has', async () => {
    const bridge = new FakeBridge();
    const outbox = new MemoryCallLogOutbox();
    const clock = { now: 0 };
    const first = new PlayedProvider();
    const before = connector(bridge, outbox, first, clock);
    await before.start();
    first.emit({ type: 'dialing', callId: 'out-1', at: 0, to: '+14155550142' });
    first.emit({ type: 'connected', callId: 'out-1', at: 1000 });
    await before.flush();
    await before.stop();
    clock.now = 11_000;
    const after = connector(bridge, outbox, new PlayedProvider([{ type: 'calls-synced', at: 11_000, callIds: [] }]), clock);
    await after.start();
    await settled(bridge, outbox, () => outbox.ids().length === 0);
    const log = bridge.logsOf('out-1')[0]?.log;
    assert.equal(log?.durationSeconds, 10);
    assert.equal(log?.direction, 'outbound');
  });

  it('batches the changes made while a write is running', async () => {
    const bridge = new FakeBridge();
    const outbox = new MemoryCallLogOutbox();
    const write = outbox.write.bind(outbox);
    outbox.write = async (batch) => {
      await tick(20);
      return write(batch);
    };
    const provider = new PlayedProvider();
    const phone = connector(bridge, outbox, provider);
    await phone.start();
    for (let n = 0; n < 40; n++) provider.emit({ type: 'ringing', callId: `c${n}`, at: n, from: '+14155550142' });
    for (let n = 0; n < 40; n++) provider.emit({ type: 'ended', callId: `c${n}`, at: 1000 + n, reason: 'hangup-remote' });
    await settled(bridge, outbox, () => bridge.logs.size === 40 && outbox.ids().length === 0);
    assert.ok(outbox.writes <= 6, `${outbox.writes} writes for 80 events and 40 saves`);
    assert.equal(new Set([...bridge.logs.values()].map((record) => record.log.callId)).size, 40);
  });

  it('ignores persisted calls that are not sane', async () => {
    const bridge = new FakeBridge();
    const outbox = new MemoryCallLogOutbox();
    await outbox.put({ id: '', phase: 'connected' } as never);
    await outbox.put({ id: 'x', direction: 'sideways', phase: 'connected', log: { revision: 1, savedRevision: 0 } } as never);
    const phone = connector(bridge, outbox);
    await phone.start();
    assert.deepEqual(phone.getState().order, []);
  });
});

describe('monotonicClock', () => {
  it('never runs backwards when the wall clock steps back', () => {
    const wall = [1000, 2000, 500, 1500, 3000];
    const now = monotonicClock(() => wall.shift() ?? 0);
    assert.deepEqual([now(), now(), now(), now(), now()], [1000, 2000, 2000, 2000, 3000]);
  });
});
