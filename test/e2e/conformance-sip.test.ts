// The provider conformance kit against the SIP provider, with the real lab as the telephony system:
// Kamailio as registrar and proxy, and SIP user agents (the same provider, signalling only) as the
// callers and callees at the far end.
import { after, before } from 'node:test';
import { signallingOnly } from '../support/sip-node.js';
import type { CallId, ProviderContext } from '../../src/core/index.js';
import { startKamailio, type RunningKamailio } from '../../src/lab/kamailio.js';
import { SipProvider, sip, type SipProviderOptions } from '../../src/providers/sip/index.js';
import { conformanceSuite, type ConformanceDriver } from '../../src/testing/index.js';

const SIP_PORT = 15100;
const WS_PORT = 18128;
const SERVER = `ws://127.0.0.1:${WS_PORT}`;
/** Whom the kit adds as a participant (its default participant target). */
const PARTICIPANT = '+14155550177';
let kamailio: RunningKamailio;

function userAgent(user: string, extra: Partial<SipProviderOptions> = {}): SipProvider {
  return new SipProvider({
    ...sip({ server: SERVER, user, headersToScreenPop: ['X-Account'] }).options,
    userAgentOptions: { sessionDescriptionHandlerFactory: signallingOnly },
    reconnect: { baseMs: 100, maxMs: 500 },
    ...extra,
  });
}

/** A far-end user agent and the calls it has seen ring (by SIP Call-ID). */
interface FarEnd {
  readonly provider: SipProvider;
  readonly ringing: Set<CallId>;
}
const farEnds = new Map<string, FarEnd>();
const owner = new Map<CallId, FarEnd>();

async function farEnd(user: string, displayName?: string, autoAnswer = false): Promise<FarEnd> {
  const known = farEnds.get(user);
  if (known) return known;
  const ringing = new Set<CallId>();
  const provider = userAgent(user, displayName ? { displayName } : {});
  const end: FarEnd = { provider, ringing };
  const ctx: ProviderContext = {
    now: Date.now,
    emit: (event) => {
      if (event.type === 'ringing') {
        ringing.add(event.callId);
        owner.set(event.callId, end);
        if (autoAnswer) void provider.answer(event.callId).catch(() => undefined);
      }
    },
  };
  await provider.connect(ctx);
  farEnds.set(user, end);
  return end;
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const driver: ConformanceDriver = {
  async ring(call) {
    const end = await farEnd(call.from.replace(/[^\d+]/g, ''), call.displayName);
    // After a PBX restart the caller's phone re-registers too.
    await until(() => end.provider.health === 'ready', 'the caller to be registered', 10_000);
    const data = Object.fromEntries(Object.entries(call.data ?? {}).map(([key, value]) => [key.replace(/^X-/i, ''), value]));
    const callId = await end.provider.dial('agent1', Object.keys(data).length > 0 ? { data } : undefined);
    owner.set(callId, end);
  },
  async remoteHangup(callId) {
    await owner.get(callId)?.provider.hangup(callId);
  },
  // A caller who gives up before anyone answers (CANCEL): the agent missed the call.
  async ringOut(callId) {
    await owner.get(callId)?.provider.hangup(callId);
  },
  async remoteAnswer(callId) {
    const end = await farEnd('far');
    await until(() => end.ringing.has(callId), 'the callee to ring');
    await end.provider.answer(callId);
  },
  async remoteReject(callId) {
    const end = await farEnd('far');
    await until(() => end.ringing.has(callId), 'the callee to ring');
    await end.provider.decline(callId);
  },
  // A participant is a second dialog of the agent's: its id is that dialog's Call-ID, the far end's call id.
  async answerParticipant(_callId, participantId) {
    const end = await farEnd(PARTICIPANT);
    await until(() => end.ringing.has(participantId), 'the participant to ring');
    await end.provider.answer(participantId);
  },
  async rejectParticipant(_callId, participantId) {
    const end = await farEnd(PARTICIPANT);
    await until(() => end.ringing.has(participantId), 'the participant to ring');
    await end.provider.decline(participantId);
  },
  async hangupParticipant(_callId, participantId) {
    await (await farEnd(PARTICIPANT)).provider.hangup(participantId);
  },
  async dropTransport() {
    // The PBX restarts: every WebSocket is cut, registrations are lost.
    await kamailio.stop();
    kamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
  },
  async reset() {
    for (const [callId, end] of owner) await end.provider.hangup(callId).catch(() => undefined);
    owner.clear();
  },
};

before(async () => {
  kamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
  await farEnd('far');
  // The kit transfers to +14155550123: someone who picks up (the target of attended transfers).
  await farEnd('+14155550123', 'Transfer Target', true);
  await farEnd(PARTICIPANT, 'Participant');
});
after(async () => {
  for (const end of farEnds.values()) await end.provider.disconnect();
  await kamailio.stop();
});

conformanceSuite({
  name: 'sip',
  createProvider: () => userAgent('agent1'),
  driver,
  dialTarget: 'far',
  // Kamailio answers calls to this lab number 503 Service Unavailable (lab/kamailio.cfg).
  failTarget: 'out-of-service',
  callData: { 'X-Account': 'ACME-42' },
});
