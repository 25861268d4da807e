import { ProviderError, type AgentStatus, type CallEvent, type CallId, type TelephonyProvider } from '../../core/index.js';
import { CallTable, toPhoneCall, type VoiceCallEntry } from './call-table.js';
import { VoiceHostError } from './errors.js';
import { scv, type ScvLibrary } from './library.js';
import type { VoicePublisher } from './publisher.js';
import { noVoiceCallSync, type VoiceCallSync } from './voice-call-sync.js';

type Lib<K extends keyof ScvLibrary> = ScvLibrary[K] extends abstract new (...args: never[]) => infer T ? T : never;
type PhoneCall = Lib<'PhoneCall'>;
type Contact = Lib<'Contact'>;

/** A transfer destination offered in Salesforce's transfer directory (`getPhoneContacts`). */
export interface VoiceDirectoryEntry {
  readonly id: string;
  readonly name: string;
  readonly phoneNumber: string;
}

/** Options of the Voice host. */
export interface VoiceConnectorOptions {
  readonly provider: TelephonyProvider;
  readonly publisher: VoicePublisher;
  /** The vendor server's VoiceCall life cycle (default: none, the telephony system does it). */
  readonly voiceCalls?: VoiceCallSync;
  readonly directory?: readonly VoiceDirectoryEntry[];
  /** Publish `AFTER_CALL_WORK_STARTED` when a call ends (default true). */
  readonly afterCallWork?: boolean;
  /**
   * Survives a page reload (the connector page's `sessionStorage`): a call's start, connect time
   * and hold statistics, which a provider's re-report of a live call cannot carry.
   */
  readonly memory?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** How long a command waits for the provider to confirm it (default 10 s). */
  readonly commandTimeoutMs?: number;
  readonly now?: () => number;
  /** Failures with no other place to go (a VoiceCall update that failed…). */
  readonly onError?: (error: unknown, context: string) => void;
}

/** A command waiting for its confirming events; it consumes each of `types` and resolves on the last. */
interface Waiter {
  readonly callId: CallId;
  readonly types: CallEvent['type'][];
  readonly resolve: (event: CallEvent) => void;
}

const STATUS_NAMES: Record<AgentStatus, string> = { available: 'Available', busy: 'Busy', offline: 'Offline' };

/**
 * A Salesforce Voice vendor connector over any {@link TelephonyProvider}. Salesforce calls these
 * methods through `@salesforce/scv-connector-base`; provider events that Salesforce did not ask
 * for are published with the library's events. A command's confirming event is consumed by the
 * command (the library publishes its result), so no event reaches Salesforce twice.
 */
export class VoiceVendorConnector implements Lib<'VendorConnector'> {
  readonly calls = new CallTable();
  private readonly provider: TelephonyProvider;
  private readonly publisher: VoicePublisher;
  private readonly sync: VoiceCallSync;
  private readonly options: VoiceConnectorOptions;
  private readonly now: () => number;
  private readonly waiters = new Set<Waiter>();
  /** Publications that must follow the library's own publication of a command's result. */
  private afterCommand: (() => void)[] = [];
  private readonly dialled = new Set<CallId>();
  private pendingDials = 0;
  private publishing: Promise<void> = Promise.resolve();
  private status: AgentStatus = 'offline';
  private connected = false;
  /** While `init` connects, live calls the provider re-reports are not published: CONNECTOR_READY carries them. */
  private initializing = false;

  constructor(options: VoiceConnectorOptions) {
    this.options = options;
    this.provider = options.provider;
    this.publisher = options.publisher;
    this.sync = options.voiceCalls ?? noVoiceCallSync;
    this.now = options.now ?? Date.now;
  }

  /** Connects the provider; live calls it re-reports (after a reload) are ready for `getActiveCalls`. */
  async init(_config: unknown): Promise<Lib<'InitResult'>> {
    if (!this.connected) {
      this.initializing = true;
      try {
        await this.provider.connect({ emit: (event) => this.onProviderEvent(event), now: this.now });
        this.connected = true;
        await this.publishing;
      } finally {
        this.initializing = false;
      }
    }
    return new scv.InitResult({});
  }

  async getActiveCalls(): Promise<Lib<'ActiveCallsResult'>> {
    await this.publishing;
    return new scv.ActiveCallsResult({ activeCalls: this.calls.live().map((call) => this.phoneCall(call)) });
  }

