/**
 * The effects runner against a scripted bridge: what each effect asks of the host, what it reports
 * back to the reducer, and the save retry's back-off (on mocked timers, so no test waits).
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { TimelineRecorder, type CallLog, type ConnectorEvent, type PopRequest, type SalesforceBridge } from '../../src/core/index.js';
import { EffectsRunner } from '../../src/core/effects-runner.js';

const LOG = { callId: 'c1', subject: 'Inbound call' } as CallLog;
const POP = { callId: 'c1' } as PopRequest;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A bridge whose answers the test sets, recording each request. */
function scriptedBridge(answers: { save?: () => Promise<{ recordId: string }>; find?: () => Promise<string | undefined>; pop?: () => Promise<unknown>; ui?: () => Promise<void> } = {}) {
  const requests: unknown[][] = [];
  const bridge: SalesforceBridge = {
    popCaller: async (request) => {
      requests.push(['popCaller', request.callId]);
      return (answers.pop ? await answers.pop() : { kind: 'none' }) as Awaited<ReturnType<SalesforceBridge['popCaller']>>;
    },
    saveCallLog: async (log, recordId) => {
      requests.push(['saveCallLog', log.callId, recordId]);
      return answers.save ? answers.save() : { recordId: '00T1' };
    },
    ...(answers.find ? { findCallLog: async (callId: string) => (requests.push(['findCallLog', callId]), answers.find!()) } : {}),
    showSoftphone: async () => {
      requests.push(['showSoftphone']);
      return answers.ui?.();
    },
    setStatusLabel: async (label) => {
      requests.push(['setStatusLabel', label]);
      return answers.ui?.();
    },
    enableClickToDial: async () => undefined,
    onNavigationChange: async () => undefined,
    ready: async () => undefined,
  };
  return { bridge, requests };
}

function runnerWith(bridge: SalesforceBridge, timeline?: TimelineRecorder) {
  const events: ConnectorEvent[] = [];
  const errors: string[] = [];
  const runner = new EffectsRunner({
    bridge,
    dispatch: (event) => void events.push(event),
    now: () => 42,
    onError: (_error, context) => void errors.push(context),
    retry: { baseMs: 100, maxMs: 300 },
    ...(timeline ? { timeline } : {}),
  });
  return { runner, events, errors };
}

