/**
 * The telephony simulator's conference bridge: two agents through consult → swap → merge → complete
 * transfer, a supervisor through listen → whisper → barge → leave, external far ends played over
 * REST, and the events each softphone gets (then through the real provider and the reducer: one
 * log per agent's part, a reload that restores the participants).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { CallEvent, Effect, ReducerOptions } from '../../src/core/index.js';
import { SimulatorProvider, type SimCallSnapshot, type SimMessage, type WebSocketLike } from '../../src/providers/simulator/index.js';
import { snapshotEvents, toCallEvent } from '../../src/providers/simulator/mapping.js';
import { parseSimMessage } from '../../src/providers/simulator/validate.js';
import { startConsoleServer, type ConsoleServer } from '../../src/server/index.js';
import { SimulatorError, TelephonySimulator } from '../../src/server/telephony-simulator.js';
import { runReducer } from './fakes/run-reducer.js';

const CUSTOMER = { from: '+14155550142', name: 'Maria Chen', data: { account: 'ACME-42' } };

/** A fake softphone session: every message it got, and each call's messages as `type[:detail]`. */
function softphone(sim: TelephonySimulator, agentId: string, role?: 'agent' | 'supervisor') {
  const messages: SimMessage[] = [];
  const detach = sim.attachAgent(agentId, { send: (message) => messages.push(message), close: () => undefined }, role);
  const of = (callId: string) => messages.filter((message) => 'callId' in message && message.callId === callId);
  return {
    messages,
    detach,
    of,
    /** The call this agent was rung with last. */
    ringing: () => messages.filter((message) => message.type === 'ringing').at(-1) as Extract<SimMessage, { type: 'ringing' }>,
    sequence: (callId: string) =>
      of(callId).map((message) => {
        switch (message.type) {
          case 'participant-added':
            return `${message.type}:${message.role}:${message.number}:${message.mode}${message.supervisorMode ? `:${message.supervisorMode}` : ''}`;
          case 'participant-left':
            return `${message.type}:${message.reason}`;
          case 'ended':
            return `ended:${message.reason}`;
          case 'transferred':
            return `transferred:${message.to}`;
          case 'supervisor-mode':
          case 'monitoring':
            return `${message.type}:${message.mode}`;
          default:
            return message.type;
        }
      }),
  };
}

const ends = (phone: ReturnType<typeof softphone>, callId: string) => phone.of(callId).filter((message) => message.type === 'ended').length;