  async acceptCall(call: PhoneCall): Promise<Lib<'CallResult'>> {
    const entry = this.entry(call);
    try {
      await this.command(entry.callId, ['connected'], () => this.provider.answer(entry.callId));
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'media') {
        this.publisher.error('SOFTPHONE_ERROR', { type: 'MICROPHONE_NOT_SHARED', message: error.message });
      }
      throw error;
    }
    return new scv.CallResult({ call: this.phoneCall(entry) });
  }

  async declineCall(call: PhoneCall): Promise<Lib<'CallResult'>> {
    const entry = this.entry(call);
    await this.command(entry.callId, ['ended'], () => this.provider.decline(entry.callId));
    return new scv.CallResult({ call: this.phoneCall(entry) });
  }

  async endCall(call: PhoneCall, _agentStatus: string): Promise<Lib<'HangupResult'>> {
    const entry = this.entry(call);
    await this.command(entry.callId, ['ended'], () => this.provider.hangup(entry.callId));
    return new scv.HangupResult({ calls: [this.phoneCall(entry)] });
  }

  async mute(): Promise<Lib<'MuteToggleResult'>> {
    const entry = this.entry();
    await this.command(entry.callId, ['muted'], () => this.provider.mute(entry.callId));
    return new scv.MuteToggleResult({ isMuted: true });
  }

  async unmute(): Promise<Lib<'MuteToggleResult'>> {
    const entry = this.entry();
    await this.command(entry.callId, ['unmuted'], () => this.provider.unmute(entry.callId));
    return new scv.MuteToggleResult({ isMuted: false });
  }

  async hold(call: PhoneCall): Promise<Lib<'HoldToggleResult'>> {
    const entry = this.entry(call);
    await this.command(entry.callId, ['held'], () => this.provider.hold(entry.callId));
    return this.holdResult(entry);
  }

  async resume(call: PhoneCall): Promise<Lib<'HoldToggleResult'>> {
    const entry = this.entry(call);
    await this.command(entry.callId, ['resumed'], () => this.provider.resume(entry.callId));
    return this.holdResult(entry);
  }

  /** Salesforce's presence: `Online`/`Offline` or an Omni-Channel status. */
  async setAgentStatus(agentStatus: string, _statusInfo: unknown, _enqueueNextState: boolean): Promise<Lib<'GenericResult'>> {
    const { ONLINE, OFFLINE } = scv.Constants.AGENT_STATUS;
    const status: AgentStatus = agentStatus === ONLINE ? 'available' : agentStatus === OFFLINE ? 'offline' : 'busy';
    if (this.provider.capabilities.presence) await this.provider.setPresence(status);
    this.status = status;
    return new scv.GenericResult({ success: true });
  }

  /**
   * The library's implementation validates an `AgentVendorStatusInfo` here, although its typings
   * name `AgentStatusInfo`: the implementation wins, the cast only satisfies the typings.
   */
  async getAgentStatus(): Promise<Lib<'AgentStatusInfo'>> {
    const info = new scv.AgentVendorStatusInfo({ statusId: this.status, statusType: this.status, statusName: STATUS_NAMES[this.status] });
    return info as unknown as Lib<'AgentStatusInfo'>;
  }

  /** Click-to-dial and the dial pad land here. */
  async dial(contact: Contact): Promise<Lib<'CallResult'>> {
    const to = contact.phoneNumber;
    if (!to) throw new VoiceHostError('unsupported', 'The contact to dial has no phone number; choose a contact with a number.');
    if (!this.provider.capabilities.outbound) throw new VoiceHostError('unsupported', `The ${this.provider.id} provider cannot place calls.`);
    // The provider may report `dialing` before `dial` resolves: that event belongs to this command.
    this.pendingDials += 1;
    let callId: CallId;
    try {
      callId = await this.provider.dial(to);
    } finally {
      this.pendingDials -= 1;
    }
    this.dialled.add(callId);
    const entry = this.calls.get(callId) ?? this.calls.apply({ type: 'dialing', callId, at: this.now(), to })!;
    await this.startVoiceCall(entry);
    return new scv.CallResult({ call: this.phoneCall(entry) });
  }

  sendDigits(digits: string): void {
    const entry = this.calls.current();
    if (entry) this.provider.sendDtmf(entry.callId, digits).catch((error: unknown) => this.fail(error, 'send digits'));
  }

  async getPhoneContacts(): Promise<Lib<'PhoneContactsResult'>> {
    const contacts = (this.options.directory ?? []).map(
      (entry) => new scv.Contact({ id: entry.id, name: entry.name, phoneNumber: entry.phoneNumber, type: scv.Constants.CONTACT_TYPE.PHONENUMBER as 'PhoneNumber' }),
    );
    return new scv.PhoneContactsResult({ contacts });
  }

  async swap(_call1: PhoneCall, _call2: PhoneCall): Promise<Lib<'HoldToggleResult'>> {
    throw this.unsupported('swapping calls');
  }

  async conference(_calls: PhoneCall[]): Promise<Lib<'HoldToggleResult'>> {
    throw this.unsupported('conferencing');
  }

  /** Blind transfer hands the call over; a warm transfer (consult) keeps the agent on until the target answers. */
  async addParticipant(contact: Contact, call: PhoneCall, isBlindTransfer: boolean): Promise<Lib<'ParticipantResult'>> {
    const entry = this.entry(call);
    const to = contact.phoneNumber;
    if (!to) throw new VoiceHostError('unsupported', 'The transfer target has no phone number; choose a contact with a number.');
    const mode = isBlindTransfer ? 'blind' : 'consult';
    if (!this.provider.capabilities.transfer[mode]) throw this.unsupported(`${mode} transfer`);
    await this.command(entry.callId, isBlindTransfer ? ['transferred', 'ended'] : ['transferred'], () => this.provider.transfer(entry.callId, to, mode));
    return new scv.ParticipantResult({ initialCallHasEnded: isBlindTransfer, callInfo: this.phoneCall(entry).callInfo, phoneNumber: to, callId: entry.callId });
  }

  async pauseRecording(_call: PhoneCall): Promise<Lib<'RecordingToggleResult'>> {
    throw this.unsupported('pausing recording');
  }

  async resumeRecording(_call: PhoneCall): Promise<Lib<'RecordingToggleResult'>> {
    throw this.unsupported('resuming recording');
  }

  async getAgentConfig(): Promise<Lib<'AgentConfigResult'>> {
    const softphone = new scv.Phone({ type: scv.Constants.PHONE_TYPE.SOFT_PHONE });
    return new scv.AgentConfigResult({ phones: [softphone], selectedPhone: softphone });
  }

  async setAgentConfig(config: Lib<'AgentConfig'>): Promise<Lib<'GenericResult'>> {
    if (config.selectedPhone && config.selectedPhone.type !== scv.Constants.PHONE_TYPE.SOFT_PHONE) throw this.unsupported('desk phones');
    return new scv.GenericResult({ success: true });
  }

  /** Salesforce shows only the buttons the provider can carry out. */
  async getCapabilities(): Promise<Lib<'CapabilitiesResult'>> {
    const caps = this.provider.capabilities;
    const directory = (this.options.directory ?? []).length > 0;
    return new scv.CapabilitiesResult({
      hasMute: caps.mute,
      hasRecord: false,
      hasMerge: false,
      hasSwap: false,
      hasSignedRecordingUrl: false,
      hasContactSearch: directory,
      hasPhoneBook: directory,
      hasAgentAvailability: false,
      hasQueueWaitTime: false,
      supportsMos: false,
      hasSupervisorListenIn: false,
      hasSupervisorBargeIn: false,
      hasBlindTransfer: caps.transfer.blind,
      hasPendingStatusChange: false,
    });
  }

  async logout(): Promise<Lib<'LogoutResult'>> {
    await this.provider.disconnect();
    this.connected = false;
    return new scv.LogoutResult({ success: true });
  }

  handleMessage(_message: object): void {}

  /** The agent finished after-call work in Salesforce. */
  wrapUpCall(call: PhoneCall): void {
    this.publisher.event('WRAP_UP_ENDED', { callId: call?.callId });
  }

  async getSignedRecordingUrl(_recordingUrl: string, _vendorCallKey: string, _callId: string): Promise<Lib<'SignedRecordingUrlResult'>> {
    throw this.unsupported('recordings');
  }

  downloadLogs(_logs: string[]): void {}

  logMessageToVendor(_logLevel: string, _message: string, _payload: unknown): void {}

  async superviseCall(): Promise<never> {
    throw this.unsupported('supervisor listen-in');
  }

  async supervisorDisconnect(): Promise<never> {
    throw this.unsupported('supervisor listen-in');
  }

  async supervisorBargeIn(): Promise<never> {
    throw this.unsupported('supervisor barge-in');
  }

  // ── provider events ────────────────────────────────────────────────────────────────────────

  private onProviderEvent(event: CallEvent): void {
    const entry = this.calls.apply(event);
    if (entry) this.remember(entry, event);
    if (event.type === 'dialing' && this.pendingDials > 0) this.dialled.add(event.callId);
    if ('callId' in event) {
      for (const waiter of this.waiters) {
        const index = waiter.types.indexOf(event.type);
        if (waiter.callId !== event.callId || index < 0) continue;
        waiter.types.splice(index, 1);
        if (waiter.types.length === 0) {
          this.waiters.delete(waiter);
          waiter.resolve(event);
        }
        if (entry) this.followUp(entry, event, true);
        return;
      }
    }
    // One chain, so Salesforce sees events in the order the provider reported them.
    this.publishing = this.publishing.then(() => this.publish(event, entry)).catch((error: unknown) => this.fail(error, `publish ${event.type}`));
  }

  private async publish(event: CallEvent, entry: VoiceCallEntry | undefined): Promise<void> {
    const { publisher } = this;
    if (event.type === 'provider-state') {
      if (event.health === 'failed') publisher.error('SOFTPHONE_ERROR', { type: scv.Constants.ERROR_TYPE.GENERIC_ERROR, message: event.message ?? 'The phone system connection failed.' });
      return;
    }
    if (event.type === 'presence-changed') {
      const info = (status: AgentStatus) => new scv.AgentVendorStatusInfo({ statusId: status, statusType: status, statusName: STATUS_NAMES[status] });
      const old = this.status;
      this.status = event.status;
      if (old !== event.status && !this.initializing) publisher.event('STATE_CHANGE', new scv.StateChangeResult({ newVendorStateInfo: info(event.status), oldVendorStateInfo: info(old) }));
      return;
    }
    if (!entry) return;
    if (this.initializing && event.type !== 'ringing' && event.type !== 'dialing') return;
    switch (event.type) {
      case 'ringing':
      case 'dialing':
        if (this.dialled.has(entry.callId)) return;
        await this.startVoiceCall(entry);
        if (entry.state !== 'ended' && !this.initializing) publisher.event(entry.queue ? 'QUEUED_CALL_STARTED' : 'CALL_STARTED', new scv.CallResult({ call: this.phoneCall(entry) }));
        return;
      case 'connected':
        publisher.event('CALL_CONNECTED', new scv.CallResult({ call: this.phoneCall(entry) }));
        break;
      case 'held':
      case 'resumed':
        publisher.event('HOLD_TOGGLE', this.holdResult(entry));
        return;
      case 'muted':
      case 'unmuted':
        publisher.event('MUTE_TOGGLE', new scv.MuteToggleResult({ isMuted: event.type === 'muted' }));
        return;
      case 'transferred':
        return;
      case 'ended':
        if (event.reason === 'failed' && entry.direction === 'outbound' && !entry.connectedAt) {
          publisher.error('CALL_STARTED', { type: scv.Constants.ERROR_TYPE.GENERIC_ERROR, message: event.message ?? 'The call could not be placed.' });
        }
        publisher.event('HANGUP', new scv.HangupResult({ calls: [this.phoneCall(entry)] }));
        break;
    }
    this.followUp(entry, event, false);
  }

  /** What follows a connect or an end, whoever asked for it: the VoiceCall update and after-call work. */
  private followUp(entry: VoiceCallEntry, event: CallEvent, byCommand: boolean): void {
    const iso = (at: number) => new Date(at).toISOString();
    if (event.type === 'connected') {
      this.sync.connected(entry.callId, iso(event.at)).catch((error: unknown) => this.fail(error, 'VoiceCall update on connect'));
    }
    if (event.type === 'ended') {
      this.dialled.delete(entry.callId);
      this.sync
        .ended({
          vendorCallKey: entry.callId,
          startTime: iso(entry.startedAt),
          ...(entry.connectedAt ? { acceptTime: iso(entry.connectedAt) } : {}),
          endTime: iso(event.at),
          reason: event.reason,
          totalHoldDurationSeconds: Math.round(entry.holdMs / 1000),
          numberOfHolds: entry.holds,
        })
        .catch((error: unknown) => this.fail(error, 'VoiceCall update on end'));
      if ((this.options.afterCallWork ?? true) && entry.connectedAt) {
        const publish = () => this.publisher.event('AFTER_CALL_WORK_STARTED', { callId: entry.callId });
        // After a command, the library publishes HANGUP once the command's promise settles; after-call work follows it.
        if (byCommand) this.afterCommand.push(publish);
        else publish();
      }
    }
  }

  /** Restores a re-reported call's history after a reload, and keeps it current. */
  private remember(entry: VoiceCallEntry, event: CallEvent): void {
    const memory = this.options.memory;
    if (!memory) return;
    const key = `softphone-voice-call:${entry.callId}`;
    try {
      if (event.type === 'ringing' || event.type === 'dialing') {
        const saved = JSON.parse(memory.getItem(key) ?? 'null') as Pick<VoiceCallEntry, 'startedAt' | 'connectedAt' | 'held' | 'holdStartedAt' | 'holds' | 'holdMs' | 'voiceCallId'> | null;
        if (saved) Object.assign(entry, saved);
      } else if (event.type === 'ended') {
        memory.removeItem(key);
        return;
      }
      const { startedAt, connectedAt, held, holdStartedAt, holds, holdMs, voiceCallId } = entry;
      memory.setItem(key, JSON.stringify({ startedAt, connectedAt, held, holdStartedAt, holds, holdMs, voiceCallId }));
    } catch (error) {
      this.fail(error, 'remember call');
    }
  }

  private async startVoiceCall(entry: VoiceCallEntry): Promise<void> {
    if (entry.voiceCallId) return;
    const agentSide = entry.direction === 'inbound' ? entry.dialled ?? '' : '';
    const result = await this.sync.started({
      vendorCallKey: entry.callId,
      direction: entry.direction,
      from: entry.direction === 'inbound' ? entry.remote : agentSide,
      to: entry.direction === 'inbound' ? agentSide : entry.remote,
      startTime: new Date(entry.startedAt).toISOString(),
      ...(entry.data ? { data: entry.data } : {}),
    });
    if (result.voiceCallId) entry.voiceCallId = result.voiceCallId;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  /** Runs a provider command and waits for the event that confirms it. */
  private async command(callId: CallId, types: readonly CallEvent['type'][], run: () => Promise<void>): Promise<CallEvent> {
    const timeoutMs = this.options.commandTimeoutMs ?? 10_000;
    let waiter: Waiter | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const confirmed = new Promise<CallEvent>((resolve, reject) => {
      waiter = { callId, types: [...types], resolve };
      this.waiters.add(waiter);
      timer = setTimeout(() => reject(new VoiceHostError('timeout', `The phone system did not confirm the command within ${timeoutMs} ms; check its connection.`)), timeoutMs);
    });
    try {
      await run();
      return await confirmed;
    } finally {
      clearTimeout(timer);
      if (waiter) this.waiters.delete(waiter);
      // The library continues in microtasks once this settles; a macrotask runs after it published.
      const pending = this.afterCommand.splice(0);
      if (pending.length) setTimeout(() => pending.forEach((publish) => publish()), 0);
    }
  }

  private entry(call?: PhoneCall): VoiceCallEntry {
    const entry = call?.callId ? this.calls.get(call.callId) : this.calls.current();
    if (!entry) throw new VoiceHostError('no-call', `There is no call${call?.callId ? ` with id ${call.callId}` : ''}; it may have ended already.`);
    return entry;
  }

  private phoneCall(entry: VoiceCallEntry): PhoneCall {
    return toPhoneCall(entry, this.provider.capabilities);
  }

  private holdResult(entry: VoiceCallEntry): Lib<'HoldToggleResult'> {
    return new scv.HoldToggleResult({ isThirdPartyOnHold: false, isCustomerOnHold: entry.held, calls: [this.phoneCall(entry)] });
  }

  private unsupported(what: string): VoiceHostError {
    return new VoiceHostError('unsupported', `The ${this.provider.id} provider does not support ${what}; Salesforce hides this action when getCapabilities says so.`);
  }

  private fail(error: unknown, context: string): void {
    (this.options.onError ?? ((e: unknown, c: string) => console.error(`voice connector: ${c}:`, e)))(error, context);
  }
}
