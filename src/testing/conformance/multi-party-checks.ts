/**
 * The multi-party part of the contract: consult, swap, merge, complete transfer, per-participant
 * commands and supervisor monitoring. Each check keys off `capabilities` alone: what a provider
 * advertises must work and be reported by its events; what it does not must reject `unsupported`.
 */
import { canRun, type CallEvent, type CallId, type Command, type ParticipantId, type ProviderCapabilities, type SupervisorMode } from '../../core/index.js';
import type { ConformanceDriver } from './driver.js';
import { answered, connected, ensure, hangUp, rejectsWith, sleep, type ConformanceCheck, type ConformanceHarness } from './harness.js';

const SUPERVISOR_MODES: readonly SupervisorMode[] = ['listen', 'whisper', 'barge'];
const DEFAULT_TARGET = '+14155550177';

const target = (h: ConformanceHarness): string => h.options.participantTarget ?? DEFAULT_TARGET;
const consults = (caps: ProviderCapabilities): boolean => caps.transfer.consult;
const supervises = (caps: ProviderCapabilities): SupervisorMode[] => SUPERVISOR_MODES.filter((mode) => caps.supervisor?.[mode]);

/** Skips a check whose capability is advertised but whose far end the driver cannot play. */
const needs =
  (advertised: (caps: ProviderCapabilities) => boolean, hook: keyof ConformanceDriver) =>
  (caps: ProviderCapabilities, driver: ConformanceDriver): string | undefined =>
    advertised(caps) && !driver[hook] ? `the driver cannot play the far end (no ${hook})` : undefined;

/** A participant event of `callId` about `participantId`. */
const about =
  (callId: CallId, type: CallEvent['type'], participantId: ParticipantId) =>
  (event: CallEvent): boolean =>
    event.type === type && 'participantId' in event && event.participantId === participantId && event.callId === callId;

/** Waits for every event in `wanted` emitted since `from`, in any order (a provider may send a swap's two halves either way). */
async function all(h: ConformanceHarness, from: number, wanted: ReadonlyArray<readonly [string, (event: CallEvent) => boolean]>): Promise<void> {
  for (const [what, match] of wanted) {
    if (!h.recorder.events.slice(from).some(match)) await h.recorder.next(what, match, h.timeouts.event);
  }
}

/** The provider's method for a command it advertises; failing the check, naming it, when it has none. */
function method<K extends 'addParticipant' | 'swap' | 'merge' | 'completeTransfer' | 'holdParticipant' | 'resumeParticipant' | 'removeParticipant' | 'monitor' | 'setMonitorMode'>(
  h: ConformanceHarness,
  name: K,
): NonNullable<ConformanceHarness['provider'][K]> {
  const found = h.provider[name];
  ensure(typeof found === 'function', `${name}() must be implemented: the capabilities advertise it`);
  return (found as (...args: never[]) => unknown).bind(h.provider) as NonNullable<ConformanceHarness['provider'][K]>;
}

/** Each command that the capabilities do not cover must reject `unsupported` (or be absent: the connector then refuses it). */
async function refusesUnadvertised(h: ConformanceHarness, callId: CallId, commands: readonly Command[]): Promise<void> {
  const p = h.provider;
  for (const command of commands) {
    if (canRun(p.capabilities, command)) continue;
    const call: Record<string, (() => Promise<unknown>) | undefined> = {
      'add-participant': command.type === 'add-participant' && p.addParticipant ? () => p.addParticipant!(callId, target(h), { mode: command.mode }) : undefined,
      swap: p.swap && (() => p.swap!(callId)),
      merge: p.merge && (() => p.merge!(callId)),
      'complete-transfer': p.completeTransfer && (() => p.completeTransfer!(callId)),
      'hold-participant': p.holdParticipant && (() => p.holdParticipant!(callId, 'p1')),
      'resume-participant': p.resumeParticipant && (() => p.resumeParticipant!(callId, 'p1')),
      'remove-participant': p.removeParticipant && (() => p.removeParticipant!(callId, 'p1')),
      monitor: command.type === 'monitor' && p.monitor ? () => p.monitor!(callId, command.mode) : undefined,
      'set-monitor-mode': command.type === 'set-monitor-mode' && p.setMonitorMode ? () => p.setMonitorMode!(callId, command.mode) : undefined,
    };
    const run = call[command.type];
    if (run) await rejectsWith(`${command.type}${'mode' in command ? ` (${command.mode})` : ''} without the capability`, run, 'unsupported');
  }
}