describe('EffectsRunner', () => {
  it('pops the caller and reports the result, marking the timeline; a failed pop is an error, not an event', async () => {
    const timeline = new TimelineRecorder(() => 7);
    const ok = scriptedBridge({ pop: async () => ({ kind: 'single' }) });
    const { runner, events, errors } = runnerWith(ok.bridge, timeline);
    runner.run({ type: 'pop-caller', request: POP });
    await flush();
    assert.deepEqual(events, [{ type: 'caller-popped', at: 42, callId: 'c1', result: { kind: 'single' } }]);
    assert.deepEqual(errors, []);
    assert.deepEqual(timeline.call('c1')?.marks.map((mark) => mark.stage), ['pop-requested']);

    const failing = scriptedBridge({ pop: () => Promise.reject(new Error('no search')) });
    const failed = runnerWith(failing.bridge, timeline);
    failed.runner.run({ type: 'pop-caller', request: { callId: 'c2' } as PopRequest });
    await flush();
    assert.deepEqual(failed.events, []);
    assert.deepEqual(failed.errors, ['screen pop for call c2']);
    assert.deepEqual(timeline.call('c2')?.marks.map((mark) => mark.stage), ['pop-requested', 'pop-failed']);
  });

  it('saves a log and reports the record; an update goes to its record id', async () => {
    const timeline = new TimelineRecorder(() => 7);
    const { bridge, requests } = scriptedBridge();
    const { runner, events } = runnerWith(bridge, timeline);
    runner.run({ type: 'save-call-log', callId: 'c1', revision: 1, log: LOG });
    runner.run({ type: 'save-call-log', callId: 'c1', revision: 2, log: LOG, recordId: '00T9' });
    await flush();
    assert.deepEqual(requests, [['saveCallLog', 'c1', undefined], ['saveCallLog', 'c1', '00T9']]);
    assert.deepEqual(events, [
      { type: 'call-logged', at: 42, callId: 'c1', revision: 1, recordId: '00T1' },
      { type: 'call-logged', at: 42, callId: 'c1', revision: 2, recordId: '00T1' },
    ]);
    assert.deepEqual(timeline.call('c1')?.marks.map((mark) => mark.stage), ['log-requested', 'log-requested']);
  });

  it('looks for a log that may exist before creating one, and only then', async () => {
    const found = scriptedBridge({ find: async () => '00T5' });
    runnerWith(found.bridge).runner.run({ type: 'save-call-log', callId: 'c1', revision: 1, log: LOG, mayExist: true });
    await flush();
    assert.deepEqual(found.requests, [['findCallLog', 'c1'], ['saveCallLog', 'c1', '00T5']]);

    const known = scriptedBridge({ find: async () => '00T5' });
    runnerWith(known.bridge).runner.run({ type: 'save-call-log', callId: 'c1', revision: 1, log: LOG, mayExist: true, recordId: '00T2' });
    runnerWith(known.bridge).runner.run({ type: 'save-call-log', callId: 'c3', revision: 1, log: LOG });
    await flush();
    assert.deepEqual(known.requests, [['saveCallLog', 'c1', '00T2'], ['saveCallLog', 'c1', undefined]], 'no search with a record id or without doubt');

    const noSearch = scriptedBridge();
    runnerWith(noSearch.bridge).runner.run({ type: 'save-call-log', callId: 'c1', revision: 1, log: LOG, mayExist: true });
    await flush();
    assert.deepEqual(noSearch.requests, [['saveCallLog', 'c1', undefined]], 'a host that cannot search creates');
  });

  it('reports a failed save and retries it with a jittered, doubling, capped back-off', async (t: TestContext) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let fail = true;
    const { bridge } = scriptedBridge({ save: async () => (fail ? Promise.reject(new Error('HTTP 503')) : { recordId: '00T1' }) });
    const { runner, events, errors } = runnerWith(bridge);
    const random = t.mock.method(Math, 'random', () => 0);
    const retries = () => events.filter((event) => event.type === 'call-log-retry').length;
    const failAndWait = async (revision: number, delay: number) => {
      runner.run({ type: 'save-call-log', callId: 'c1', revision, log: LOG });
      await flush();
      const before = retries();
      t.mock.timers.tick(delay - 1);
      assert.equal(retries(), before, `no retry before ${delay} ms`);
      t.mock.timers.tick(1);
      assert.equal(retries(), before + 1, `a retry at ${delay} ms`);
    };
    await failAndWait(1, 50); // half of 100
    await failAndWait(2, 100); // half of 200
    await failAndWait(3, 150); // half of the 300 cap
    await failAndWait(4, 150);
    assert.deepEqual(events.filter((event) => event.type === 'call-log-failed')[0], { type: 'call-log-failed', at: 42, callId: 'c1', revision: 1, message: 'HTTP 503' });
    assert.equal(errors[0], 'saving the log of call c1');
    assert.deepEqual(events.at(-1), { type: 'call-log-retry', at: 42, callId: 'c1' });

    random.mock.mockImplementation(() => 0.999);
    fail = false;
    runner.run({ type: 'save-call-log', callId: 'c1', revision: 5, log: LOG });
    await flush();
    fail = true;
    await failAndWait(6, 100); // a success starts the back-off again: 100 / 2 + 0.999 × 100 / 2 ≈ 100
  });

  it('stops: no retry fires, no effect runs', async (t: TestContext) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { bridge, requests } = scriptedBridge({ save: () => Promise.reject(new Error('down')) });
    const { runner, events } = runnerWith(bridge);
    runner.run({ type: 'save-call-log', callId: 'c1', revision: 1, log: LOG });
    await flush();
    runner.stop();
    t.mock.timers.tick(60_000);
    assert.equal(events.filter((event) => event.type === 'call-log-retry').length, 0);
    runner.run({ type: 'show-softphone' });
    runner.run({ type: 'save-call-log', callId: 'c2', revision: 1, log: LOG });
    await flush();
    assert.deepEqual(requests, [['saveCallLog', 'c1', undefined]]);
  });

  it('shows the softphone and labels it; a host error there is reported with what was asked', async () => {
    const ok = scriptedBridge();
    const quiet = runnerWith(ok.bridge);
    quiet.runner.run({ type: 'show-softphone' });
    quiet.runner.run({ type: 'status-label', label: 'On call' });
    await flush();
    assert.deepEqual(ok.requests, [['showSoftphone'], ['setStatusLabel', 'On call']]);
    assert.deepEqual(quiet.errors, []);

    const failing = scriptedBridge({ ui: () => Promise.reject(new Error('no panel')) });
    const loud = runnerWith(failing.bridge);
    loud.runner.run({ type: 'show-softphone' });
    loud.runner.run({ type: 'status-label', label: 'On call' });
    await flush();
    assert.deepEqual(loud.errors, ['showing the softphone', 'labelling the softphone']);
    assert.deepEqual(loud.events, []);
  });
});
