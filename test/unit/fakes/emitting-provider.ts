import type { CallEvent, ProviderCapabilities, ProviderContext, ProviderHealth, TelephonyProvider } from '../../../src/core/index.js';

/**
 * A provider whose events the test emits with `emit`; its commands do nothing unless a subclass
 * plays the phone system's answers.
 */
export class EmittingProvider implements TelephonyProvider {
  readonly id: string = 'emitting';
  readonly capabilities: ProviderCapabilities = { outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: false }, conference: false, recording: false, presence: false };
  health: ProviderHealth = 'disconnected';
  private ctx?: ProviderContext;
  async connect(ctx: ProviderContext): Promise<void> {
    this.ctx = ctx;
    this.health = 'ready';
  }
  async disconnect(): Promise<void> {}
  emit(event: CallEvent): void {
    this.ctx!.emit(event);
  }
  answer = async (_callId: string): Promise<void> => undefined;
  decline = async (_callId: string): Promise<void> => undefined;
  hangup = async (_callId: string): Promise<void> => undefined;
  hold = async (_callId: string): Promise<void> => undefined;
  resume = async (_callId: string): Promise<void> => undefined;
  mute = async (_callId: string): Promise<void> => undefined;
  unmute = async (_callId: string): Promise<void> => undefined;
  sendDtmf = async (_callId: string, _digits: string): Promise<void> => undefined;
  dial = async (_to: string): Promise<string> => 'never';
  transfer = async (_callId: string, _to: string, _mode: 'blind' | 'consult'): Promise<void> => undefined;
  setPresence = async (): Promise<void> => undefined;
}