/** Adds a participant and waits until they are announced; resolves with their id. */
async function add(h: ConformanceHarness, callId: CallId, mode: 'consult' | 'conference'): Promise<ParticipantId> {
  const participantId = await method(h, 'addParticipant')(callId, target(h), { mode });
  ensure(typeof participantId === 'string' && participantId !== '', 'addParticipant() must resolve with the participant id');
  const added = await h.recorder.next(`"participant-added" ${participantId} on call ${callId}`, about(callId, 'participant-added', participantId), h.timeouts.event);
  ensure(added.type === 'participant-added' && added.mode === mode, `participant-added must say mode "${mode}", got ${JSON.stringify(added)}`);
  return participantId;
}

/** The far end of a participant answers; resolves once `participant-connected` came. */
async function answer(h: ConformanceHarness, callId: CallId, participantId: ParticipantId): Promise<void> {
  const from = h.recorder.events.length;
  await h.driver.answerParticipant?.(callId, participantId);
  await all(h, from, [[`"participant-connected" ${participantId}`, about(callId, 'participant-connected', participantId)]]);
}

/** After its `ended`, a call stays silent, and it ended exactly once. */
async function endedOnce(h: ConformanceHarness, callId: CallId, reason: string): Promise<void> {
  await sleep(h.timeouts.quiet);
  const sequence = h.recorder.sequence(callId);
  const ends = sequence.filter((entry) => entry.startsWith('ended'));
  ensure(ends.length === 1 && ends[0] === `ended:${reason}` && sequence.at(-1) === ends[0], `call ${callId} must end once with "${reason}" and emit nothing after; got ${sequence.join(' → ')}`);
}

