/**
 * Multi-party calls of the SIP provider through the real lab, signalling only (no media in Node):
 * consult, swap, merge and complete transfer on the agent's two dialogs (REFER with Replaces), a
 * participant who is removed, never answers, or is dropped with the call; supervisor modes as the
 * PBX's feature codes, answered here by stand-in user agents registered under the codes. The audio
 * of a conference is proven in Chromium (sip-conference.test.ts).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { signallingOnly } from '../support/sip-node.js';
import { eventually } from './harness.js';
import type { CallEvent, CallId, ProviderContext } from '../../src/core/index.js';
import { startKamailio, type RunningKamailio } from '../../src/lab/kamailio.js';
import { SipProvider, sip, type SipConfigOptions } from '../../src/providers/sip/index.js';

const SIP_PORT = 15130;
const WS_PORT = 18158;

/** A registered user agent of the lab, its events, and the DTMF it received as SIP INFO. */
interface Phone {
  readonly provider: SipProvider;
  readonly events: CallEvent[];
  readonly digits: string[];
  /** The calls that rang here, by id, with the dialled user. */
  readonly rang: Map<CallId, string | undefined>;
}

const phones = new Set<Phone>();
let kamailio: RunningKamailio;

async function phone(user: string, options: { autoAnswer?: boolean; config?: Partial<SipConfigOptions> } = {}): Promise<Phone> {
  const digits: string[] = [];
  const provider = new SipProvider({
    ...sip({ server: `ws://127.0.0.1:${WS_PORT}`, user, dtmf: 'info', ...options.config }).options,
    userAgentOptions: { sessionDescriptionHandlerFactory: signallingOnly },
    onDtmfReceived: (_callId, digit) => digits.push(digit),
  });
  const events: CallEvent[] = [];
  const rang = new Map<CallId, string | undefined>();
  const ctx: ProviderContext = {
    now: Date.now,
    emit: (event) => {
      events.push(event);
      if (event.type !== 'ringing') return;
      rang.set(event.callId, event.to);
      if (options.autoAnswer) void provider.answer(event.callId).catch(() => undefined);
    },
  };
  await provider.connect(ctx);
  const created = { provider, events, digits, rang };
  phones.add(created);
  return created;
}

/** One kind of event (`participant-*` events share an interface, so not `Extract`). */
type EventOf<T extends CallEvent['type']> = CallEvent & { readonly type: T };

/** Waits for an event of `callId` (of any call when undefined) matching `type` and `match`. */
function event<T extends CallEvent['type']>(at: Phone, callId: CallId | undefined, type: T, match: (event: EventOf<T>) => boolean = () => true, timeoutMs = 8000): Promise<EventOf<T>> {
  return eventually(
    () => at.events.find((candidate): candidate is EventOf<T> => candidate.type === type && (callId === undefined || ('callId' in candidate && candidate.callId === callId)) && match(candidate as EventOf<T>)),
    timeoutMs,
    `${type} of ${callId ?? 'any call'}; seen ${JSON.stringify(at.events.filter((e) => e.type !== 'provider-state').map((e) => e.type))}`,
  );
}

/** The customer calls agent1, who answers: the agent's call id. */
async function answeredCall(agent: Phone, customer: Phone): Promise<CallId> {
  await customer.provider.dial('agent1');
  const ringing = await event(agent, undefined, 'ringing');
  await agent.provider.answer(ringing.callId);
  await event(agent, ringing.callId, 'connected');
  await event(customer, undefined, 'connected');
  return ringing.callId;
}

/** What the agent reported about one call, as `type` or `type:participant` strings. */
const sequence = (agent: Phone, callId: CallId) =>
  agent.events.filter((e) => 'callId' in e && e.callId === callId).map((e) => ('participantId' in e ? `${e.type}` : e.type === 'ended' ? `ended:${e.reason}` : e.type));

