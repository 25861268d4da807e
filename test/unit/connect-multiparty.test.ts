// Multi-party calls on the Amazon Connect provider, against the fake of Streams (type-checked against
// Streams' own definitions): third-party connections as participants, swap, merge, warm transfer,
// supervisors monitoring and barging. The events also go through the reducer, which must make one
// log of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError, canRun, participantLines, runCommand, type CallEvent, type Effect, type ReducerOptions } from '../../src/core/index.js';
import { connect, createConnectProvider } from '../../src/providers/connect/index.js';
import { EventRecorder } from '../../src/testing/index.js';
import { FakeStreams, type FakeContact } from './fakes/connect-streams.js';
import { runReducer } from './fakes/run-reducer.js';

const CONFIG = connect({ ccpUrl: 'https://example.my.connect.aws/ccp-v2/', region: 'eu-west-2' });
const container = {} as HTMLElement;
const OPTIONS: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: false };
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function connected() {
  const streams = new FakeStreams();
  const provider = createConnectProvider(CONFIG, { streams, container, dialTimeoutMs: 1000 });
  const recorder = new EventRecorder();
  await provider.connect(recorder.context);
  const events = recorder.events as CallEvent[];
  /** The call's events as `type[:detail]`. */
  const sequence = (callId: string) =>
    events.flatMap((event) => {
      if (!('callId' in event) || event.callId !== callId) return [];
      if (event.type === 'ended') return [`ended:${event.reason}`];
      if (event.type === 'participant-left') return [`participant-left:${event.reason}`];
      if (event.type === 'monitoring' || event.type === 'supervisor-mode') return [`${event.type}:${event.mode}`];
      return [event.type];
    });
  return { provider, streams, events, sequence };
}

/** A customer's call, answered by the agent. */
async function answeredCall(streams: FakeStreams, provider: Awaited<ReturnType<typeof connected>>['provider']): Promise<FakeContact> {
  const contact = streams.ring('+14155550142');
  await provider.answer(contact.id);
  await tick();
  return contact;
}

const saves = (effects: readonly Effect[]) => effects.filter((effect): effect is Extract<Effect, { type: 'save-call-log' }> => effect.type === 'save-call-log');

