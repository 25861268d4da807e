import type { CallEvent, TelephonyProvider } from '../../core/index.js';
import { DEFAULT_CONFORMANCE_TIMEOUTS } from './driver.js';
import { answered, connected, ensure, hangUp, nodeHandles, rejectsWith, sleep, TEST_CALLER, withTimeout, type ConformanceCheck } from './harness.js';
import { multiPartyChecks } from './multi-party-checks.js';
import { EventRecorder } from './recorder.js';

export type { ConformanceCheck } from './harness.js';

/** Checks a toggle pair (hold/resume, mute/unmute): advertised → events, otherwise `unsupported`. */
function toggle(capability: 'hold' | 'mute', on: 'hold' | 'mute', off: 'resume' | 'unmute', onEvent: CallEvent['type'], offEvent: CallEvent['type']): ConformanceCheck {
  return connected(`${on}/${off}: works if advertised, rejects "unsupported" otherwise`, async (h) => {
    const callId = await answered(h);
    if (h.provider.capabilities[capability]) {
      await h.provider[on](callId);
      await h.expect(callId, onEvent);
      await h.provider[off](callId);
      await h.expect(callId, offEvent);
    } else {
      await rejectsWith(`${on}()`, () => h.provider[on](callId), 'unsupported');
      await rejectsWith(`${off}()`, () => h.provider[off](callId), 'unsupported');
    }
    await hangUp(h, callId);
  });
}

const CALL_COMMANDS = ['answer', 'decline', 'hangup', 'hold', 'resume', 'mute', 'unmute'] as const;

