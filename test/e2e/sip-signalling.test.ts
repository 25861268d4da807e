/**
 * The SIP provider against the real lab, signalling only (no media in Node): Kamailio as registrar
 * and proxy, SIPp as the caller over UDP, the provider over WebSocket.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { signallingOnly } from '../support/sip-node.js';
import type { CallEvent, ProviderContext } from '../../src/core/index.js';
import { startKamailio, type RunningKamailio } from '../../src/lab/kamailio.js';
import { ringAgent } from '../../src/lab/sipp.js';
import { SipProvider, sip } from '../../src/providers/sip/index.js';

const SIP_PORT = 15060;
const WS_PORT = 18088;

/** Collects a provider's events and waits for the ones a test expects. */
function recorder() {
  const events: CallEvent[] = [];
  const waiters = new Set<() => void>();
  const ctx: ProviderContext = {
    emit: (event) => {
      events.push(event);
      for (const wake of waiters) wake();
    },
    now: Date.now,
  };
  const waitFor = <T extends CallEvent>(match: (event: CallEvent) => event is T, timeoutMs = 8000, from = 0): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = events.slice(from).find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out; events: ${JSON.stringify(events.map((event) => event.type))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { events, ctx, waitFor };
}

/** Every agent a test made; disconnected after each test, so a failed one cannot keep the process alive. */
const agents = new Set<SipProvider>();

function agent(user: string, extra: Partial<ConstructorParameters<typeof SipProvider>[0]> = {}): SipProvider {
  const config = sip({ server: `ws://127.0.0.1:${WS_PORT}`, user, headersToScreenPop: ['X-Account-Number'] });
  const provider = new SipProvider({ ...config.options, userAgentOptions: { sessionDescriptionHandlerFactory: signallingOnly }, reconnect: { baseMs: 200, maxMs: 1000 }, ...extra });
  agents.add(provider);
  return provider;
}

describe('SIP provider through Kamailio (signalling)', () => {
  let kamailio: RunningKamailio;
  before(async () => {
    kamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
  });
  afterEach(async () => {
    await Promise.allSettled([...agents].map((provider) => provider.disconnect()));
    agents.clear();
  });
  after(async () => {
    await kamailio?.stop();
  });

  it('registers, and a SIPp INVITE rings with the caller number, name and screen-pop header; the caller gives up: missed', async () => {
    const provider = agent('agent1');
    const { ctx, events, waitFor } = recorder();
    await provider.connect(ctx);
    assert.equal(provider.health, 'ready');
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '+14155550142', name: 'Maria Chen', account: 'ACME-0042' }], ringMs: 300 });
    const ringing = await waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing');
    assert.equal(ringing.from, '+14155550142');
    assert.equal(ringing.displayName, 'Maria Chen');
    assert.equal(ringing.to, 'agent1');
    assert.deepEqual(ringing.data, { 'X-Account-Number': 'ACME-0042' });
    const ended = await waitFor((event): event is Extract<CallEvent, { type: 'ended' }> => event.type === 'ended');
    assert.equal(ended.callId, ringing.callId);
    assert.equal(ended.reason, 'missed');
    const result = await run;
    assert.equal(result.exitCode, 0, result.output.slice(-2000));
    assert.deepEqual(events.filter((event) => 'callId' in event).map((event) => event.type), ['ringing', 'ended']);
    assert.deepEqual(events.find((event) => event.type === 'calls-synced'), { type: 'calls-synced', at: events.find((event) => event.type === 'calls-synced')?.at, callIds: [] }, 'after registering, the provider lists its live calls (none)');
    await provider.disconnect();
    assert.equal(provider.health, 'disconnected');
  });

  it('agent to agent: outbound call, answer, hold and resume by re-INVITE, DTMF as SIP INFO, blind transfer to a third user', async () => {
    const digits: string[] = [];
    const caller = agent('4155550142', { dtmf: 'info' });
    const callee = agent('agent1', { onDtmfReceived: (_callId, digit) => digits.push(digit) });
    const third = agent('agent2');
    const a = recorder();
    const b = recorder();
    const c = recorder();
    await Promise.all([caller.connect(a.ctx), callee.connect(b.ctx), third.connect(c.ctx)]);
    const callId = await caller.dial('agent1', { data: { 'Account-Number': 'ACME-7' } });
    const ringing = await b.waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing');
    assert.equal(ringing.callId, callId, 'both sides know the call by its SIP Call-ID');
    assert.equal(ringing.from, '4155550142');
    assert.deepEqual(ringing.data, { 'X-Account-Number': 'ACME-7' });
    await callee.answer(callId);
    await a.waitFor((event): event is Extract<CallEvent, { type: 'connected' }> => event.type === 'connected');
    await callee.hold(callId);
    await callee.resume(callId);
    await assert.rejects(callee.answer(callId), { name: 'ProviderError', code: 'invalid-state' });
    await assert.rejects(callee.hold('no-such-call'), { name: 'ProviderError', code: 'unknown-call' });
    await caller.sendDtmf(callId, '12#');
    assert.deepEqual(digits, ['1', '2', '#']);
    await callee.transfer(callId, 'agent2', 'blind');
    const transferredCall = await c.waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing');
    assert.equal(transferredCall.from, '4155550142', 'the transferee calls the target as itself');
    await third.answer(transferredCall.callId);
    const calleeEnd = await b.waitFor((event): event is Extract<CallEvent, { type: 'ended' }> => event.type === 'ended');
    assert.equal(calleeEnd.reason, 'transferred');
    assert.deepEqual(b.events.filter((event) => 'callId' in event).map((event) => event.type), ['ringing', 'connected', 'held', 'resumed', 'transferred', 'ended']);
    const callerSide = a.events.filter((event) => 'callId' in event).map((event) => `${event.type}${event.type === 'ended' ? `:${event.reason}` : ''}`);
    // The callee's 180 Ringing (SIP.js sends it on every INVITE) shows as `alerting`, without early media.
    assert.deepEqual(callerSide.slice(0, 5), ['dialing', 'alerting', 'connected', 'transferred', 'dialing']);
    assert.equal(a.events.find((event) => event.type === 'alerting' && event.callId === callId && !event.earlyMedia)?.type, 'alerting');
    assert.ok(callerSide.includes('ended:transferred'));
    await c.waitFor((event): event is Extract<CallEvent, { type: 'connected' }> => event.type === 'connected');
    await third.hangup(transferredCall.callId);
    await a.waitFor((event): event is Extract<CallEvent, { type: 'ended' }> => event.type === 'ended' && event.callId === transferredCall.callId);
    await Promise.all([caller.disconnect(), callee.disconnect(), third.disconnect()]);
  });

  it('re-registers before the registration expires: calls still arrive after several lifetimes', async () => {
    // Kamailio keeps lifetimes in whole seconds: 3 s is the shortest one a refresh can keep alive.
    const provider = agent('agent1', { registerExpires: 3 });
    const { ctx, waitFor } = recorder();
    await provider.connect(ctx);
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '2125550100' }], ringMs: 200 });
    const ringing = await waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing');
    assert.equal(ringing.from, '2125550100');
    assert.equal((await run).exitCode, 0);
    await provider.disconnect();
  });

  it('offline unregisters (the PBX answers 404, nothing rings); available registers again', async () => {
    const provider = agent('agent1');
    const { ctx, events, waitFor } = recorder();
    await provider.connect(ctx);
    await provider.setPresence('offline');
    const missed = await ringAgent({ sipPort: SIP_PORT, callers: [{ number: '2125550101' }], ringMs: 200 });
    assert.notEqual(missed.exitCode, 0, 'the call must fail while the agent is offline');
    assert.equal(events.some((event) => event.type === 'ringing'), false);
    await provider.setPresence('available');
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '2125550102' }], ringMs: 200 });
    assert.equal((await waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing')).from, '2125550102');
    assert.equal((await run).exitCode, 0);
    await provider.disconnect();
  });

  it('the agent hangs up an answered call before the caller\'s ACK: the call ends at once, and the BYE follows the ACK', async () => {
    const provider = agent('agent1');
    const { ctx, events, waitFor } = recorder();
    await provider.connect(ctx);
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '+14155550142', name: 'Maria Chen' }], ackDelayMs: 1500 });
    const ringing = await waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing');
    await provider.answer(ringing.callId);
    await waitFor((event): event is Extract<CallEvent, { type: 'connected' }> => event.type === 'connected');
    const hungUp = Date.now();
    await provider.hangup(ringing.callId);
    const ended = await waitFor((event): event is Extract<CallEvent, { type: 'ended' }> => event.type === 'ended', 1000);
    assert.equal(ended.reason, 'hangup-local');
    assert.ok(Date.now() - hungUp < 500, `ended ${Date.now() - hungUp} ms after the hang-up, not when the ACK came`);
    const result = await run;
    assert.equal(result.exitCode, 0, `SIPp must get the BYE after its ACK:\n${result.output.slice(-2000)}`);
    assert.deepEqual(events.filter((event) => 'callId' in event).map((event) => event.type), ['ringing', 'connected', 'ended']);
  });

  it('Kamailio killed before the caller\'s ACK: hanging up still ends the call at once', async () => {
    const provider = agent('agent1');
    const { ctx, waitFor } = recorder();
    await provider.connect(ctx);
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '+14155550142' }], ackDelayMs: 1000 });
    const ringing = await waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing');
    await provider.answer(ringing.callId);
    await waitFor((event): event is Extract<CallEvent, { type: 'connected' }> => event.type === 'connected');
    await kamailio.stop();
    await waitFor((event): event is Extract<CallEvent, { type: 'provider-state' }> => event.type === 'provider-state' && event.health === 'reconnecting');
    const hungUp = Date.now();
    await provider.hangup(ringing.callId);
    const ended = await waitFor((event): event is Extract<CallEvent, { type: 'ended' }> => event.type === 'ended', 1000);
    assert.equal(ended.reason, 'hangup-local');
    assert.ok(Date.now() - hungUp < 500, `ended ${Date.now() - hungUp} ms after the hang-up`);
    await run;
    kamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
  });

  it('Kamailio killed and restarted: the provider reports reconnecting, re-registers by itself, and the next call rings', async () => {
    const provider = agent('agent1');
    const { ctx, events, waitFor } = recorder();
    await provider.connect(ctx);
    await kamailio.stop();
    await waitFor((event): event is Extract<CallEvent, { type: 'provider-state' }> => event.type === 'provider-state' && event.health === 'reconnecting');
    const mark = events.length;
    kamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
    const restarted = Date.now();
    await waitFor((event): event is Extract<CallEvent, { type: 'provider-state' }> => event.type === 'provider-state' && event.health === 'ready', 10_000, mark);
    assert.ok(Date.now() - restarted < 10_000);
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '2125550103' }], ringMs: 200 });
    assert.equal((await waitFor((event): event is Extract<CallEvent, { type: 'ringing' }> => event.type === 'ringing')).from, '2125550103');
    assert.equal((await run).exitCode, 0);
    await provider.disconnect();
  });
});