describe('simulator conference bridge', () => {
  let sim: TelephonySimulator;
  afterEach(() => sim.close());

  it('consult → swap → merge → complete transfer between two agents: each sees the other, each call ends once', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const amy = softphone(sim, 'amy');
    const ben = softphone(sim, 'ben');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    sim.command('amy', { type: 'answer', callId: c1 });

    const p = sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'consult', data: { notes: 'Wants a refund' } });
    assert.match(p ?? '', /^P-/);
    const ring = ben.ringing();
    const c2 = ring.callId;
    assert.notEqual(c2, c1);
    assert.equal(ring.from, CUSTOMER.from, 'the colleague is rung with the customer’s number, so the customer pops');
    assert.equal(ring.name, 'Maria Chen');
    assert.deepEqual(ring.data, { account: 'ACME-42', notes: 'Wants a refund', transferredFrom: 'amy' });
    sim.command('ben', { type: 'answer', callId: c2 });
    const amyId = sim.get(c2).participants?.[0]?.participantId;

    sim.command('amy', { type: 'swap', callId: c1 });
    assert.equal(sim.get(c1).held, false);
    sim.command('amy', { type: 'swap', callId: c1 });
    assert.equal(sim.get(c1).held, true);
    sim.command('amy', { type: 'merge', callId: c1 });
    assert.equal(sim.get(c1).held, false);
    sim.command('amy', { type: 'complete-transfer', callId: c1 });
    assert.equal(sim.get(c1).endReason, 'transferred');
    assert.equal(sim.get(c2).state, 'connected', 'the colleague’s call goes on with the customer');
    // The colleague now has the customer: holds them, and ends the call.
    sim.command('ben', { type: 'hold', callId: c2 });
    sim.command('ben', { type: 'resume', callId: c2 });
    sim.command('ben', { type: 'hangup', callId: c2 });

    assert.deepEqual(amy.sequence(c1), [
      'ringing',
      'connected',
      'held',
      'participant-added:agent:ben:consult',
      'participant-ringing',
      'participant-connected',
      'resumed',
      'participant-held',
      'held',
      'participant-resumed',
      'conferenced',
      'transferred:ben',
      'ended:transferred',
    ]);
    assert.deepEqual(ben.sequence(c2), [
      'ringing',
      'participant-added:agent:amy:consult',
      'participant-connected',
      'connected',
      'conferenced',
      'participant-left:hangup',
      'held',
      'resumed',
      'ended:hangup-local',
    ]);
    assert.equal(ends(amy, c1), 1);
    assert.equal(ends(ben, c2), 1);
    assert.deepEqual(ben.of(c2).filter((m) => 'participantId' in m).map((m) => (m as { participantId: string }).participantId), [amyId, amyId, amyId]);
    assert.deepEqual(sim.get(c2).participants?.map((x) => [x.number, x.state, x.leftReason]), [['amy', 'left', 'hangup']]);
    assert.deepEqual(sim.snapshot().participants, [], 'nobody is left on the call');
  });

  it('the customer hanging up during a consultation ends both agents’ calls, once each', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const amy = softphone(sim, 'amy');
    const ben = softphone(sim, 'ben');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    sim.command('amy', { type: 'answer', callId: c1 });
    sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'consult', role: 'agent' });
    const c2 = ben.ringing().callId;
    sim.command('ben', { type: 'answer', callId: c2 });
    sim.remoteHangup(c1);
    assert.deepEqual([amy.sequence(c1).at(-1), ben.sequence(c2).at(-1)], ['ended:hangup-remote', 'ended:hangup-remote']);
    assert.deepEqual([ends(amy, c1), ends(ben, c2)], [1, 1]);
    assert.throws(() => sim.command('ben', { type: 'hangup', callId: c2 }), /has ended/);
  });

  it('a colleague who declines or does not answer leaves as no-answer; the customer stays held with the first agent', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const amy = softphone(sim, 'amy');
    const ben = softphone(sim, 'ben');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    sim.command('amy', { type: 'answer', callId: c1 });
    sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'consult' });
    sim.command('ben', { type: 'decline', callId: ben.ringing().callId });
    assert.deepEqual(amy.sequence(c1).slice(-2), ['participant-ringing', 'participant-left:no-answer']);
    assert.equal(sim.get(c1).held, true);
    assert.equal(sim.get(c1).state, 'connected');
    assert.throws(() => sim.command('amy', { type: 'swap', callId: c1 }), /Nobody to swap with/);
    assert.throws(() => sim.command('amy', { type: 'complete-transfer', callId: c1 }), /Nobody to hand the call to/);
  });

  it('external numbers: the far end answers, is held, merged and removed; a busy one leaves as failed', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const amy = softphone(sim, 'amy');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    sim.command('amy', { type: 'answer', callId: c1 });
    const p1 = sim.command('amy', { type: 'add-participant', callId: c1, to: '+442071838750', mode: 'conference' }) as string;
    assert.deepEqual(sim.snapshot().participants.map((x) => [x.participantId, x.role, x.state, x.customer]), [[p1, 'external', 'ringing', CUSTOMER.from]]);
    sim.participantFarEnd(p1, 'answer');
    assert.throws(() => sim.participantFarEnd(p1, 'answer'), /is connected, not ringing/);
    sim.command('amy', { type: 'hold-participant', callId: c1, participantId: p1 });
    assert.throws(() => sim.command('amy', { type: 'hold-participant', callId: c1, participantId: p1 }), /is held, not connected/);
    sim.command('amy', { type: 'merge', callId: c1 });
    sim.command('amy', { type: 'remove-participant', callId: c1, participantId: p1 });
    const p2 = sim.command('amy', { type: 'add-participant', callId: c1, to: '+12125550188', mode: 'conference' }) as string;
    sim.participantFarEnd(p2, 'reject');
    assert.throws(() => sim.participantFarEnd(p2, 'hangup'), (error: unknown) => error instanceof SimulatorError && error.code === 'unknown-participant' && error.status === 404);
    assert.deepEqual(amy.sequence(c1), [
      'ringing',
      'connected',
      'participant-added:external:+442071838750:conference',
      'participant-ringing',
      'participant-connected',
      'participant-held',
      'conferenced',
      'participant-left:removed',
      'participant-added:external:+12125550188:conference',
      'participant-ringing',
      'participant-left:failed',
    ]);
    assert.equal(sim.get(c1).state, 'connected');
  });

  it('after a warm transfer to an external number the customer stays with them until they hang up', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const amy = softphone(sim, 'amy');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    sim.command('amy', { type: 'answer', callId: c1 });
    const p1 = sim.command('amy', { type: 'add-participant', callId: c1, to: '+442071838750', mode: 'consult' }) as string;
    sim.participantFarEnd(p1, 'answer');
    sim.command('amy', { type: 'complete-transfer', callId: c1 });
    assert.deepEqual(amy.sequence(c1).slice(-2), ['transferred:+442071838750', 'ended:transferred']);
    assert.deepEqual(sim.snapshot().participants.map((x) => [x.participantId, x.state]), [[p1, 'connected']]);
    sim.participantFarEnd(p1, 'hangup');
    assert.deepEqual(sim.snapshot().participants, []);
  });

  it('supervisor: team calls, listen → whisper → barge → leave; the agent sees each mode, the supervisor’s leg its own', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null, supervisors: ['ana'] });
    const amy = softphone(sim, 'amy');
    const ana = softphone(sim, 'ana');
    const teams = () => ana.messages.filter((m): m is Extract<SimMessage, { type: 'team-calls' }> => m.type === 'team-calls');
    assert.deepEqual(teams().at(-1)?.calls, [], 'a supervisor gets the team’s calls on connect');
    assert.equal(amy.messages.some((m) => m.type === 'team-calls'), false, 'an agent does not');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    assert.deepEqual(teams().at(-1)?.calls.map((call) => [call.callId, call.agent, call.remote, call.displayName, call.connectedAt]), [[c1, 'amy', CUSTOMER.from, 'Maria Chen', undefined]]);
    assert.throws(() => sim.command('ana', { type: 'monitor', teamCallId: c1, mode: 'listen' }), /can be monitored once answered/);
    sim.command('amy', { type: 'answer', callId: c1 });
    assert.throws(() => sim.command('amy', { type: 'monitor', teamCallId: c1, mode: 'listen' }), /amy is not a supervisor/);

    const leg = sim.command('ana', { type: 'monitor', teamCallId: c1, mode: 'listen' }) as string;
    assert.equal(teams().at(-1)?.calls[0]?.monitoredBy, 'listen');
    assert.throws(() => sim.command('ana', { type: 'monitor', teamCallId: c1, mode: 'barge' }), /already monitoring/);
    assert.throws(() => sim.command('ana', { type: 'hold', callId: leg }), /monitoring of a team call/);
    assert.throws(() => sim.command('ana', { type: 'set-monitor-mode', callId: leg, mode: 'shout' as 'barge' }), /mode must be one of listen, whisper, barge/);
    sim.command('ana', { type: 'set-monitor-mode', callId: leg, mode: 'whisper' });
    sim.command('ana', { type: 'set-monitor-mode', callId: leg, mode: 'barge' });
    assert.equal(teams().at(-1)?.calls[0]?.monitoredBy, 'barge');
    sim.command('ana', { type: 'hangup', callId: leg });
    assert.equal(teams().at(-1)?.calls[0]?.monitoredBy, undefined);

    assert.deepEqual(amy.sequence(c1), [
      'ringing',
      'connected',
      'participant-added:supervisor:ana:conference:listen',
      'participant-connected',
      'supervisor-mode:whisper',
      'supervisor-mode:barge',
      'participant-left:hangup',
    ]);
    assert.deepEqual(ana.sequence(leg), ['monitoring:listen', 'monitoring:whisper', 'monitoring:barge', 'ended:hangup-local']);
    const start = ana.of(leg)[0] as Extract<SimMessage, { type: 'monitoring' }>;
    assert.deepEqual([start.teamCallId, start.agent, start.remote, start.displayName], [c1, 'amy', CUSTOMER.from, 'Maria Chen']);

    // Monitoring again, then the customer hangs up: the supervisor's leg ends with the call.
    const again = sim.command('ana', { type: 'monitor', teamCallId: c1, mode: 'listen' }) as string;
    sim.remoteHangup(c1);
    assert.deepEqual(ana.sequence(again), ['monitoring:listen', 'ended:hangup-remote']);
    assert.deepEqual(teams().at(-1)?.calls, []);
  });

  it('a softphone connected with role=supervisor is one for as long as it lasts; supervisors get new calls last', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const ana = softphone(sim, 'ana', 'supervisor');
    softphone(sim, 'amy');
    assert.equal(sim.isSupervisor('ana'), true);
    assert.ok(ana.messages.some((m) => m.type === 'team-calls'));
    const c1 = sim.placeInbound({ from: CUSTOMER.from });
    assert.equal(sim.teamCalls().find((call) => call.callId === c1)?.agent, 'amy');
    ana.detach();
    assert.equal(sim.isSupervisor('ana'), false);
  });

  it('refuses what the caller may not do, naming why', () => {
    sim = new TelephonySimulator({ outboundAnswerMs: null });
    const ben = softphone(sim, 'ben');
    softphone(sim, 'amy');
    const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
    const code = (code: string, pattern: RegExp) => (error: unknown) => error instanceof SimulatorError && error.code === code && pattern.test(error.message);
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'consult' }), code('invalid-state', /while it is ringing/));
    sim.command('amy', { type: 'answer', callId: c1 });
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: '', mode: 'consult' }), code('invalid-argument', /^to must be an agent id or a number/));
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'private' as 'consult' }), code('invalid-argument', /^mode must be consult or conference/));
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: 'amy', mode: 'consult', role: 'agent' }), code('invalid-argument', /another agent than yourself/));
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: 'zed', mode: 'consult', role: 'agent' }), code('invalid-argument', /no softphone is connected as zed/));
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'consult', data: { notes: 7 } as never }), code('invalid-argument', /^data must be/));
    assert.throws(() => sim.command('amy', { type: 'hold-participant', callId: c1, participantId: 'P-none' }), code('unknown-participant', /No participant P-none/));
    sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'consult' });
    const c2 = ben.ringing().callId;
    assert.throws(() => sim.command('amy', { type: 'add-participant', callId: c1, to: 'ben', mode: 'conference' }), code('invalid-state', /already on this call/));
    sim.command('ben', { type: 'answer', callId: c2 });
    assert.throws(() => sim.command('ben', { type: 'merge', callId: c2 }), code('invalid-state', /Only agent amy, who has the customer, can merge/));
    assert.throws(() => sim.command('ben', { type: 'hold', callId: c2 }), code('invalid-state', /Only agent amy/));
    assert.throws(() => sim.command('amy', { type: 'transfer', callId: c1, to: '+1' }), code('invalid-state', /other participants: complete the transfer/));
    assert.throws(() => sim.command('amy', { type: 'set-monitor-mode', callId: c1, mode: 'listen' }), code('invalid-state', /not a monitoring call/));
    assert.throws(() => sim.command('amy', { type: 'explode', callId: c1 } as never), code('invalid-argument', /^type must be a command the simulator knows, got "explode"/));
    // The first agent hangs up mid-consultation: the colleague takes the customer.
    sim.command('amy', { type: 'hangup', callId: c1 });
    assert.deepEqual(ben.sequence(c2).at(-1), 'participant-left:hangup');
    sim.command('ben', { type: 'hold', callId: c2 });
    assert.equal(sim.get(c2).held, true);
  });
});