/** The multi-party checks, in the order the suite runs them. */
export const multiPartyChecks: readonly ConformanceCheck[] = [
  connected(
    'consult: customer held, participant added → connected; swap; complete transfer → transferred → ended(transferred) if advertised, "unsupported" otherwise',
    async (h) => {
      const callId = await answered(h);
      if (!consults(h.provider.capabilities)) {
        await refusesUnadvertised(h, callId, [
          { type: 'add-participant', callId, to: target(h), mode: 'consult' },
          { type: 'swap', callId },
          { type: 'complete-transfer', callId },
        ]);
        return hangUp(h, callId);
      }
      const participantId = await add(h, callId, 'consult');
      const sequence = h.recorder.sequence(callId);
      ensure(sequence.indexOf('held') >= 0 && sequence.indexOf('held') < sequence.indexOf('participant-added'), `a consultation holds the customer first: expected "held" before "participant-added", got ${sequence.join(' → ')}`);
      await answer(h, callId, participantId);
      for (const [customer, participant] of [['resumed', 'participant-held'], ['held', 'participant-resumed']] as const) {
        const from = h.recorder.events.length;
        await method(h, 'swap')(callId);
        await all(h, from, [
          [`"${customer}" on call ${callId} after swap()`, (event) => event.type === customer && 'callId' in event && event.callId === callId],
          [`"${participant}" ${participantId} after swap()`, about(callId, participant, participantId)],
        ]);
      }
      if (h.provider.capabilities.conference) {
        await method(h, 'merge')(callId);
        await h.expect(callId, 'conferenced');
      }
      await method(h, 'completeTransfer')(callId);
      await h.expect(callId, 'transferred');
      await h.expect(callId, 'ended');
      await endedOnce(h, callId, 'transferred');
    },
    needs(consults, 'answerParticipant'),
  ),
  connected(
    'conference: participant added → connected; merge → conferenced if advertised, "unsupported" otherwise',
    async (h) => {
      const callId = await answered(h);
      if (!h.provider.capabilities.conference) {
        await refusesUnadvertised(h, callId, [
          { type: 'add-participant', callId, to: target(h), mode: 'conference' },
          { type: 'merge', callId },
        ]);
        return hangUp(h, callId);
      }
      const participantId = await add(h, callId, 'conference');
      await answer(h, callId, participantId);
      await method(h, 'merge')(callId);
      await h.expect(callId, 'conferenced');
      await hangUp(h, callId);
      await endedOnce(h, callId, 'hangup-local');
    },
    needs((caps) => caps.conference, 'answerParticipant'),
  ),
  connected(
    'participants: hold/resume/remove one; far end rejects or hangs up → participant-left, if consult or conference is advertised, "unsupported" otherwise',
    async (h) => {
      const callId = await answered(h);
      const caps = h.provider.capabilities;
      if (!caps.conference && !caps.transfer.consult) {
        await refusesUnadvertised(h, callId, (['hold-participant', 'resume-participant', 'remove-participant'] as const).map((type) => ({ type, callId, participantId: 'p1' })));
        return hangUp(h, callId);
      }
      const mode = caps.conference ? 'conference' : 'consult';
      const participantId = await add(h, callId, mode);
      await answer(h, callId, participantId);
      await method(h, 'holdParticipant')(callId, participantId);
      await h.recorder.next(`"participant-held" ${participantId}`, about(callId, 'participant-held', participantId), h.timeouts.event);
      await method(h, 'resumeParticipant')(callId, participantId);
      await h.recorder.next(`"participant-resumed" ${participantId}`, about(callId, 'participant-resumed', participantId), h.timeouts.event);
      await method(h, 'removeParticipant')(callId, participantId);
      const removed = await h.recorder.next(`"participant-left" ${participantId} after removeParticipant()`, about(callId, 'participant-left', participantId), h.timeouts.event);
      ensure(removed.type === 'participant-left' && removed.reason === 'removed', `a removed participant leaves with reason "removed", got ${JSON.stringify(removed)}`);
      if (h.driver.rejectParticipant) {
        const busy = await add(h, callId, mode);
        await h.driver.rejectParticipant(callId, busy);
        await h.recorder.next(`"participant-left" ${busy} after the far end rejected`, about(callId, 'participant-left', busy), h.timeouts.event);
      }
      if (h.driver.hangupParticipant) {
        const gone = await add(h, callId, mode);
        await answer(h, callId, gone);
        await h.driver.hangupParticipant(callId, gone);
        const left = await h.recorder.next(`"participant-left" ${gone} after the far end hung up`, about(callId, 'participant-left', gone), h.timeouts.event);
        ensure(left.type === 'participant-left' && left.reason === 'hangup', `a participant who hangs up leaves with reason "hangup", got ${JSON.stringify(left)}`);
      }
      await hangUp(h, callId);
      await endedOnce(h, callId, 'hangup-local');
    },
    needs((caps) => caps.conference || caps.transfer.consult, 'answerParticipant'),
  ),
  connected(
    'supervisor: team-calls lists a team call; monitor → monitoring; each advertised mode → monitoring; hangup leaves; "unsupported" for modes not advertised',
    async (h) => {
      const modes = supervises(h.provider.capabilities);
      const unadvertised = SUPERVISOR_MODES.filter((mode) => !modes.includes(mode));
      if (modes.length === 0) {
        const callId = await answered(h);
        await refusesUnadvertised(h, callId, [
          ...SUPERVISOR_MODES.map((mode): Command => ({ type: 'monitor', teamCallId: callId, mode })),
          ...SUPERVISOR_MODES.map((mode): Command => ({ type: 'set-monitor-mode', callId, mode })),
        ]);
        return hangUp(h, callId);
      }
      h.recorder.skip();
      await h.driver.startTeamCall?.();
      const team = await h.recorder.next('"team-calls" listing a call', (event) => event.type === 'team-calls' && event.calls.length > 0, h.timeouts.event);
      const teamCallId = team.type === 'team-calls' ? (team.calls.at(-1)?.callId ?? '') : '';
      ensure(teamCallId !== '', 'team-calls must list the call with its callId');
      const first = modes[0] as SupervisorMode;
      const leg = await method(h, 'monitor')(teamCallId, first);
      ensure(typeof leg === 'string' && leg !== '', 'monitor() must resolve with the id of the supervisor’s leg');
      const started = await h.expect(leg, 'monitoring');
      ensure(started.type === 'monitoring' && started.mode === first && started.teamCallId === teamCallId, `monitoring must carry mode "${first}" and teamCallId ${teamCallId}, got ${JSON.stringify(started)}`);
      for (const mode of modes.slice(1)) {
        await method(h, 'setMonitorMode')(leg, mode);
        const changed = await h.expect(leg, 'monitoring');
        ensure(changed.type === 'monitoring' && changed.mode === mode, `setMonitorMode("${mode}") must be confirmed by monitoring with that mode, got ${JSON.stringify(changed)}`);
      }
      await refusesUnadvertised(h, leg, unadvertised.map((mode): Command => ({ type: 'set-monitor-mode', callId: leg, mode })));
      await hangUp(h, leg);
      h.assertSequence(leg, [...modes.map(() => 'monitoring'), 'ended:hangup-local']);
    },
    needs((caps) => supervises(caps).length > 0, 'startTeamCall'),
  ),
  // `monitor` is left out: its team call may be an address the provider cannot know (a SIP extension).
  connected('multi-party commands on an unknown call reject "unknown-call" ("unsupported" where not advertised)', async (h) => {
    const p = h.provider;
    const none = 'no-such-call';
    const codes = (command: Command) => (canRun(p.capabilities, command) ? (['unknown-call'] as const) : (['unsupported'] as const));
    const tries: Array<[Command, (() => Promise<unknown>) | undefined]> = [
      [{ type: 'add-participant', callId: none, to: target(h), mode: 'consult' }, p.addParticipant && (() => p.addParticipant!(none, target(h), { mode: 'consult' }))],
      [{ type: 'add-participant', callId: none, to: target(h), mode: 'conference' }, p.addParticipant && (() => p.addParticipant!(none, target(h), { mode: 'conference' }))],
      [{ type: 'swap', callId: none }, p.swap && (() => p.swap!(none))],
      [{ type: 'merge', callId: none }, p.merge && (() => p.merge!(none))],
      [{ type: 'complete-transfer', callId: none }, p.completeTransfer && (() => p.completeTransfer!(none))],
      [{ type: 'hold-participant', callId: none, participantId: 'p1' }, p.holdParticipant && (() => p.holdParticipant!(none, 'p1'))],
      [{ type: 'resume-participant', callId: none, participantId: 'p1' }, p.resumeParticipant && (() => p.resumeParticipant!(none, 'p1'))],
      [{ type: 'remove-participant', callId: none, participantId: 'p1' }, p.removeParticipant && (() => p.removeParticipant!(none, 'p1'))],
      ...SUPERVISOR_MODES.map((mode): [Command, (() => Promise<unknown>) | undefined] => [{ type: 'set-monitor-mode', callId: none, mode }, p.setMonitorMode && (() => p.setMonitorMode!(none, mode))]),
    ];
    for (const [command, run] of tries) if (run) await rejectsWith(`${command.type}("${none}")`, run, ...codes(command));
  }),
];