describe('connect multi-party', () => {
  for (const lateSnapshots of [false, true]) {
    it(`consult → swap → merge → complete transfer: the exact events${lateSnapshots ? ', with Streams refreshing after each success' : ''}`, async () => {
      const { provider, streams, events, sequence } = await connected();
      const contact = await answeredCall(streams, provider);
      contact.autoAnswer = false;
      contact.lateSnapshots = lateSnapshots;

      const participantId = await provider.addParticipant(contact.id, 'sam lee', { mode: 'consult' });
      const [colleague] = contact.getThirdPartyConnections();
      assert.equal(participantId, colleague?.getConnectionId());
      assert.equal(contact.customer.state, 'hold', 'the customer is held before the colleague is called');
      assert.equal(contact.added[0]?.name, 'Sam Lee', 'a quick connect by name, as blind transfers resolve it');
      contact.answer(colleague!);
      await provider.swap(contact.id);
      assert.deepEqual([contact.customer.state, colleague?.state], ['connected', 'hold']);
      await provider.swap(contact.id);
      await provider.merge(contact.id);
      assert.deepEqual([contact.customer.state, colleague?.state], ['connected', 'connected']);
      await provider.completeTransfer(contact.id);
      await tick();

      assert.deepEqual(sequence(contact.id), [
        'ringing',
        'connected',
        'held',
        'participant-added',
        'participant-ringing',
        'participant-connected',
        'participant-held',
        'resumed',
        'participant-resumed',
        'held',
        'resumed',
        'conferenced',
        'transferred',
        'ended:transferred',
      ]);
      const added = events.find((event) => event.type === 'participant-added');
      assert.deepEqual(added && { ...added, at: 0 }, { type: 'participant-added', callId: contact.id, at: 0, participantId, role: 'agent', mode: 'consult', displayName: 'Sam Lee' });
      const transferred = events.find((event) => event.type === 'transferred');
      assert.equal(transferred?.type === 'transferred' && transferred.to, 'Sam Lee');
      assert.equal(contact.agentLeg.state, 'disconnected', 'the agent left through its own connection');
      assert.deepEqual([contact.customer.state, colleague?.state], ['connected', 'connected'], 'the customer and the colleague stay together');
      assert.equal(contact.cleared, true);

      const log = saves(runReducer(events, OPTIONS).effects);
      assert.equal(log.length, 1, 'one log for the agent’s part');
      assert.equal(log[0]?.log.disposition, 'Transferred');
      assert.deepEqual(participantLines(log[0]!.log), ['Transferred to Sam Lee', 'Agent Sam Lee: conference, stayed']);
      await provider.disconnect();
    });
  }

  it('adds into a conference, holds and resumes a participant; one leaves, one never answers, one is removed', async () => {
    const { provider, streams, sequence, events } = await connected();
    const contact = await answeredCall(streams, provider);
    const external = await provider.addParticipant(contact.id, '+44 20 7946 0000', { mode: 'conference' });
    await tick();
    assert.deepEqual([contact.customer.state, contact.getThirdPartyConnections()[0]?.state], ['connected', 'connected'], 'merged once they answered');
    await provider.holdParticipant(contact.id, external);
    await provider.resumeParticipant(contact.id, external);
    await assert.rejects(provider.resumeParticipant(contact.id, external), (error: unknown) => error instanceof ProviderError && error.code === 'invalid-state');
    contact.partyHangsUp(contact.getThirdPartyConnections()[0]!);

    contact.autoAnswer = false;
    const unanswered = await provider.addParticipant(contact.id, '+14155550100', { mode: 'consult', role: 'agent' });
    contact.partyHangsUp(contact.getThirdPartyConnections()[1]!);
    const removed = await provider.addParticipant(contact.id, 'Billing desk', { mode: 'consult' });
    contact.answer(contact.getThirdPartyConnections()[2]!);
    await provider.removeParticipant(contact.id, removed);
    await assert.rejects(provider.removeParticipant(contact.id, removed), /No participant .* they may have left/);

    assert.deepEqual(sequence(contact.id), [
      'ringing',
      'connected',
      'held',
      'participant-added',
      'participant-ringing',
      'participant-connected',
      'resumed',
      'conferenced',
      'participant-held',
      'participant-resumed',
      'conferenced',
      'participant-left:hangup',
      'held',
      'participant-added',
      'participant-ringing',
      'participant-left:no-answer',
      'participant-added',
      'participant-ringing',
      'participant-connected',
      'participant-left:removed',
    ]);
    const added = events.flatMap((event) => (event.type === 'participant-added' ? [[event.participantId, event.role, event.mode, event.number, event.displayName]] : []));
    assert.deepEqual(added, [
      [external, 'external', 'conference', '+442079460000', undefined],
      [unanswered, 'agent', 'consult', '+14155550100', undefined],
      [removed, 'external', 'consult', '+14155550123', 'Billing desk'],
    ]);
    assert.equal(contact.customer.state, 'hold', 'the customer stays held until the agent takes them back');
    await provider.disconnect();
  });

  it('a one-step consult transfer whose target does not answer gives the caller back', async () => {
    const { provider, streams, sequence } = await connected();
    const contact = await answeredCall(streams, provider);
    contact.autoAnswer = false;
    const transfer = provider.transfer(contact.id, '+14155550123', 'consult');
    await tick();
    contact.partyHangsUp(contact.getThirdPartyConnections()[0]!);
    await assert.rejects(transfer, (error: unknown) => error instanceof ProviderError && error.code === 'rejected' && /did not answer/.test(error.message));
    assert.deepEqual(sequence(contact.id), ['ringing', 'connected', 'held', 'resumed'], 'the transfer target is no participant');
    assert.equal(contact.customer.state, 'connected');
    await provider.disconnect();
  });

  it('swap, merge and complete transfer need someone to swap with, merge or leave with', async () => {
    const { provider, streams } = await connected();
    const contact = await answeredCall(streams, provider);
    const invalid = (error: unknown) => error instanceof ProviderError && error.code === 'invalid-state';
    await assert.rejects(provider.swap(contact.id), invalid);
    await assert.rejects(provider.merge(contact.id), invalid);
    await assert.rejects(provider.completeTransfer(contact.id), invalid);
    await assert.rejects(provider.addParticipant(contact.id, 'Nobody', { mode: 'consult' }), /No quick connect is named "Nobody"/);
    await assert.rejects(provider.holdParticipant(contact.id, 'no-such-party'), (error: unknown) => error instanceof ProviderError && error.code === 'invalid-argument');
    await assert.rejects(provider.swap('no-such-call'), (error: unknown) => error instanceof ProviderError && error.code === 'unknown-call');
    await provider.disconnect();
  });

  it('a supervisor barging into the agent’s call is a participant; back to silent monitoring, the agent no longer sees them', async () => {
    const { provider, streams, sequence, events } = await connected();
    const contact = await answeredCall(streams, provider);
    const supervisor = contact.bargeIn('Ana Ruiz');
    await assert.rejects(provider.removeParticipant(contact.id, supervisor.connectionId), /is a supervisor/);
    contact.supervisorSilent(supervisor);
    assert.deepEqual(sequence(contact.id), ['ringing', 'connected', 'participant-added', 'participant-connected', 'participant-left:hangup']);
    const added = events.find((event) => event.type === 'participant-added');
    assert.deepEqual(added?.type === 'participant-added' && [added.role, added.supervisorMode, added.displayName], ['supervisor', 'barge', 'Ana Ruiz']);
    await provider.disconnect();
  });
});