describe('simulator conference bridge: commands repeated', () => {
  it('a repeated merge is harmless; a repeated complete transfer, removal or far-end answer is refused', () => {
    const sim = new TelephonySimulator({ outboundAnswerMs: null });
    try {
      const amy = softphone(sim, 'amy');
      const c1 = sim.placeInbound({ ...CUSTOMER, agent: 'amy' });
      sim.command('amy', { type: 'answer', callId: c1 });
      const p1 = sim.command('amy', { type: 'add-participant', callId: c1, to: '+442071838750', mode: 'conference' }) as string;
      const p2 = sim.command('amy', { type: 'add-participant', callId: c1, to: '+12125550188', mode: 'consult' }) as string;
      sim.participantFarEnd(p1, 'answer');
      sim.participantFarEnd(p2, 'answer');
      assert.throws(() => sim.participantFarEnd(p2, 'answer'), /not ringing/);
      sim.command('amy', { type: 'merge', callId: c1 });
      sim.command('amy', { type: 'merge', callId: c1 });
      sim.command('amy', { type: 'remove-participant', callId: c1, participantId: p1 });
      assert.throws(() => sim.command('amy', { type: 'remove-participant', callId: c1, participantId: p1 }), /No participant/);
      sim.command('amy', { type: 'complete-transfer', callId: c1 });
      assert.throws(() => sim.command('amy', { type: 'complete-transfer', callId: c1 }), /has ended/);
      assert.equal(ends(amy, c1), 1);
      assert.deepEqual(amy.sequence(c1).slice(-3), ['participant-left:removed', 'transferred:+12125550188', 'ended:transferred']);
    } finally {
      sim.close();
    }
  });
});