/** Every check of the provider contract, in the order the suite runs them. */
export const conformanceChecks: readonly ConformanceCheck[] = [
  connected('connect(): health becomes "ready" and is reported as provider-state', async (h) => {
    ensure(h.provider.health === 'ready', `health after connect() must be "ready", got "${h.provider.health}"`);
    const states = h.recorder.events.flatMap((event) => (event.type === 'provider-state' ? [event.health] : []));
    ensure(states.at(-1) === 'ready', `the last provider-state event must be "ready", got ${states.join(' → ') || 'none'}`);
  }),
  connected('inbound, answered, caller hangs up: ringing → connected → ended(hangup-remote)', async (h) => {
    const ringing = await h.ringing();
    ensure(ringing.from.replace(/[^\d+]/g, '').endsWith(TEST_CALLER.from.slice(2)), `ringing.from must be the caller's number ${TEST_CALLER.from}, got "${ringing.from}"`);
    const data = h.options.callData === false ? undefined : (h.options.callData ?? { account: 'ACME-42' });
    for (const [key, value] of Object.entries(data ?? {})) {
      ensure(ringing.data?.[key] === value, `ringing.data.${key} must carry the caller data "${value}", got ${JSON.stringify(ringing.data ?? null)}`);
    }
    await h.provider.answer(ringing.callId);
    await h.expect(ringing.callId, 'connected');
    await h.driver.remoteHangup(ringing.callId);
    await h.expect(ringing.callId, 'ended');
    h.assertSequence(ringing.callId, ['ringing', 'connected', 'ended:hangup-remote']);
  }),
  connected('inbound, answered, agent hangs up: ringing → connected → ended(hangup-local)', async (h) => {
    const callId = await answered(h);
    await hangUp(h, callId);
    h.assertSequence(callId, ['ringing', 'connected', 'ended:hangup-local']);
  }),
  connected('inbound, declined: ringing → ended(rejected)', async (h) => {
    const ringing = await h.ringing();
    await h.provider.decline(ringing.callId);
    await h.expect(ringing.callId, 'ended');
    h.assertSequence(ringing.callId, ['ringing', 'ended:rejected']);
  }),
  connected(
    'inbound, nobody answers: ringing → ended(missed)',
    async (h) => {
      const ringing = await h.ringing();
      await h.driver.ringOut?.(ringing.callId);
      await h.expect(ringing.callId, 'ended');
      h.assertSequence(ringing.callId, ['ringing', 'ended:missed']);
    },
    (_caps, driver) => (driver.ringOut ? undefined : 'the driver cannot let a call ring out (no ringOut)'),
  ),
  connected('inbound, caller abandons while ringing: ringing → ended(hangup-remote | missed)', async (h) => {
    const ringing = await h.ringing();
    await h.driver.remoteHangup(ringing.callId);
    await h.expect(ringing.callId, 'ended');
    const got = h.recorder.sequence(ringing.callId).join(' → ');
    ensure(got === 'ringing → ended:hangup-remote' || got === 'ringing → ended:missed', `expected ringing → ended(hangup-remote or missed), got ${got}`);
  }),
  connected(
    'outbound, answered: dial() → dialing → connected → ended(hangup-local)',
    async (h) => {
      if (!h.provider.capabilities.outbound) {
        await rejectsWith('dial()', () => h.provider.dial(h.options.dialTarget ?? '+14155550199'), 'unsupported');
        return;
      }
      const callId = await h.provider.dial(h.options.dialTarget ?? '+14155550199');
      ensure(typeof callId === 'string' && callId !== '', 'dial() must resolve with the call id');
      await h.expect(callId, 'dialing');
      await h.driver.remoteAnswer?.(callId);
      await h.expect(callId, 'connected');
      await hangUp(h, callId);
      h.assertSequence(callId, ['dialing', 'connected', 'ended:hangup-local']);
    },
    (caps, driver) => (caps.outbound && !driver.remoteAnswer ? 'the driver cannot answer outbound calls (no remoteAnswer)' : undefined),
  ),
  connected(
    'outbound, callee declines: dialing → ended(rejected)',
    async (h) => {
      const callId = await h.provider.dial(h.options.dialTarget ?? '+14155550199');
      await h.expect(callId, 'dialing');
      await h.driver.remoteReject?.(callId);
      await h.expect(callId, 'ended');
      h.assertSequence(callId, ['dialing', 'ended:rejected']);
    },
    (caps, driver) => (!caps.outbound ? 'outbound calls are not advertised' : driver.remoteReject ? undefined : 'the driver has no remoteReject'),
  ),
  connected(
    'outbound, network failure: dialing → ended(failed) with a message',
    async (h) => {
      const callId = await h.provider.dial(h.options.failTarget ?? h.options.dialTarget ?? '+14155550199');
      await h.expect(callId, 'dialing');
      await h.driver.failOutbound?.(callId);
      const ended = await h.expect(callId, 'ended');
      h.assertSequence(callId, ['dialing', 'ended:failed']);
      ensure(ended.type === 'ended' && typeof ended.message === 'string' && ended.message !== '', 'a failed call must say why in ended.message');
    },
    (caps, driver, options) => (!caps.outbound ? 'outbound calls are not advertised' : driver.failOutbound || options.failTarget ? undefined : 'the driver has no failOutbound and no failTarget is given'),
  ),
  toggle('hold', 'hold', 'resume', 'held', 'resumed'),
  toggle('mute', 'mute', 'unmute', 'muted', 'unmuted'),
  connected('DTMF: digits are sent if advertised (bad digits rejected), "unsupported" otherwise', async (h) => {
    const callId = await answered(h);
    if (h.provider.capabilities.dtmf) {
      await h.provider.sendDtmf(callId, '12#*');
      await rejectsWith('sendDtmf("12x")', () => h.provider.sendDtmf(callId, '12x'), 'invalid-argument');
    } else {
      await rejectsWith('sendDtmf()', () => h.provider.sendDtmf(callId, '1'), 'unsupported');
    }
    await hangUp(h, callId);
  }),
  ...(['blind', 'consult'] as const).map((mode) =>
    connected(`${mode} transfer: transferred → ended(transferred) if advertised, "unsupported" otherwise`, async (h) => {
      const callId = await answered(h);
      if (h.provider.capabilities.transfer[mode]) {
        await h.provider.transfer(callId, '+14155550123', mode);
        await h.expect(callId, 'transferred');
        await h.expect(callId, 'ended');
        // An attended transfer may hold the caller while the agent consults the target.
        const held = mode === 'consult' && h.recorder.sequence(callId).includes('held') ? ['held'] : [];
        h.assertSequence(callId, ['ringing', 'connected', ...held, 'transferred', 'ended:transferred']);
      } else {
        await rejectsWith(`transfer(…, "${mode}")`, () => h.provider.transfer(callId, '+14155550123', mode), 'unsupported');
        await hangUp(h, callId);
      }
    }),
  ),
  connected('presence: setPresence() is confirmed by presence-changed if advertised, "unsupported" otherwise', async (h) => {
    if (!h.provider.capabilities.presence) {
      await rejectsWith('setPresence()', () => h.provider.setPresence('busy'), 'unsupported');
      return;
    }
    for (const status of ['busy', 'available'] as const) {
      await h.provider.setPresence(status);
      await h.recorder.next(`presence-changed "${status}"`, (event) => event.type === 'presence-changed' && event.status === status, h.timeouts.event);
    }
  }),
  connected('commands on an unknown call reject with "unknown-call"', async (h) => {
    for (const command of CALL_COMMANDS) await rejectsWith(`${command}("no-such-call")`, () => h.provider[command]('no-such-call'), 'unknown-call');
    await rejectsWith('sendDtmf("no-such-call")', () => h.provider.sendDtmf('no-such-call', '1'), 'unknown-call', 'unsupported');
    await rejectsWith('transfer("no-such-call")', () => h.provider.transfer('no-such-call', '+14155550123', 'blind'), 'unknown-call', 'unsupported');
  }),
  connected('commands on an ended call reject with "unknown-call" or "invalid-state"', async (h) => {
    const callId = await answered(h);
    await hangUp(h, callId);
    for (const command of CALL_COMMANDS) await rejectsWith(`${command}() on an ended call`, () => h.provider[command](callId), 'unknown-call', 'invalid-state');
    await rejectsWith('sendDtmf() on an ended call', () => h.provider.sendDtmf(callId, '1'), 'unknown-call', 'invalid-state', 'unsupported');
    await sleep(h.timeouts.quiet);
    h.assertSequence(callId, ['ringing', 'connected', 'ended:hangup-local']);
  }),
  ...multiPartyChecks,
  connected(
    'transport drop: health ready → reconnecting → ready',
    async (h) => {
      h.recorder.skip();
      await h.driver.dropTransport?.();
      await h.recorder.next('provider-state "reconnecting"', (event) => event.type === 'provider-state' && event.health === 'reconnecting', h.timeouts.event);
      await h.recorder.next('provider-state "ready" after reconnecting', (event) => event.type === 'provider-state' && event.health === 'ready', h.timeouts.reconnect);
      ensure(h.provider.health === 'ready', `health must be "ready" again, got "${h.provider.health}"`);
      const callId = await answered(h);
      await hangUp(h, callId);
    },
    (_caps, driver) => (driver.dropTransport ? undefined : 'the driver cannot drop the transport (no dropTransport)'),
  ),
  {
    name: 'disconnect(): no timers, sockets or listeners left, no events afterwards, commands reject',
    async run(options) {
      const timeouts = { ...DEFAULT_CONFORMANCE_TIMEOUTS, ...options.timeouts };
      const count = async (): Promise<number> => (options.driver.openHandles ? options.driver.openHandles() : nodeHandles());
      await sleep(timeouts.quiet);
      const before = await count();
      const provider: TelephonyProvider = await options.createProvider();
      const recorder = new EventRecorder();
      try {
        await withTimeout(provider.connect(recorder.context), timeouts.reconnect, 'connect()');
        await provider.disconnect();
        ensure(provider.health === 'disconnected', `health after disconnect() must be "disconnected", got "${provider.health}"`);
        const emitted = recorder.events.length;
        let after = await count();
        for (const started = Date.now(); after > before && Date.now() - started < timeouts.event; after = await count()) await sleep(25);
        ensure(after <= before, `disconnect() left ${after - before} open handle(s) (before connect: ${before}, after disconnect: ${after})`);
        await sleep(timeouts.quiet);
        ensure(recorder.events.length === emitted, `the provider emitted after disconnect(): ${recorder.events.slice(emitted).map((e) => e.type).join(', ')}`);
        await rejectsWith('answer() after disconnect()', () => provider.answer('any'), 'not-connected', 'unknown-call');
        await rejectsWith('dial() after disconnect()', () => provider.dial('+14155550199'), 'not-connected', 'unsupported');
      } finally {
        await provider.disconnect().catch(() => undefined);
        await options.driver.reset?.();
      }
    },
  },
];
