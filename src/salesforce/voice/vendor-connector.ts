import { ProviderError, canRun, presentParticipants, runCommand, type AgentStatus, type CallEvent, type CallId, type Command, type PhoneMetadata, type PresenceMapping, type Region, type TelephonyProvider } from '../../core/index.js';
import { CallTable, participantPhoneCall, toPhoneCall, type VoiceCallEntry } from './call-table.js';
import type { CallMemoryStorage } from './call-memory.js';
import { CommandWaiters } from './command-waiters.js';
import { VoiceOmniPresence } from './omni-presence.js';
import { VoiceHostError } from './errors.js';
import { ProviderEventRelay, hiddenSupervisor, holdResult, participantResult, statusInfo } from './provider-event-relay.js';
import { scv, type Lib } from './library.js';
import type { VoicePublisher } from './publisher.js';
import { noVoiceCallSync, type VoiceCallSync } from './voice-call-sync.js';

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
  /**
   * Publish `AFTER_CALL_WORK_STARTED` when a connected call ends (default true); such a call is then
   * in `wrap-up`, as on the Open CTI host.
   */
  readonly afterCallWork?: boolean;
  /** Region of numbers written without a country code (default `US`). */
  readonly defaultRegion?: Region;
  /** Numbering plans for national numbers; absent, only international numbers get an E.164 form. */
  readonly phoneMetadata?: PhoneMetadata;
  /**
   * Survives a page reload (the connector page's `sessionStorage`): a call's start, connect time
   * and hold statistics, which a provider's re-report of a live call cannot carry.
   */
  readonly memory?: CallMemoryStorage;
  /** How long a command waits for the provider to confirm it (default 10 s). */
  readonly commandTimeoutMs?: number;
  readonly now?: () => number;
  /** Failures with no other place to go (a VoiceCall update that failed…). */
  readonly onError?: (error: unknown, context: string) => void;
  /**
   * Omni-Channel ⇄ provider presence, with the same mapping and rules as on the Open CTI host:
   * `setAgentStatus` maps Omni's status by API name, the provider's changes are published as
   * `SET_AGENT_STATUS`. Absent: Online → available, Offline → offline, any other status → busy.
   */
  readonly omni?: PresenceMapping;
}

/**
 * A Salesforce Voice vendor connector over any {@link TelephonyProvider}. Salesforce calls these
 * methods through `@salesforce/scv-connector-base`; provider events that Salesforce did not ask
 * for are published with the library's events. A command's confirming event is consumed by the
 * command (the library publishes its result), so no event reaches Salesforce twice.
 */
export class VoiceVendorConnector implements Lib<'VendorConnector'> {
  /** The calls, moved by core's call machine. */
  readonly calls: CallTable;
  private readonly provider: TelephonyProvider;
  private readonly publisher: VoicePublisher;
  private readonly sync: VoiceCallSync;
  private readonly options: VoiceConnectorOptions;
  private readonly now: () => number;
  private readonly waiters: CommandWaiters;
  private readonly relay: ProviderEventRelay;
  private connected = false;
  /** The Omni mapping's sync, when configured. */
  readonly omni?: VoiceOmniPresence;

  constructor(options: VoiceConnectorOptions) {
    this.options = options;
    this.calls = new CallTable({ defaultRegion: options.defaultRegion ?? 'US', phoneMetadata: options.phoneMetadata, wrapUp: options.afterCallWork ?? true });
    this.provider = options.provider;
    this.publisher = options.publisher;
    this.sync = options.voiceCalls ?? noVoiceCallSync;
    this.now = options.now ?? Date.now;
    this.waiters = new CommandWaiters(options.commandTimeoutMs ?? 10_000);
    this.relay = new ProviderEventRelay({ calls: this.calls, waiters: this.waiters, publisher: this.publisher, sync: this.sync, capabilities: () => this.provider.capabilities, options });
    if (options.omni) {
      this.omni = new VoiceOmniPresence(options.omni, {
        setPresence: (status) => (this.provider.capabilities.presence ? this.provider.setPresence(status) : Promise.resolve()),
        publishStatus: (statusId) => this.publisher.event('SET_AGENT_STATUS', new scv.AgentStatusInfo({ statusId })),
        onError: (message) => this.fail(new VoiceHostError('unsupported', message), 'Omni-Channel sync'),
      });
    }
  }

  /** After each provider event: the provider's presence and whether a call is live, for the Omni sync. */
  private followOmni(event: CallEvent): void {
    if (!this.omni) return;
    if (event.type === 'presence-changed') this.omni.phoneChanged(event.status);
    this.omni.callsChanged(this.calls.live().length > 0);
  }