describe('simulator multi-party through the provider and the reducer', () => {
  let server: ConsoleServer;
  const OPTIONS: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: false };
  before(async () => {
    server = await startConsoleServer({ port: 0, inMemory: true, simulator: { outboundAnswerMs: null, supervisors: ['mp-ana'] } });
  });
  after(async () => {
    await server.close();
  });

  async function agent(agentId: string) {
    const events: CallEvent[] = [];
    const waiters = new Set<() => void>();
    const provider = new SimulatorProvider({
      url: `${server.url.replace('http', 'ws')}/api/sim/agent`,
      agentId,
      WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
    });
    await provider.connect({ now: Date.now, emit: (event) => (events.push(event), waiters.forEach((waiter) => waiter())) });
    const until = (match: (event: CallEvent) => boolean): Promise<CallEvent> =>
      new Promise((resolve) => {
        const look = (): boolean => {
          const found = events.find(match);
          if (found) {
            waiters.delete(look);
            resolve(found);
          }
          return Boolean(found);
        };
        if (!look()) waiters.add(look);
      });
    return { provider, events, until };
  }

  it('every event sent twice: the same participants, one log', async () => {
    const amy = await agent('dup-amy');
    server.faults.update({ duplicateEventRate: 1 });
    try {
      const c1 = server.simulator.placeInbound({ ...CUSTOMER, agent: 'dup-amy' });
      await amy.until((event) => event.type === 'ringing');
      await amy.provider.answer(c1);
      const p = await amy.provider.addParticipant(c1, '+442071838750', { mode: 'consult' });
      server.simulator.participantFarEnd(p, 'answer');
      await amy.provider.swap(c1);
      await amy.provider.merge(c1);
      await amy.provider.completeTransfer(c1);
      await amy.until((event) => event.type === 'ended');
      assert.equal(amy.events.filter((event) => event.type === 'participant-connected').length, 2, 'duplicated on the wire');
      const { state, effects } = runReducer(amy.events, OPTIONS);
      assert.equal(logs(effects).length, 1);
      assert.deepEqual(logs(effects)[0]?.participants, [{ role: 'external', number: '+442071838750', mode: 'conference', answered: true, stayed: true }]);
      assert.equal(state.calls[c1]?.conferenced, true);
      server.simulator.participantFarEnd(p, 'hangup');
    } finally {
      server.faults.update({ duplicateEventRate: 0 });
      await amy.provider.disconnect();
    }
  });

  it('REST: participants, their far ends and the team’s calls, with errors naming the field; role=supervisor on the socket', async () => {
    const rest = async (method: string, path: string) => {
      const response = await fetch(`${server.url}${path}`, { method });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const amy = await agent('rest-amy');
    const sue = new SimulatorProvider({
      url: `${server.url.replace('http', 'ws')}/api/sim/agent`,
      agentId: 'rest-sue',
      role: 'supervisor',
      WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
    });
    const sueEvents: CallEvent[] = [];
    await sue.connect({ now: Date.now, emit: (event) => sueEvents.push(event) });
    try {
      const c1 = server.simulator.placeInbound({ ...CUSTOMER, agent: 'rest-amy' });
      await amy.provider.answer(c1);
      const p = await amy.provider.addParticipant(c1, '+442071838750', { mode: 'conference' });
      const listed = await rest('GET', '/api/sim/participants');
      assert.deepEqual(listed.body.participants, [{ participantId: p, role: 'external', number: '+442071838750', mode: 'conference', state: 'ringing', customer: CUSTOMER.from }]);
      assert.deepEqual(await rest('POST', `/api/sim/participants/${p}/answer`), { status: 200, body: { ok: true } });
      await amy.until((event) => event.type === 'participant-connected');
      const again = await rest('POST', `/api/sim/participants/${p}/reject`);
      assert.equal(again.status, 409);
      assert.match(String(again.body.message), /is connected, not ringing/);
      const unknown = await rest('POST', '/api/sim/participants/P-nobody/hangup');
      assert.deepEqual([unknown.status, unknown.body.error], [404, 'unknown-participant']);
      assert.equal((await rest('POST', `/api/sim/participants/${p}/dance`)).status, 404);

      const team = await rest('GET', '/api/sim/team-calls?supervisor=rest-sue');
      assert.ok((team.body.calls as Array<{ callId: string }>).some((call) => call.callId === c1));
      const badSupervisor = await rest('GET', `/api/sim/team-calls?supervisor=${'x'.repeat(65)}`);
      assert.equal(badSupervisor.status, 400);
      assert.match(String(badSupervisor.body.message), /^supervisor must be an agent id/);
      assert.ok(sueEvents.some((event) => event.type === 'team-calls' && event.calls.some((call) => call.callId === c1)), 'role=supervisor on the socket makes a supervisor');
      await assert.rejects(amy.provider.monitor(c1, 'listen'), (error: Error & { code?: string }) => error.code === 'invalid-state' && /not a supervisor/.test(error.message));
      await assert.rejects(amy.provider.holdParticipant(c1, 'P-nobody'), (error: Error & { code?: string }) => error.code === 'invalid-argument' && /No participant P-nobody/.test(error.message));
      assert.deepEqual(await rest('POST', `/api/sim/participants/${p}/hangup`), { status: 200, body: { ok: true } });
      await amy.provider.hangup(c1);
    } finally {
      await Promise.all([amy.provider.disconnect(), sue.disconnect()]);
    }
  });

  const logs = (effects: readonly Effect[]) => effects.flatMap((effect) => (effect.type === 'save-call-log' ? [effect.log] : []));

  it('consult → merge → complete transfer: one log per agent’s part; a reload restores the participants', async () => {
    const amy = await agent('mp-amy');
    const ben = await agent('mp-ben');
    const ana = await agent('mp-ana');
    const phones = [amy, ben, ana];
    try {
      const c1 = server.simulator.placeInbound({ ...CUSTOMER, agent: 'mp-amy' });
      await amy.until((event) => event.type === 'ringing');
      await amy.provider.answer(c1);
      const p = await amy.provider.addParticipant(c1, 'mp-ben', { mode: 'consult', role: 'agent', data: { notes: 'VIP' } });
      const ring = (await ben.until((event) => event.type === 'ringing')) as Extract<CallEvent, { type: 'ringing' }>;
      assert.equal(ring.data?.notes, 'VIP');
      await ben.provider.answer(ring.callId);
      await amy.until((event) => event.type === 'participant-connected' && event.participantId === p);
      const team = (await ana.until((event) => event.type === 'team-calls' && event.calls.length === 2)) as Extract<CallEvent, { type: 'team-calls' }>;
      assert.deepEqual(team.calls.map((call) => call.agent).sort(), ['mp-amy', 'mp-ben']);
      const leg = await ana.provider.monitor(c1, 'listen');
      await ben.until((event) => event.type === 'participant-added' && event.role === 'supervisor');

      // Ben reloads: his call comes back with Amy and the supervisor.
      await ben.provider.disconnect();
      const benAgain = await agent('mp-ben');
      phones.push(benAgain);
      await benAgain.until((event) => event.type === 'calls-synced');
      const restored = runReducer(benAgain.events, OPTIONS).state.calls[ring.callId];
      assert.deepEqual(restored?.participants?.map((x) => [x.role, x.number, x.phase, x.mode, x.supervisorMode]), [
        ['agent', 'mp-amy', 'connected', 'consult', undefined],
        ['supervisor', 'mp-ana', 'connected', 'conference', 'listen'],
      ]);
      // Ana reloads too: her monitoring leg comes back.
      await ana.provider.disconnect();
      const anaAgain = await agent('mp-ana');
      phones.push(anaAgain);
      await anaAgain.until((event) => event.type === 'calls-synced');
      assert.deepEqual(runReducer(anaAgain.events, OPTIONS).state.calls[leg]?.monitoring, { teamCallId: c1, mode: 'listen', agent: 'mp-amy' });

      await amy.provider.merge(c1);
      await benAgain.until((event) => event.type === 'conferenced');
      await amy.provider.completeTransfer(c1);
      await amy.until((event) => event.type === 'ended');
      await benAgain.until((event) => event.type === 'participant-left');
      await anaAgain.provider.hangup(leg);
      await benAgain.provider.hangup(ring.callId);
      await benAgain.until((event) => event.type === 'ended');

      const amyLogs = logs(runReducer(amy.events, OPTIONS).effects);
      assert.equal(amyLogs.length, 1);
      assert.equal(amyLogs[0]?.disposition, 'Transferred');
      assert.deepEqual(amyLogs[0]?.participants?.map((x) => [x.role, x.number, x.stayed]), [
        ['agent', 'mp-ben', true],
        ['supervisor', 'mp-ana', true],
      ]);
      const benRun = runReducer(benAgain.events, OPTIONS);
      const benLogs = logs(benRun.effects);
      assert.equal(benLogs.length, 1, 'the colleague’s call is logged once, by their softphone');
      assert.deepEqual([benLogs[0]?.callId, benLogs[0]?.remoteNumber, benLogs[0]?.endReason], [ring.callId, CUSTOMER.from, 'hangup-local']);
      assert.equal(benRun.state.calls[ring.callId]?.phase, 'ended');
    } finally {
      await Promise.all(phones.map((phone) => phone.provider.disconnect()));
    }
  });
});

