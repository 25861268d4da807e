import type { AgentStatus, CallId, RecordRef } from './events.js';
import type { TelephonyProvider } from './provider.js';

/** What the agent or the host asks the telephony system to do. */
export type Command =
  | { readonly type: 'answer' | 'decline' | 'hangup' | 'hold' | 'resume' | 'mute' | 'unmute'; readonly callId: CallId }
  | { readonly type: 'dtmf'; readonly callId: CallId; readonly digits: string }
  | { readonly type: 'dial'; readonly to: string; readonly record?: RecordRef }
  | { readonly type: 'transfer'; readonly callId: CallId; readonly to: string; readonly mode: 'blind' | 'consult' }
  | { readonly type: 'set-presence'; readonly status: AgentStatus };

/** Carries out one command on a provider. Resolves with the new call's id for `dial`. */
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
  }
}