  /** Connects the provider; live calls it re-reports (after a reload) are ready for `getActiveCalls`. */
  async init(_config: unknown): Promise<Lib<'InitResult'>> {
    if (!this.connected) {
      this.relay.initializing = true;
      try {
        await this.provider.connect({
          emit: (event) => {
            this.relay.onProviderEvent(event);
            this.followOmni(event);
          },
          now: this.now,
        });
        this.connected = true;
        await this.relay.settled();
      } finally {
        this.relay.initializing = false;
      }
    }
    return new scv.InitResult({});
  }

  async getActiveCalls(): Promise<Lib<'ActiveCallsResult'>> {
    await this.relay.settled();
    const participants = (entry: VoiceCallEntry) =>
      presentParticipants(entry.call).filter((participant) => !hiddenSupervisor(participant)).map((participant) => participantPhoneCall(entry, participant, this.provider.capabilities));
    return new scv.ActiveCallsResult({ activeCalls: this.calls.live().flatMap((entry) => [this.phoneCall(entry), ...participants(entry)]) });
  }

  async acceptCall(call: PhoneCall): Promise<Lib<'CallResult'>> {
    const entry = this.entry(call);
    try {
      await this.command(entry.call.id, ['connected'], () => this.provider.answer(entry.call.id));
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
    await this.command(entry.call.id, ['ended'], () => this.provider.decline(entry.call.id));
    return new scv.CallResult({ call: this.phoneCall(entry) });
  }

  /** Ends the call, or, for a participant's leg (`AddParticipant` call), drops that participant. */
  async endCall(call: PhoneCall, _agentStatus: string): Promise<Lib<'HangupResult'>> {
    const leg = call?.callId ? this.calls.findParticipant(call.callId) : undefined;
    if (leg) {
      const { entry, participant } = leg;
      await this.command(entry.call.id, ['participant-left'], () => this.run({ type: 'remove-participant', callId: entry.call.id, participantId: participant.id }));
      return new scv.HangupResult({ calls: [this.participantCall(entry, participant.id)] });
    }
    const entry = this.entry(call);
    await this.command(entry.call.id, ['ended'], () => this.provider.hangup(entry.call.id));
    return new scv.HangupResult({ calls: [this.phoneCall(entry)] });
  }

  async mute(): Promise<Lib<'MuteToggleResult'>> {
    const entry = this.entry();
    await this.command(entry.call.id, ['muted'], () => this.provider.mute(entry.call.id));
    return new scv.MuteToggleResult({ isMuted: true });
  }

  async unmute(): Promise<Lib<'MuteToggleResult'>> {
    const entry = this.entry();
    await this.command(entry.call.id, ['unmuted'], () => this.provider.unmute(entry.call.id));
    return new scv.MuteToggleResult({ isMuted: false });
  }

  async hold(call: PhoneCall): Promise<Lib<'HoldToggleResult'>> {
    const entry = this.entry(call);
    await this.command(entry.call.id, ['held'], () => this.provider.hold(entry.call.id));
    return holdResult(entry, this.provider.capabilities);
  }

  async resume(call: PhoneCall): Promise<Lib<'HoldToggleResult'>> {
    const entry = this.entry(call);
    await this.command(entry.call.id, ['resumed'], () => this.provider.resume(entry.call.id));
    return holdResult(entry, this.provider.capabilities);
  }

  /** Salesforce's presence: `Online`/`Offline` or an Omni-Channel status. */
  async setAgentStatus(agentStatus: string, statusInfo: unknown, _enqueueNextState: boolean): Promise<Lib<'GenericResult'>> {
    const { ONLINE, OFFLINE } = scv.Constants.AGENT_STATUS;
    if (this.omni) {
      // Mapped by API name; a change during a call is applied when it ends (the sync's rule).
      this.omni.fromSalesforce(agentStatus === OFFLINE, typeof statusInfo === 'object' && statusInfo !== null ? statusInfo : undefined);
      return new scv.GenericResult({ success: true });
    }
    const status: AgentStatus = agentStatus === ONLINE ? 'available' : agentStatus === OFFLINE ? 'offline' : 'busy';
    if (this.provider.capabilities.presence) await this.provider.setPresence(status);
    this.relay.status = status;
    return new scv.GenericResult({ success: true });
  }

  /**
   * The library's implementation validates an `AgentVendorStatusInfo` here, although its typings
   * name `AgentStatusInfo`: the implementation wins, the cast only satisfies the typings.
   */
  async getAgentStatus(): Promise<Lib<'AgentStatusInfo'>> {
    const info = statusInfo(this.relay.status);
    return info as unknown as Lib<'AgentStatusInfo'>;
  }

  /** Click-to-dial and the dial pad land here. */
  async dial(contact: Contact): Promise<Lib<'CallResult'>> {
    const to = contact.phoneNumber;
    if (!to) throw new VoiceHostError('unsupported', 'The contact to dial has no phone number; choose a contact with a number.');
    if (!this.provider.capabilities.outbound) throw new VoiceHostError('unsupported', `The ${this.provider.id} provider cannot place calls.`);
    // The provider may report `dialing` before `dial` resolves: that event belongs to this command.
    this.relay.pendingDials += 1;
    let callId: CallId;
    try {
      callId = await this.provider.dial(to);
    } finally {
      this.relay.pendingDials -= 1;
    }
    this.relay.dialled.add(callId);
    const entry = this.calls.get(callId) ?? this.calls.apply({ type: 'dialing', callId, at: this.now(), to })[0]?.entry;
    if (!entry) throw new VoiceHostError('no-call', `The ${this.provider.id} provider placed call ${callId} but it is already over.`);
    await this.relay.startVoiceCall(entry);
    return new scv.CallResult({ call: this.phoneCall(entry) });
  }

  sendDigits(digits: string): void {
    const entry = this.calls.current();
    if (entry) this.provider.sendDtmf(entry.call.id, digits).catch((error: unknown) => this.fail(error, 'send digits'));
  }

  async getPhoneContacts(): Promise<Lib<'PhoneContactsResult'>> {
    const contacts = (this.options.directory ?? []).map(
      (entry) => new scv.Contact({ id: entry.id, name: entry.name, phoneNumber: entry.phoneNumber, type: scv.Constants.CONTACT_TYPE.PHONENUMBER as 'PhoneNumber' }),
    );
    return new scv.PhoneContactsResult({ contacts });
  }

  /** Talks to the held side instead: the customer and the consulted participant change places. */
  async swap(call1: PhoneCall, call2: PhoneCall): Promise<Lib<'HoldToggleResult'>> {
    if (!this.provider.capabilities.transfer.consult) throw this.unsupported('swapping calls');
    const entry = this.entry(this.calls.get(call1?.callId ?? '') ? call1 : call2);
    const toggled = entry.call.held ? (['resumed', 'participant-held'] as const) : (['held', 'participant-resumed'] as const);
    await this.command(entry.call.id, toggled, () => this.run({ type: 'swap', callId: entry.call.id }));
    return holdResult(entry, this.provider.capabilities);
  }

  /** Everyone on the call into one conference. */
  async conference(calls: PhoneCall[]): Promise<Lib<'HoldToggleResult'>> {
    if (!this.provider.capabilities.conference) throw this.unsupported('conferencing');
    const entry = this.entry(calls.find((call) => this.calls.get(call?.callId ?? '')));
    await this.command(entry.call.id, ['conferenced'], () => this.run({ type: 'merge', callId: entry.call.id }));
    return holdResult(entry, this.provider.capabilities);
  }

  /**
   * A blind transfer hands the call over. Otherwise the contact is called as a participant in
   * consultation (the customer held) where the provider has multi-party calls, or, where it only
   * has an attended transfer, through that.
   */
  async addParticipant(contact: Contact, call: PhoneCall, isBlindTransfer: boolean): Promise<Lib<'ParticipantResult'>> {
    const entry = this.entry(call);
    const to = contact.phoneNumber;
    if (!to) throw new VoiceHostError('unsupported', 'The transfer target has no phone number; choose a contact with a number.');
    const mode = isBlindTransfer ? 'blind' : 'consult';
    if (!this.provider.capabilities.transfer[mode]) throw this.unsupported(`${mode} transfer`);
    if (!isBlindTransfer && this.provider.addParticipant) {
      let participantId: string | undefined;
      // The consult holds the customer first: that hold is part of Salesforce's command too.
      await this.command(entry.call.id, entry.call.held ? ['participant-added'] : ['held', 'participant-added'], async () => {
        participantId = await this.run({ type: 'add-participant', callId: entry.call.id, to, mode: 'consult' });
      });
      const participant = entry.call.participants?.find((p) => p.id === participantId);
      if (!participant) throw new VoiceHostError('no-call', `The ${this.provider.id} provider added ${to} but reported another participant.`);
      return participantResult(entry, participant, this.provider.capabilities);
    }
    await this.command(entry.call.id, isBlindTransfer ? ['transferred', 'ended'] : ['transferred'], () => this.provider.transfer(entry.call.id, to, mode));
    return new scv.ParticipantResult({ initialCallHasEnded: isBlindTransfer, callInfo: this.phoneCall(entry).callInfo, phoneNumber: to, callId: entry.call.id });
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
      hasMerge: caps.conference,
      hasSwap: caps.transfer.consult,
      hasSignedRecordingUrl: false,
      hasContactSearch: directory,
      hasPhoneBook: directory,
      hasAgentAvailability: false,
      hasQueueWaitTime: false,
      supportsMos: false,
      hasSupervisorListenIn: caps.supervisor?.listen ?? false,
      hasSupervisorBargeIn: caps.supervisor?.barge ?? false,
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

  /** A supervisor listens in on an agent's call (`SupervisedCallInfo.callId`: the call at the phone system). */
  async superviseCall(supervised: Lib<'SupervisedCallInfo'>): Promise<Lib<'SuperviseCallResult'>> {
    const teamCallId = supervised?.callId;
    if (!teamCallId) throw new VoiceHostError('no-call', 'Salesforce named no call to supervise.');
    const legId = (await this.run({ type: 'monitor', teamCallId, mode: 'listen' })) ?? '';
    // The leg's `monitoring` event may come with the command's answer or after it.
    if (!this.calls.get(legId)) await this.command(legId, ['monitoring'], async () => undefined);
    return new scv.SuperviseCallResult({ call: this.phoneCall(this.entry(new scv.PhoneCall({ callId: legId }))) });
  }

  /** The supervisor leaves; with no call named, whichever call they supervise. */
  async supervisorDisconnect(supervised?: Lib<'SupervisedCallInfo'>): Promise<Lib<'SupervisorHangupResult'>> {
    const entry = this.calls.monitoring(supervised?.callId);
    if (!entry) return new scv.SupervisorHangupResult({ calls: [] });
    await this.command(entry.call.id, ['ended'], () => this.provider.hangup(entry.call.id));
    return new scv.SupervisorHangupResult({ calls: [this.phoneCall(entry)] });
  }

  /** The listening supervisor joins the conversation. */
  async supervisorBargeIn(supervised: Lib<'SupervisedCallInfo'>): Promise<Lib<'SuperviseCallResult'>> {
    const entry = this.calls.monitoring(supervised?.callId);
    if (!entry) throw new VoiceHostError('no-call', `The supervisor is not on call ${supervised?.callId ?? ''}; supervise it first.`);
    await this.command(entry.call.id, ['monitoring'], () => this.run({ type: 'set-monitor-mode', callId: entry.call.id, mode: 'barge' }));
    return new scv.SuperviseCallResult({ call: this.phoneCall(entry) });
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  /** A multi-party command through core's `runCommand` rules: outside the capabilities, `unsupported` in words for Salesforce. */
  private async run(command: Command): Promise<string | undefined> {
    if (!canRun(this.provider.capabilities, command)) throw this.unsupported(command.type.replace(/-/g, ' '));
    return runCommand(this.provider, command);
  }

  private participantCall(entry: VoiceCallEntry, participantId: string): PhoneCall {
    const participant = entry.call.participants?.find((p) => p.id === participantId);
    if (!participant) throw new VoiceHostError('no-call', `There is no participant ${participantId} on call ${entry.call.id}.`);
    return participantPhoneCall(entry, participant, this.provider.capabilities);
  }

  /** Runs a provider command and waits for the events that confirm it. */
  private command(callId: CallId, types: readonly CallEvent['type'][], run: () => Promise<unknown>): Promise<CallEvent> {
    return this.waiters.run(callId, types, run);
  }

  private entry(call?: PhoneCall): VoiceCallEntry {
    const entry = call?.callId ? this.calls.get(call.callId) : this.calls.current();
    if (!entry) throw new VoiceHostError('no-call', `There is no call${call?.callId ? ` with id ${call.callId}` : ''}; it may have ended already.`);
    return entry;
  }

  private phoneCall(entry: VoiceCallEntry): PhoneCall {
    return toPhoneCall(entry, this.provider.capabilities);
  }

  private unsupported(what: string): VoiceHostError {
    return new VoiceHostError('unsupported', `The ${this.provider.id} provider does not support ${what}; Salesforce hides this action when getCapabilities says so.`);
  }

  private fail(error: unknown, context: string): void {
    (this.options.onError ?? ((e: unknown, c: string) => console.error(`voice connector: ${c}:`, e)))(error, context);
  }
}