describe('simulator multi-party messages', () => {
  const good: Array<Record<string, unknown>> = [
    { type: 'participant-added', callId: 'c1', participantId: 'p1', role: 'agent', number: 'ben', mode: 'consult' },
    { type: 'participant-added', callId: 'c1', participantId: 's1', role: 'supervisor', number: 'ana', displayName: 'Ana Ruiz', mode: 'conference', supervisorMode: 'listen' },
    { type: 'participant-ringing', callId: 'c1', participantId: 'p1' },
    { type: 'participant-connected', callId: 'c1', participantId: 'p1' },
    { type: 'participant-held', callId: 'c1', participantId: 'p1' },
    { type: 'participant-resumed', callId: 'c1', participantId: 'p1' },
    { type: 'participant-left', callId: 'c1', participantId: 'p1', reason: 'failed', message: '486 Busy Here' },
    { type: 'supervisor-mode', callId: 'c1', participantId: 's1', mode: 'barge' },
    { type: 'conferenced', callId: 'c1' },
    { type: 'monitoring', callId: 'm1', teamCallId: 'c1', mode: 'whisper', agent: 'amy', remote: '+14155550142', displayName: 'Maria Chen' },
    { type: 'team-calls', calls: [{ callId: 'c1', agent: 'amy', remote: '+14155550142', direction: 'inbound', startedAt: 1, connectedAt: 2, monitoredBy: 'listen' }] },
    { type: 'result', requestId: 1, ok: true, participantId: 'p1' },
  ];

  it('accepts each well-formed message', () => {
    for (const message of good) assert.equal(parseSimMessage(JSON.stringify(message))?.type, message.type, JSON.stringify(message));
  });

  it('refuses each with a field missing, mistyped or out of its set', () => {
    const bad: Array<Record<string, unknown>> = [
      { ...good[0], participantId: '' },
      { ...good[0], role: 'boss' },
      { ...good[0], mode: 'private' },
      { ...good[0], number: 42 },
      { ...good[1], supervisorMode: 'shout' },
      { ...good[1], displayName: 'x'.repeat(300) },
      { ...good[2], participantId: 7 },
      { ...good[3], callId: '' },
      { type: 'participant-left', callId: 'c1', participantId: 'p1', reason: 'vanished' },
      { type: 'participant-left', callId: 'c1', participantId: 'p1', reason: 'hangup', message: 5 },
      { type: 'supervisor-mode', callId: 'c1', participantId: 's1', mode: 'yell' },
      { type: 'conferenced' },
      { type: 'monitoring', callId: 'm1', mode: 'listen' },
      { type: 'monitoring', callId: 'm1', teamCallId: 'c1', mode: 'peek' },
      { type: 'team-calls', calls: 'all' },
      { type: 'team-calls', calls: [{ callId: 'c1', agent: 'amy', remote: '+1', direction: 'sideways', startedAt: 1 }] },
      { type: 'team-calls', calls: [{ callId: 'c1', agent: 'amy', remote: '+1', direction: 'inbound', startedAt: 'then' }] },
      { type: 'team-calls', calls: [{ callId: 'c1', agent: 'amy', remote: '+1', direction: 'inbound', startedAt: 1, monitoredBy: 'spy' }] },
      { type: 'team-calls', calls: Array.from({ length: 201 }, (_, i) => ({ callId: `c${i}`, agent: 'a', remote: '+1', direction: 'inbound', startedAt: 1 })) },
      { type: 'result', requestId: 1, ok: true, participantId: '' },
    ];
    for (const message of bad) assert.equal(parseSimMessage(JSON.stringify(message)), undefined, JSON.stringify(message).slice(0, 120));
  });

  const call = (fields: Partial<SimCallSnapshot>): SimCallSnapshot => ({
    callId: 'c1', direction: 'inbound', state: 'connected', from: '+14155550142', to: '+1', held: false, muted: false, digits: '', startedAt: 1_000, connectedAt: 2_000, ...fields,
  });
  const hello = (calls: unknown[]) => parseSimMessage(JSON.stringify({ type: 'hello', agentId: 'amy', presence: 'available', calls }));

  it('refuses a hello whose snapshot has a bad participant or monitoring event', () => {
    const added = { type: 'participant-added', callId: 'c1', at: 1_500, participantId: 'p1', role: 'agent', number: 'ben', mode: 'consult' };
    assert.equal(hello([call({ events: [added] as SimCallSnapshot['events'] })])?.type, 'hello');
    for (const broken of [
      { events: [{ ...added, role: 'boss' }] },
      { events: [{ ...added, at: undefined }] },
      { events: [{ type: 'monitoring', callId: 'm1', at: 1, teamCallId: 'c9', mode: 'stare' }] },
      { events: [{ type: 'team-calls', calls: [], at: 1 }] },
      { events: [{ type: 'constructor', at: 1 }] },
      { events: Array.from({ length: 65 }, () => added) },
      { events: added },
    ]) {
      assert.equal(hello([{ ...call({}), ...broken }]), undefined, JSON.stringify(broken).slice(0, 120));
    }
    assert.equal(parseSimMessage(JSON.stringify({ type: 'constructor', callId: 'c1' })), undefined, 'a type that is a property of every object is not a message');
  });

  it('maps each message to its core event', () => {
    const events = good.map((message) => toCallEvent(parseSimMessage(JSON.stringify(message))!, 5_000));
    assert.deepEqual(events[1], { type: 'participant-added', callId: 'c1', at: 5_000, participantId: 's1', role: 'supervisor', number: 'ana', displayName: 'Ana Ruiz', mode: 'conference', supervisorMode: 'listen' });
    assert.deepEqual(events[6], { type: 'participant-left', callId: 'c1', at: 5_000, participantId: 'p1', reason: 'failed', message: '486 Busy Here' });
    assert.deepEqual(events[9], { type: 'monitoring', callId: 'm1', at: 5_000, teamCallId: 'c1', mode: 'whisper', agent: 'amy', remote: '+14155550142', displayName: 'Maria Chen' });
    assert.deepEqual(
      events.map((event) => event?.type),
      ['participant-added', 'participant-added', 'participant-ringing', 'participant-connected', 'participant-held', 'participant-resumed', 'participant-left', 'supervisor-mode', 'conferenced', 'monitoring', 'team-calls', undefined],
    );
    const team = { type: 'team-calls', calls: [{ callId: 'c1', agent: 'amy', remote: '+1', displayName: 'M', direction: 'inbound', startedAt: 1_000, connectedAt: 9_000 }] } as const;
    assert.deepEqual(toCallEvent(team, 5_000, 100), {
      type: 'team-calls',
      at: 5_000,
      calls: [{ callId: 'c1', agent: 'amy', remote: '+1', displayName: 'M', direction: 'inbound', startedAt: 1_100, connectedAt: 5_000 }],
    });
  });

  it('replays a snapshot’s participant events on our clock, then its hold', () => {
    const events = snapshotEvents(
      call({
        held: true,
        events: [
          { type: 'participant-added', callId: 'c1', at: 1_100, participantId: 'p1', role: 'external', number: '+44', mode: 'conference' },
          { type: 'participant-connected', callId: 'c1', at: 1_200, participantId: 'p1' },
          { type: 'conferenced', callId: 'c1', at: 1_250 },
          { type: 'participant-left', callId: 'other', at: 1_300, participantId: 'p1', reason: 'removed' },
          { type: 'participant-added', callId: 'c1', at: 1_400, participantId: 'p2', role: 'agent', number: 'ben', mode: 'consult' },
          { type: 'participant-connected', callId: 'c1', at: 1_500, participantId: 'p2' },
          { type: 'participant-held', callId: 'c1', at: 99_000, participantId: 'p2' },
        ],
      }),
      100,
      9_000,
    );
    assert.deepEqual(
      events.map((event) => `${event.type}${'participantId' in event ? `:${event.participantId}` : ''}@${event.at}${'callId' in event ? `:${event.callId}` : ''}`),
      ['ringing@1100:c1', 'connected@2100:c1', 'participant-added:p1@1200:c1', 'participant-connected:p1@1300:c1', 'conferenced@1350:c1', 'participant-left:p1@1400:c1', 'participant-added:p2@1500:c1', 'participant-connected:p2@1600:c1', 'participant-held:p2@9000:c1', 'held@9000:c1'],
    );
    const state = runReducer(events, { popOn: 'ringing', defaultRegion: 'US', wrapUp: false }).state.calls.c1!;
    assert.deepEqual(state.participants?.map((p) => [p.id, p.phase, p.mode, p.leftReason]), [
      ['p1', 'left', 'conference', 'removed'],
      ['p2', 'held', 'consult', undefined],
    ]);
    assert.deepEqual([state.held, state.conferenced], [true, true]);
    const leg = snapshotEvents(
      call({
        callId: 'm1',
        direction: 'outbound',
        monitoring: { teamCallId: 'c1', mode: 'barge', agent: 'amy' },
        events: [
          { type: 'monitoring', callId: 'm1', at: 1_000, teamCallId: 'c1', mode: 'listen', agent: 'amy', remote: '+14155550142' },
          { type: 'monitoring', callId: 'm1', at: 3_000, teamCallId: 'c1', mode: 'barge' },
        ],
      }),
      0,
      9_000,
    );
    assert.deepEqual(leg.map((event) => [event.type, event.type === 'monitoring' && event.mode, event.at]), [['monitoring', 'listen', 1_000], ['monitoring', 'barge', 3_000]]);
    assert.equal(runReducer(leg, { popOn: 'ringing', defaultRegion: 'US', wrapUp: false }).state.calls.m1?.monitoring?.mode, 'barge');
  });
});
