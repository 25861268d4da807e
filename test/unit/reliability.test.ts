/** Hostile simulator messages, fault-injection switches and the Open CTI call-log look-up. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, type CallEvent } from '../../src/core/index.js';
import { SimulatorProvider, type WebSocketLike } from '../../src/providers/simulator/index.js';
import { MAX_SIM_MESSAGE_BYTES, parseSimMessage } from '../../src/providers/simulator/validate.js';
import { OpenCtiBridge, OpenCtiError, SOFTPHONE_CALL_LOG_APEX, type OpenCtiApi } from '../../src/salesforce/index.js';
import { buildConsoleServer, FaultInjector, faultsFromEnv, parseFaults, softphoneTuningFromEnv } from '../../src/server/index.js';

describe('simulator messages', () => {
  it('accepts well-formed messages and refuses oversized, malformed or mistyped ones', () => {
    assert.equal(parseSimMessage(JSON.stringify({ type: 'ringing', callId: 'c1', from: '+1', to: '+2', name: '<b>x</b>' }))?.type, 'ringing');
    assert.equal(parseSimMessage(JSON.stringify({ type: 'warning', callId: 'c1', kind: 'latency', active: true }))?.type, 'warning');
    for (const bad of [
      JSON.stringify({ type: 'warning', callId: 'c1', kind: 'gremlins', active: true }),
      JSON.stringify({ type: 'warning', callId: 'c1', kind: 'latency', active: 'yes' }),
      'not json',
      '[]',
      'null',
      JSON.stringify({ type: 'ringing', callId: 'c1', from: 5, to: '+2' }),
      JSON.stringify({ type: 'ringing', callId: '', from: '+1', to: '+2' }),
      JSON.stringify({ type: 'ringing', callId: 'c1', from: '+1', to: '+2', name: 'x'.repeat(300) }),
      JSON.stringify({ type: 'ringing', callId: 'c1', from: '+1', to: '+2', data: { k: 7 } }),
      JSON.stringify({ type: 'ended', callId: 'c1', reason: 'exploded' }),
      JSON.stringify({ type: 'hello', agentId: 'a', presence: 'available', calls: [{ callId: 'c1' }] }),
      JSON.stringify({ type: 'presence', status: 'sleeping' }),
      JSON.stringify({ type: '__proto__' }),
      JSON.stringify({ type: 'ringing', callId: 'c1', from: '+1', to: '+2', pad: 'x'.repeat(MAX_SIM_MESSAGE_BYTES) }),
    ]) {
      assert.equal(parseSimMessage(bad), undefined, bad.slice(0, 80));
    }
  });

  it('the provider drops hostile messages and keeps working', async () => {
    const sockets: WebSocketLike[] = [];
    class FakeSocket implements WebSocketLike {
      readyState = 1;
      onopen: WebSocketLike['onopen'] = null;
      onclose: WebSocketLike['onclose'] = null;
      onerror: WebSocketLike['onerror'] = null;
      onmessage: WebSocketLike['onmessage'] = null;
      constructor() {
        sockets.push(this);
      }
      send(): void {}
      close(): void {}
    }
    const events: CallEvent[] = [];
    const provider = new SimulatorProvider({ url: 'ws://sim.test/api/sim/agent', WebSocket: FakeSocket });
    const connected = provider.connect({ emit: (event) => events.push(event), now: () => 1000 });
    const deliver = (data: unknown): void => sockets[0]?.onmessage?.({ data });
    deliver(JSON.stringify({ type: 'hello', agentId: 'agent', presence: 'available', calls: [], ended: [], serverTime: 900 }));
    await connected;
    for (const data of ['{', 'x'.repeat(100_000), JSON.stringify({ type: 'ringing', callId: 7 }), Buffer.from('binary'), JSON.stringify({ type: 'result', requestId: 'x', ok: 1 })]) deliver(data);
    deliver(JSON.stringify({ type: 'ringing', callId: 'c1', from: '+14155550142', to: '+1', name: '<script>x</script>' }));
    const calls = events.filter((event) => event.type === 'ringing');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.type === 'ringing' ? calls[0].displayName : '', '<script>x</script>');
    assert.ok(events.some((event) => event.type === 'calls-synced'));
    await provider.disconnect();
  });
});

describe('fault injection switches', () => {
  it('validates every field and names the wrong one', () => {
    assert.equal(parseFaults({ saveLogFailureRate: 0.3 }).saveLogFailureRate, 0.3);
    assert.throws(() => parseFaults({ saveLogFailureRate: 2 }), (error: unknown) => error instanceof ConfigError && error.field === 'faults.saveLogFailureRate');
    assert.throws(() => parseFaults({ saveLogLatencyMs: -1 }), /faults\.saveLogLatencyMs must be a whole number/);
    assert.throws(() => parseFaults({ nope: 1 }), /faults\.nope must be one of/);
    assert.throws(() => faultsFromEnv({ SOFTPHONE_FAULTS: '{' }), /SOFTPHONE_FAULTS must be JSON/);
    assert.deepEqual(faultsFromEnv({}), parseFaults({}));
    assert.deepEqual(softphoneTuningFromEnv({ SOFTPHONE_LOG_RETRY_MS: '100,2000', SOFTPHONE_OPENCTI_TIMEOUT_MS: '3000' }), { logRetry: { baseMs: 100, maxMs: 2000 }, openCtiTimeoutMs: 3000 });
    assert.throws(() => softphoneTuningFromEnv({ SOFTPHONE_LOG_RETRY_MS: '5' }), /SOFTPHONE_LOG_RETRY_MS/);
  });

  it('fails, drops and delays saveLogs at the configured rates; duplicates and reorders events', async () => {
    const rolls = [0.1, 0.35, 0.9];
    const faults = new FaultInjector(parseFaults({ saveLogFailureRate: 0.3, saveLogDropResponseRate: 0.1 }), () => rolls.shift() ?? 0.99);
    assert.deepEqual([await faults.saveLog(), await faults.saveLog(), await faults.saveLog()], ['fail', 'drop-response', 'none']);
    const sent: string[] = [];
    const events = new FaultInjector(parseFaults({ duplicateEventRate: 1, reorderEventRate: 0 })).events<{ type: string }>((message) => sent.push(message.type));
    events({ type: 'ringing' });
    events({ type: 'result' });
    assert.deepEqual(sent, ['ringing', 'ringing', 'result']);
    const reordered: string[] = [];
    const reorder = new FaultInjector(parseFaults({ reorderEventRate: 1 })).events<{ type: string }>((message) => reordered.push(message.type));
    reorder({ type: 'ringing' });
    reorder({ type: 'ended' });
    assert.deepEqual(reordered, ['ended', 'ringing']);
  });

  it('is off by default and switchable over REST, refusing bad values with the field named', async () => {
    const server = await buildConsoleServer({ inMemory: true, seed: false });
    try {
      const initial = await server.app.inject({ method: 'GET', url: '/api/admin/faults' });
      assert.equal(initial.json().settings.saveLogFailureRate, 0);
      const bad = await server.app.inject({ method: 'PUT', url: '/api/admin/faults', payload: { saveLogFailureRate: 'lots' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().field, 'faults.saveLogFailureRate');
      await server.app.inject({ method: 'PUT', url: '/api/admin/faults', payload: { saveLogFailureRate: 1 } });
      const failed = await server.app.inject({ method: 'POST', url: '/api/sobjects/Task', headers: { 'x-softphone-savelog': '1' }, payload: { Subject: 'x', CallObject: 'c1' } });
      assert.equal(failed.statusCode, 503);
      assert.equal(server.store.list('Task').length, 0, 'a failed saveLog saves nothing');
      const console_ = await server.app.inject({ method: 'POST', url: '/api/sobjects/Task', payload: { Subject: 'typed in the console', CallObject: 'c2' } });
      assert.equal(console_.statusCode, 201, 'only softphone saveLogs suffer the faults');
      await server.app.inject({ method: 'PUT', url: '/api/admin/faults', payload: { saveLogFailureRate: 0, saveLogDropResponseRate: 1 } });
      const dropped = await server.app.inject({ method: 'POST', url: '/api/sobjects/Task', headers: { 'x-softphone-savelog': '1' }, payload: { Subject: 'y', CallObject: 'c3' } });
      assert.equal(dropped.headers['x-softphone-fault'], 'drop-response');
      assert.equal(server.store.list('Task', { CallObject: 'c3' }).length, 1, 'a dropped answer still saved');
    } finally {
      await server.close();
    }
  });
});

describe('call-log look-up through runApex', () => {
  function api(returned: unknown): { api: OpenCtiApi; params: Record<string, unknown>[] } {
    const params: Record<string, unknown>[] = [];
    const fake = {
      CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
      runApex: (args: Record<string, unknown>) => {
        params.push(args);
        setTimeout(() => (args.callback as (r: unknown) => void)({ success: true, returnValue: { runApex: returned }, errors: null }));
      },
    };
    return { api: fake as unknown as OpenCtiApi, params };
  }

  it('is offered only when configured, and finds the Task id by CallObject', async () => {
    assert.equal(new OpenCtiBridge(api('').api).findCallLog, undefined);
    const found = api('00T000000000001AAA');
    const bridge = new OpenCtiBridge(found.api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX });
    assert.equal(await bridge.findCallLog?.('SIM-1&x=y'), '00T000000000001AAA');
    assert.equal(found.params[0]?.apexClass, 'SoftphoneCallLog');
    assert.equal(found.params[0]?.methodParams, 'callObject=SIM-1%26x%3Dy');
    assert.equal(await new OpenCtiBridge(api('').api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX }).findCallLog?.('c'), undefined);
    await assert.rejects(new OpenCtiBridge(api('<b>').api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX }).findCallLog!('c'), OpenCtiError);
  });
});
