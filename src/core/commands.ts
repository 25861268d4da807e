import type { AgentStatus, CallData, CallId, ParticipantId, ParticipantMode, RecordRef, SupervisorMode } from './events.js';
import { ProviderError, type ProviderCapabilities, type TelephonyProvider } from './provider.js';

/** What the agent or the host asks the telephony system to do. */
export type Command =
  | { readonly type: 'answer' | 'decline' | 'hangup' | 'hold' | 'resume' | 'mute' | 'unmute'; readonly callId: CallId }
  | { readonly type: 'dtmf'; readonly callId: CallId; readonly digits: string }
  | { readonly type: 'dial'; readonly to: string; readonly record?: RecordRef }
  | { readonly type: 'transfer'; readonly callId: CallId; readonly to: string; readonly mode: 'blind' | 'consult' }
  | { readonly type: 'set-presence'; readonly status: AgentStatus }
  /** Calls someone into the call: privately (`consult`, the customer is held) or into the conference. */
  | { readonly type: 'add-participant'; readonly callId: CallId; readonly to: string; readonly mode: ParticipantMode; readonly role?: 'agent' | 'external'; readonly data?: CallData }
  /** `swap`: talk to the held side instead; `merge`: everyone into the conference; `complete-transfer`: the agent leaves, the others stay. */
  | { readonly type: 'swap' | 'merge' | 'complete-transfer'; readonly callId: CallId }
  | { readonly type: 'hold-participant' | 'resume-participant' | 'remove-participant'; readonly callId: CallId; readonly participantId: ParticipantId }
  /** A supervisor joins a team call (`TeamCall.callId`) in a mode. */
  | { readonly type: 'monitor'; readonly teamCallId: CallId; readonly mode: SupervisorMode }
  /** A supervisor changes mode on their monitoring leg (`callId`); `hangup` leaves. */
  | { readonly type: 'set-monitor-mode'; readonly callId: CallId; readonly mode: SupervisorMode }
  /** Starts (`on: true`) or stops recording the call, where the phone system records. */
  | { readonly type: 'record'; readonly callId: CallId; readonly on: boolean };

/** Whether the provider's capabilities cover a command (what the UI and the hosts offer). */
export function canRun(capabilities: ProviderCapabilities, command: Command): boolean {
  switch (command.type) {
    case 'add-participant':
      return command.mode === 'consult' ? capabilities.transfer.consult : capabilities.conference;
    case 'swap':
    case 'complete-transfer':
      return capabilities.transfer.consult;
    case 'merge':
      return capabilities.conference;
    case 'hold-participant':
    case 'resume-participant':
    case 'remove-participant':
      return capabilities.conference || capabilities.transfer.consult;
    case 'monitor':
    case 'set-monitor-mode':
      return capabilities.supervisor?.[command.mode] ?? false;
    case 'record':
      return capabilities.recording;
    default:
      return true;
  }
}

/** The provider's method for a multi-party command, or a rejection naming what is not supported. */
function multiParty<Method extends (...args: never[]) => Promise<unknown>>(provider: TelephonyProvider, command: Command, method: Method | undefined, what: string): Method {
  if (!method || !canRun(provider.capabilities, command)) throw new ProviderError('unsupported', `The ${provider.id} provider does not support ${what}.`);
  return method.bind(provider) as Method;
}

/**
 * Carries out one command on a provider. Resolves with the new call's id for `dial`, the
 * participant's id for `add-participant` and the supervisor's leg id for `monitor`. A multi-party
 * command outside the provider's capabilities, or that it does not implement, rejects with
 * `ProviderError` `unsupported`.
 */
export async function runCommand(provider: TelephonyProvider, command: Command): Promise<CallId | undefined> {
  switch (command.type) {
    case 'answer':
      return void (await provider.answer(command.callId));
    case 'decline':
      return void (await provider.decline(command.callId));
    case 'hangup':
      return void (await provider.hangup(command.callId));
    case 'hold':
      return void (await provider.hold(command.callId));
    case 'resume':
      return void (await provider.resume(command.callId));
    case 'mute':
      return void (await provider.mute(command.callId));
    case 'unmute':
      return void (await provider.unmute(command.callId));
    case 'dtmf':
      return void (await provider.sendDtmf(command.callId, command.digits));
    case 'dial':
      return provider.dial(command.to);
    case 'transfer':
      return void (await provider.transfer(command.callId, command.to, command.mode));
    case 'set-presence':
      return void (await provider.setPresence(command.status));
    case 'add-participant':
      return multiParty(provider, command, provider.addParticipant, command.mode === 'consult' ? 'consulting' : 'conferencing')(command.callId, command.to, { mode: command.mode, ...(command.role ? { role: command.role } : {}), ...(command.data ? { data: command.data } : {}) });
    case 'swap':
      return void (await multiParty(provider, command, provider.swap, 'swapping calls')(command.callId));
    case 'merge':
      return void (await multiParty(provider, command, provider.merge, 'merging calls')(command.callId));
    case 'complete-transfer':
      return void (await multiParty(provider, command, provider.completeTransfer, 'warm transfers')(command.callId));
    case 'hold-participant':
      return void (await multiParty(provider, command, provider.holdParticipant, 'holding a participant')(command.callId, command.participantId));
    case 'resume-participant':
      return void (await multiParty(provider, command, provider.resumeParticipant, 'resuming a participant')(command.callId, command.participantId));
    case 'remove-participant':
      return void (await multiParty(provider, command, provider.removeParticipant, 'removing a participant')(command.callId, command.participantId));
    case 'monitor':
      return multiParty(provider, command, provider.monitor, `supervisor ${command.mode}`)(command.teamCallId, command.mode);
    case 'set-monitor-mode':
      return void (await multiParty(provider, command, provider.setMonitorMode, `supervisor ${command.mode}`)(command.callId, command.mode));
    case 'record':
      return void (await multiParty(provider, command, provider.setRecording, 'recording')(command.callId, command.on));
  }
}
