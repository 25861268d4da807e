/**
 * The call machine's functions one by one: which events may wait for their call, how a call
 * starts, moves and ends, how unanswered calls are named, how early events are kept and ordered,
 * and the call-quality warnings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advanceCall,
  endCall,
  endMissingCall,
  holdEarly,
  isEarlyCapable,
  isLive,
  startCall,
  takeEarly,
  unansweredReason,
  type CallMachineOptions,
  type CallState,
  type EarlyCallEvent,
} from '../../src/core/index.js';

const T0 = 1_000_000;
const OPTIONS: CallMachineOptions = { defaultRegion: 'US', wrapUp: true };
const inbound = (): CallState => startCall({ type: 'ringing', callId: 'c1', at: T0, from: '+14155550142', displayName: 'Maria', queue: 'Support', data: { case: '42' } }, OPTIONS);
const answered = (): CallState => advanceCall(inbound(), { type: 'connected', callId: 'c1', at: T0 + 2000 }, OPTIONS);

describe('call machine', () => {
  it('lets only events about an existing call wait for it', () => {
    for (const type of ['connected', 'ended', 'conferenced', 'supervisor-mode', 'participant-added', 'participant-left', 'participant-held']) {
      assert.equal(isEarlyCapable({ type }), true, type);
    }
    for (const type of ['ringing', 'dialing', 'monitoring', 'held', 'resumed', 'muted', 'transferred', 'warning', 'provider-state', 'presence-changed', 'participants']) {
      assert.equal(isEarlyCapable({ type }), false, type);
    }
  });

  it('knows which phases are live', () => {
    const live = ['ringing', 'dialing', 'connected'] as const;
    for (const phase of live) assert.equal(isLive({ phase }), true, phase);
    for (const phase of ['wrap-up', 'ended'] as const) assert.equal(isLive({ phase }), false, phase);
  });

  it('starts inbound, outbound and monitoring calls with what their first event says', () => {
    const ring = inbound();
    assert.deepEqual(
      { direction: ring.direction, phase: ring.phase, e164: ring.remote.e164, name: ring.remote.displayName, queue: ring.queue, data: ring.data, startedAt: ring.startedAt, log: ring.log },
      { direction: 'inbound', phase: 'ringing', e164: '+14155550142', name: 'Maria', queue: 'Support', data: { case: '42' }, startedAt: T0, log: { revision: 0, savedRevision: 0 } },
    );
    assert.equal(startCall({ type: 'ringing', callId: 'c2', at: T0, from: '+14155550142' }, OPTIONS, 'From the directory').remote.displayName, 'From the directory');
    const out = startCall({ type: 'dialing', callId: 'o1', at: T0, to: '+14155550100' }, OPTIONS);
    assert.deepEqual([out.direction, out.phase, out.remote.e164, 'queue' in out], ['outbound', 'dialing', '+14155550100', false]);
    const replayed = startCall({ type: 'ringing', callId: 'c3', at: T0, from: '+14155550142', replayed: true }, OPTIONS);
    assert.equal(replayed.log.mayExist, true, 'a replayed call may have been logged already');

    const listen = startCall({ type: 'monitoring', callId: 'm1', at: T0, teamCallId: 't1', mode: 'listen', agent: 'ben', remote: '+14155550142' }, OPTIONS);
    assert.deepEqual(
      { phase: listen.phase, connectedAt: listen.connectedAt, muted: listen.muted, monitoring: listen.monitoring, e164: listen.remote.e164 },
      { phase: 'connected', connectedAt: T0, muted: true, monitoring: { teamCallId: 't1', mode: 'listen', agent: 'ben' }, e164: '+14155550142' },
    );
    const barge = startCall({ type: 'monitoring', callId: 'm2', at: T0, teamCallId: 't1', mode: 'barge' }, OPTIONS);
    assert.equal(barge.muted, false);
    assert.deepEqual(barge.monitoring, { teamCallId: 't1', mode: 'barge' });
  });

  it('connects, holds, mutes and transfers only a call in the right phase, and changes nothing needlessly', () => {
    const call = answered();
    assert.equal(call.phase, 'connected');
    assert.equal(call.connectedAt, T0 + 2000);
    assert.equal(advanceCall(inbound(), { type: 'connected', callId: 'c1', at: T0 - 50 }, OPTIONS).connectedAt, T0, 'never before it started');
    assert.equal(advanceCall(call, { type: 'connected', callId: 'c1', at: T0 + 9000 }, OPTIONS), call, 'connected twice');

    const held = advanceCall(call, { type: 'held', callId: 'c1', at: T0 + 3000 }, OPTIONS);
    assert.equal(held.held, true);
    assert.equal(advanceCall(held, { type: 'held', callId: 'c1', at: T0 + 3001 }, OPTIONS), held);
    assert.equal(advanceCall(held, { type: 'resumed', callId: 'c1', at: T0 + 3002 }, OPTIONS).held, false);
    assert.equal(advanceCall(inbound(), { type: 'held', callId: 'c1', at: T0 }, OPTIONS).held, false, 'a ringing call is not held');

    const muted = advanceCall(call, { type: 'muted', callId: 'c1', at: T0 + 3000 }, OPTIONS);
    assert.equal(muted.muted, true);
    assert.equal(advanceCall(muted, { type: 'muted', callId: 'c1', at: T0 + 3001 }, OPTIONS), muted);
    assert.equal(advanceCall(muted, { type: 'unmuted', callId: 'c1', at: T0 + 3002 }, OPTIONS).muted, false);
    assert.equal(advanceCall(inbound(), { type: 'muted', callId: 'c1', at: T0 }, OPTIONS).muted, false, 'a ringing call is not muted');

    const sent = advanceCall(call, { type: 'transferred', callId: 'c1', at: T0 + 4000, to: '200' }, OPTIONS);
    assert.equal(sent.transferredTo, '200');
    assert.equal(advanceCall(sent, { type: 'transferred', callId: 'c1', at: T0 + 4001, to: '200' }, OPTIONS), sent);
    assert.equal(advanceCall(inbound(), { type: 'transferred', callId: 'c1', at: T0, to: '200' }, OPTIONS).transferredTo, undefined);
  });

  it('ends a call into wrap-up or over, counting a new log revision, clamping the end time', () => {
    const wrap = endCall(advanceCall(answered(), { type: 'held', callId: 'c1', at: T0 + 2500 }, OPTIONS), 'hangup-remote', T0 + 10_000, 'bye', OPTIONS);
    assert.deepEqual(
      { phase: wrap.phase, endedAt: wrap.endedAt, endReason: wrap.endReason, endMessage: wrap.endMessage, held: wrap.held, revision: wrap.log.revision },
      { phase: 'wrap-up', endedAt: T0 + 10_000, endReason: 'hangup-remote', endMessage: 'bye', held: false, revision: 1 },
    );
    assert.equal(endCall(answered(), 'hangup-local', T0 + 10_000, undefined, { wrapUp: false }).phase, 'ended');
    assert.equal(endCall(answered(), 'hangup-local', T0 + 1000, undefined, OPTIONS).endedAt, T0 + 2000, 'never before it connected');
    assert.equal(endCall(inbound(), 'hangup-local', T0 - 5, undefined, OPTIONS).endedAt, T0, 'never before it started');
    assert.equal(endCall(inbound(), 'hangup-local', T0 + 5, undefined, OPTIONS).phase, 'ended', 'an unanswered call has no wrap-up');
    assert.equal(endCall(wrap, 'failed', T0 + 20_000, undefined, OPTIONS), wrap, 'ends once');

    const warned = advanceCall(answered(), { type: 'warning', callId: 'c1', at: T0 + 3000, kind: 'latency', active: true }, OPTIONS);
    assert.equal(endCall(warned, 'hangup-remote', T0 + 4000, undefined, OPTIONS).warnings, undefined, 'warnings end with the call');

    const monitor = startCall({ type: 'monitoring', callId: 'm1', at: T0, teamCallId: 't1', mode: 'whisper' }, OPTIONS);
    const left = endCall(monitor, 'hangup-local', T0 - 1, undefined, OPTIONS);
    assert.deepEqual({ phase: left.phase, endedAt: left.endedAt, revision: left.log.revision }, { phase: 'ended', endedAt: T0, revision: 0 }, 'a monitoring leg is over at once, with no log');
  });

  it('names how an unanswered call ended, and how a call lost while disconnected did', () => {
    assert.equal(unansweredReason({ direction: 'inbound' }, 'hangup-remote'), 'missed');
    assert.equal(unansweredReason({ direction: 'inbound' }, 'hangup-local'), 'rejected');
    assert.equal(unansweredReason({ direction: 'inbound' }, 'failed'), 'failed');
    assert.equal(unansweredReason({ direction: 'outbound' }, 'hangup-remote'), 'hangup-remote');
    assert.equal(endCall(inbound(), 'hangup-remote', T0 + 5, undefined, OPTIONS).endReason, 'missed');

    const lost = endMissingCall(answered(), T0 + 9000, OPTIONS);
    assert.deepEqual([lost.endReason, lost.endMessage], ['hangup-remote', 'The call ended while the softphone was disconnected.']);
    assert.equal(endMissingCall(inbound(), T0 + 9000, OPTIONS).endReason, 'missed');
    assert.equal(endMissingCall(startCall({ type: 'dialing', callId: 'o1', at: T0, to: '+14155550100' }, OPTIONS), T0 + 9000, OPTIONS).endReason, 'failed');
  });

  it('keeps the last early events and hands a call its own: connected first, ended last, the rest by time', () => {
    let early: readonly EarlyCallEvent[] | undefined;
    for (let index = 0; index < 40; index++) early = holdEarly(early, { type: 'participant-ringing', callId: 'x', at: index, participantId: `p${index}` } as EarlyCallEvent);
    assert.ok(early!.length < 40, 'bounded');
    assert.equal((early!.at(-1) as { participantId: string }).participantId, 'p39', 'the newest kept');
    assert.equal((early![0] as { participantId: string }).participantId, `p${40 - early!.length}`, 'the oldest dropped');

    const events = [
      { type: 'ended', callId: 'c1', at: 5, reason: 'hangup-remote' },
      { type: 'participant-left', callId: 'c1', at: 4, participantId: 'p', reason: 'hangup' },
      { type: 'participant-added', callId: 'c1', at: 3, participantId: 'p', role: 'external', mode: 'conference' },
      { type: 'connected', callId: 'c1', at: 6 },
      { type: 'connected', callId: 'c2', at: 1 },
    ] as EarlyCallEvent[];
    const { mine, rest } = takeEarly(events, 'c1');
    assert.deepEqual(mine.map((event) => event.type), ['connected', 'participant-added', 'participant-left', 'ended']);
    assert.deepEqual(rest?.map((event) => event.callId), ['c2']);
    assert.equal('rest' in takeEarly(events.slice(0, 4), 'c1'), false, 'no rest when all were mine');
    assert.deepEqual(takeEarly(undefined, 'c1'), { mine: [] });
  });

  it('shows one warning per kind with a default text, clears it, and ignores warnings after the call', () => {
    const call = answered();
    const warn = (on: CallState, kind: 'latency' | 'jitter', active: boolean, message?: string) =>
      advanceCall(on, { type: 'warning', callId: 'c1', at: T0 + 3000, kind, active, ...(message ? { message } : {}) }, OPTIONS);
    const one = warn(call, 'latency', true);
    assert.deepEqual(one.warnings, [{ kind: 'latency', message: 'Network delay is high: the caller may hear you late.' }]);
    const two = warn(warn(one, 'jitter', true), 'latency', true, 'Slow link');
    assert.deepEqual(two.warnings, [{ kind: 'jitter', message: 'The network is unsteady: the call may sound choppy.' }, { kind: 'latency', message: 'Slow link' }]);
    assert.deepEqual(warn(two, 'jitter', false).warnings, [{ kind: 'latency', message: 'Slow link' }]);
    assert.equal(warn(one, 'jitter', false), one, 'clearing what is not shown changes nothing');
    const over = endCall(call, 'hangup-remote', T0 + 5000, undefined, OPTIONS);
    assert.equal(warn(over, 'latency', true), over);
  });

  it('changes a monitoring leg\'s mode while it is live, and never applies participant events to it', () => {
    const monitor = startCall({ type: 'monitoring', callId: 'm1', at: T0, teamCallId: 't1', mode: 'listen' }, OPTIONS);
    const whisper = advanceCall(monitor, { type: 'monitoring', callId: 'm1', at: T0 + 1, teamCallId: 't1', mode: 'whisper' }, OPTIONS);
    assert.equal(whisper.monitoring?.mode, 'whisper');
    assert.equal(advanceCall(whisper, { type: 'monitoring', callId: 'm1', at: T0 + 2, teamCallId: 't1', mode: 'whisper' }, OPTIONS), whisper);
    assert.equal(advanceCall(answered(), { type: 'monitoring', callId: 'c1', at: T0 + 2, teamCallId: 't1', mode: 'barge' }, OPTIONS).monitoring, undefined, 'not a monitoring leg');
    const over = endCall(whisper, 'hangup-local', T0 + 3, undefined, OPTIONS);
    assert.equal(advanceCall(over, { type: 'monitoring', callId: 'm1', at: T0 + 4, teamCallId: 't1', mode: 'barge' }, OPTIONS), over);
    const added = { type: 'participant-added', callId: 'm1', at: T0 + 5, participantId: 'p', role: 'external', mode: 'conference' } as const;
    assert.equal(advanceCall(whisper, added, OPTIONS), whisper);
    assert.equal(advanceCall(answered(), { ...added, callId: 'c1' }, OPTIONS).participants?.length, 1);
    const ended = endCall(answered(), 'hangup-remote', T0 + 6, undefined, OPTIONS);
    assert.equal(advanceCall(ended, { ...added, callId: 'c1' }, OPTIONS), ended, 'nor to a call that is over');
  });
});