describe('SIP multi-party calls through Kamailio (signalling)', () => {
  before(async () => {
    kamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
  });
  afterEach(async () => {
    await Promise.allSettled([...phones].map((p) => p.provider.disconnect()));
    phones.clear();
  });
  after(async () => {
    await kamailio?.stop();
  });

  it('consult → swap → swap → merge → complete transfer: one call with a participant, then the customer and the colleague in a dialog of their own', async () => {
    const agent = await phone('agent1');
    const customer = await phone('+14155550142');
    const colleague = await phone('agent2', { autoAnswer: true });
    assert.deepEqual([agent.provider.capabilities.transfer.consult, agent.provider.capabilities.conference, agent.provider.capabilities.supervisor], [true, true, undefined]);
    const callId = await answeredCall(agent, customer);

    const participantId = await agent.provider.addParticipant(callId, 'agent2', { mode: 'consult', role: 'agent' });
    await event(agent, callId, 'participant-connected', (e) => e.participantId === participantId);
    const added = await event(agent, callId, 'participant-added');
    assert.deepEqual([added.participantId, added.role, added.number, added.mode], [participantId, 'agent', 'agent2', 'consult']);
    assert.equal(colleague.rang.size, 1, 'the colleague was called');

    await agent.provider.swap!(callId);
    await event(agent, callId, 'participant-held');
    await agent.provider.swap!(callId);
    await event(agent, callId, 'participant-resumed');
    await agent.provider.merge!(callId);
    await event(agent, callId, 'conferenced');
    await assert.rejects(agent.provider.swap!(callId), { name: 'ProviderError', code: 'invalid-state' });

    await agent.provider.completeTransfer!(callId);
    await event(agent, callId, 'ended');
    assert.deepEqual(sequence(agent, callId), [
      'ringing', 'connected',
      'held', 'participant-added', 'participant-ringing', 'participant-connected',
      'participant-held', 'resumed',
      'held', 'participant-resumed',
      'resumed', 'conferenced',
      'transferred', 'ended:transferred',
    ]);
    const transferred = await event(agent, callId, 'transferred');
    assert.equal(transferred.to, 'agent2');
    // The customer was REFERred: it calls the colleague with Replaces, and the colleague takes it in
    // place of the agent's dialog.
    const replaced = await event(customer, undefined, 'connected', (e) => e.callId !== agent.events.find((x) => x.type === 'ringing')?.callId);
    await event(colleague, replaced.callId, 'connected');
    await event(colleague, participantId, 'ended', (e) => e.reason === 'transferred');
    // Nothing of the agent's is left: only the customer's call was ever a call, and nothing followed its end.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const callIds = new Set(agent.events.flatMap((e) => ('callId' in e ? [e.callId] : [])));
    assert.deepEqual([...callIds], [callId]);
    assert.equal(sequence(agent, callId).at(-1), 'ended:transferred');
  });

  it('participants who are removed while ringing, never reached, and dropped with the call; an unknown participant is unknown', async () => {
    const agent = await phone('agent1');
    const customer = await phone('+14155550142');
    await phone('agent3');
    const callId = await answeredCall(agent, customer);
    // Rings (registered, never answers), then the agent gives up on them.
    const ringing = await agent.provider.addParticipant(callId, 'agent3', { mode: 'conference' });
    await event(agent, callId, 'participant-ringing', (e) => e.participantId === ringing);
    await agent.provider.removeParticipant!(callId, ringing);
    const removed = await event(agent, callId, 'participant-left', (e) => e.participantId === ringing);
    assert.equal(removed.reason, 'removed');
    // Nobody is registered as agent9: the lab answers 404.
    const missing = await agent.provider.addParticipant(callId, 'agent9', { mode: 'consult' });
    const failed = await event(agent, callId, 'participant-left', (e) => e.participantId === missing);
    assert.deepEqual([failed.reason, failed.message], ['failed', '404 Not Found']);
    await assert.rejects(agent.provider.removeParticipant!(callId, 'nobody'), { name: 'ProviderError', code: 'unknown-call' });
    await assert.rejects(agent.provider.merge!(callId), { name: 'ProviderError', code: 'invalid-state' });
    await assert.rejects(agent.provider.completeTransfer!(callId), { name: 'ProviderError', code: 'invalid-state' });
    // A participant still ringing when the customer hangs up leaves before the call ends.
    const late = await agent.provider.addParticipant(callId, 'agent3', { mode: 'consult' });
    await event(agent, callId, 'participant-ringing', (e) => e.participantId === late);
    await customer.provider.hangup(customer.events.find((e) => e.type === 'dialing')!.callId as string);
    await event(agent, callId, 'ended');
    assert.deepEqual(sequence(agent, callId).slice(-2), ['participant-left', 'ended:hangup-remote']);
    await assert.rejects(agent.provider.addParticipant(callId, 'agent3', { mode: 'consult' }), { name: 'ProviderError', code: 'unknown-call' });
  });

  it('supervisor: monitor dials the feature code for the extension; a mode change re-dials the new code under the same leg id, or sends the switch digits', async () => {
    const codes = { listen: '*44{extension}', whisper: '*45{extension}', barge: '*46{extension}' };
    // Stand-ins for the PBX's feature codes: they answer, which is all the lab can do.
    const listen = await phone('*44201', { autoAnswer: true });
    const whisper = await phone('*45201', { autoAnswer: true });
    const supervisor = await phone('super1', { config: { supervisorCodes: codes } });
    assert.deepEqual(supervisor.provider.capabilities.supervisor, { listen: true, whisper: true, barge: true });

    const legId = await supervisor.provider.monitor!('201', 'listen');
    const started = await event(supervisor, legId, 'monitoring');
    assert.deepEqual([started.teamCallId, started.mode, started.agent], ['201', 'listen', '201']);
    assert.deepEqual([...listen.rang.values()], ['*44201'], 'the INVITE went to the listen code with the extension');

    await supervisor.provider.setMonitorMode!(legId, 'whisper');
    await event(supervisor, legId, 'monitoring', (e) => e.mode === 'whisper');
    assert.deepEqual([...whisper.rang.values()], ['*45201']);
    await event(listen, [...listen.rang.keys()][0], 'ended', (e) => e.reason === 'hangup-remote');
    // No code answers for barge in the lab: the PBX's refusal is the leg's end.
    await assert.rejects(supervisor.provider.setMonitorMode!(legId, 'barge'), (error: Error & { code?: string }) => error.name === 'ProviderError' && error.code === 'unknown-call' && /\*46201 \(404 Not Found\)/.test(error.message));
    await event(supervisor, legId, 'ended', (e) => e.reason === 'failed');
    assert.deepEqual(sequence(supervisor, legId), ['monitoring', 'monitoring', 'ended:failed'], 'one leg id throughout');

    // A PBX that switches on DTMF (ChanSpy option d): the digits go on the live leg.
    const switching = await phone('super2', { config: { supervisorCodes: { ...codes, switchDigits: { whisper: '5', barge: '6' } } } });
    const leg = await switching.provider.monitor!('201', 'listen');
    await switching.provider.setMonitorMode!(leg, 'barge');
    await event(switching, leg, 'monitoring', (e) => e.mode === 'barge');
    await eventually(() => (listen.digits.join('') === '6' ? true : undefined), 3000, 'the barge digit at the PBX');
    await switching.provider.hangup(leg);
    await event(switching, leg, 'ended', (e) => e.reason === 'hangup-local');
    await assert.rejects(switching.provider.monitor!('201; drop', 'listen'), { name: 'ProviderError', code: 'invalid-argument' });
  });
});