describe('connect supervisor', () => {
  it('offers listen and barge, not whisper', async () => {
    const { provider } = await connected();
    assert.deepEqual(provider.capabilities.supervisor, { listen: true, whisper: false, barge: true });
    assert.equal(canRun(provider.capabilities, { type: 'set-monitor-mode', callId: 'm1', mode: 'whisper' }), false);
    await assert.rejects(runCommand(provider, { type: 'monitor', teamCallId: 'm1', mode: 'whisper' }), (error: unknown) => error instanceof ProviderError && error.code === 'unsupported');
    await assert.rejects(provider.setMonitorMode('m1', 'whisper'), (error: unknown) => error instanceof ProviderError && error.code === 'unsupported' && /no whisper/.test(error.message));
    await provider.disconnect();
  });

  it('a monitoring contact is a monitoring leg, not a ringing call: listen → barge → listen → leave, no log', async () => {
    const { provider, streams, events, sequence } = await connected();
    const contact = streams.monitor('Sam Lee', '+14155550142');
    const monitoring = events.find((event) => event.type === 'monitoring');
    assert.deepEqual(monitoring && { ...monitoring, at: 0 }, { type: 'monitoring', callId: contact.id, at: 0, teamCallId: contact.id, mode: 'listen', agent: 'Sam Lee', remote: '+14155550142' });
    await runCommand(provider, { type: 'set-monitor-mode', callId: contact.id, mode: 'barge' });
    assert.equal(contact.agentLeg.monitorStatus, 'BARGE');
    assert.equal(await provider.monitor(contact.id, 'listen'), contact.id);
    assert.equal(contact.agentLeg.state, 'silent_monitor');
    await assert.rejects(provider.hold(contact.id), (error: unknown) => error instanceof ProviderError && error.code === 'invalid-state' && /you are monitoring it/.test(error.message));
    await assert.rejects(provider.monitor('not-monitored', 'listen'), /real-time metrics/);
    await provider.hangup(contact.id);
    assert.deepEqual(sequence(contact.id), ['monitoring:listen', 'monitoring:barge', 'monitoring:listen', 'ended:hangup-local']);
    const { state, effects } = runReducer(events, OPTIONS);
    assert.deepEqual(saves(effects), [], 'a monitoring leg is not logged');
    assert.equal(state.recent[0]?.outcome, 'Monitored');
    await provider.disconnect();
  });

  it('barge outside the supervisor’s security profile is refused, saying what to do', async () => {
    const { provider, streams } = await connected();
    const contact = streams.monitor('Sam Lee', '+14155550142', { allowed: ['SILENT_MONITOR'] });
    await assert.rejects(provider.setMonitorMode(contact.id, 'barge'), (error: unknown) => error instanceof ProviderError && error.code === 'rejected' && /security profile does not allow barging in/.test(error.message));
    assert.equal(contact.agentLeg.monitorStatus, 'SILENT_MONITOR');
    await provider.disconnect();
  });
});
