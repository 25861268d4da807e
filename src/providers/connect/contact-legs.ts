/**
 * The legs of one connected voice contact as the core's events. Streams reports a contact as a whole
 * on every refresh, so {@link ContactLegs.sync} compares what Streams shows now with what was last
 * reported and emits the difference: the customer's hold, each third-party connection as a
 * participant (added → ringing → connected ⇄ held → left), a supervisor who barges in, and the
 * conference (in Connect, the customer and a third party connected at once, nobody held, is one).
 * Reading state rather than echoing our own commands keeps the events right whichever comes first,
 * Streams' snapshot or a command's success callback, and when the agent works in a visible CCP.
 */
import { ProviderError, type CallEvent, type CallId, type ParticipantId, type ParticipantMode, type ParticipantRole, type SupervisorMode } from '../../core/index.js';
import { describeConnection, supervisorModeOf, type PartyDescription } from './mapping.js';
import type { ConnectConnectionLike, ConnectContactLike, ConnectionStateValue } from './sdk.js';

/** What the softphone asked for when it added a connection: the next new third party is that one. */
export interface ExpectedParty extends PartyDescription {
  readonly mode: ParticipantMode;
  /** A one-step consult transfer's target: no participant events, its `transferred` says it all. */
  readonly quiet?: boolean;
}

/** One third-party connection as reported so far. */
interface Party {
  readonly id: ParticipantId;
  readonly connectionId: string;
  readonly role: ParticipantRole;
  /** Who they are, for a transfer's `to`. */
  readonly label: string;
  readonly quiet: boolean;
  /** Undefined until a state of theirs has been reported. */
  phase?: 'ringing' | 'connected' | 'held' | 'left';
  supervisorMode?: SupervisorMode;
  /** The softphone is removing them: their leaving is `removed`. */
  removing: boolean;
  /** Added in `conference` mode: merged in once they answer. */
  mergeOnAnswer: boolean;
}

/** A present participant, for per-participant commands. */
export interface PartyView {
  readonly connection: ConnectConnectionLike;
  readonly phase: Party['phase'];
  readonly role: ParticipantRole;
}

/** Checks a wait after each sync; `ended` when the contact is gone. */
type Watcher = (ended?: boolean) => void;

/** What {@link ContactLegs} reports through. */
export interface ContactLegsOptions {
  readonly callId: CallId;
  readonly contact: ConnectContactLike;
  readonly emit: (event: CallEvent) => void;
  readonly now: () => number;
}

/** The customer's hold, the third parties and the conference of one contact, reported as they change. */
export class ContactLegs {
  private readonly parties: Party[] = [];
  private held = false;
  private conference = false;
  private disposed = false;
  private expected?: { readonly party: ExpectedParty; readonly resolve: (id: ParticipantId) => void; readonly reject: (error: ProviderError) => void; readonly timer: ReturnType<typeof setTimeout> };
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly options: ContactLegsOptions) {}

  /** Whether the contact is still this softphone's (not disposed). */
  get live(): boolean {
    return !this.disposed;
  }

  /** Whether the customer is on hold, as reported. */
  get customerHeld(): boolean {
    return this.held;
  }

  /** Reports the customer's hold at once (a hold command succeeded), ahead of Streams' refresh. */
  setHeld(held: boolean): void {
    if (this.held === held || this.disposed) return;
    this.held = held;
    this.emit({ type: held ? 'held' : 'resumed', callId: this.options.callId, at: this.options.now() });
  }

  /** Compares the contact's connections with what was reported and reports the difference. */
  sync(): void {
    if (this.disposed) return;
    const { contact } = this.options;
    const seen = new Set<string>();
    for (const connection of contact.getThirdPartyConnections()) {
      const connectionId = connection.getConnectionId();
      seen.add(connectionId);
      let party = this.parties.filter((candidate) => candidate.connectionId === connectionId).at(-1);
      if (!party || party.phase === 'left') {
        if (!connection.isActive()) continue;
        party = this.add(connection);
      }
      this.advance(party, connection);
    }
    // Streams may drop a connection from the snapshot instead of showing it disconnected.
    for (const party of this.parties) if (party.phase !== 'left' && !seen.has(party.connectionId)) this.leave(party);
    const initial = contact.getInitialConnection();
    const customer: ConnectionStateValue = initial.getStatus().type;
    if (initial.isActive()) this.setHeld(customer === 'hold');
    const others = this.others();
    const conference = customer === 'connected' && others.some((party) => party.phase === 'connected') && !others.some((party) => party.phase === 'held');
    if (conference && !this.conference) this.emit({ type: 'conferenced', callId: this.options.callId, at: this.options.now() });
    this.conference = conference;
    this.mergeAnswered();
    for (const watcher of [...this.watchers]) watcher();
  }

  /**
   * Resolves with the id of the next third party to appear (the connection `addConnection` is
   * about to create), described as `party`; rejects after `timeoutMs`. Throws `invalid-state`
   * while another is expected.
   */
  expect(party: ExpectedParty, timeoutMs: number): Promise<ParticipantId> {
    if (this.expected) throw new ProviderError('invalid-state', 'Another participant is being added; wait until they ring.');
    const added = new Promise<ParticipantId>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.expected = undefined;
        reject(new ProviderError('transport', 'Amazon Connect did not report the new participant in time.'));
      }, timeoutMs);
      this.expected = { party, resolve, reject, timer };
    });
    // Awaited only once `addConnection` returns; until then a rejection is not unhandled.
    added.catch(() => undefined);
    return added;
  }

  /** Forgets the expected party (`addConnection` failed). */
  cancelExpected(): void {
    clearTimeout(this.expected?.timer);
    this.expected = undefined;
  }

  /** Resolves once a participant has answered; rejects if they leave first or after `timeoutMs`. */
  whenAnswered(participantId: ParticipantId, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: ProviderError): void => {
        clearTimeout(timer);
        this.watchers.delete(watch);
        if (error) reject(error);
        else resolve();
      };
      const watch: Watcher = (ended) => {
        const party = this.parties.find((candidate) => candidate.id === participantId);
        if (ended) finish(new ProviderError('unknown-call', 'The call ended before the transfer target answered.'));
        else if (party?.phase === 'connected' || party?.phase === 'held') finish();
        else if (!party || party.phase === 'left') finish(new ProviderError('rejected', `${party?.label ?? 'The transfer target'} did not answer.`));
      };
      const timer = setTimeout(() => finish(new ProviderError('rejected', `${this.parties.find((party) => party.id === participantId)?.label ?? 'The transfer target'} did not answer in time.`)), timeoutMs);
      this.watchers.add(watch);
      watch();
    });
  }

  /** Participants still on the line, other than supervisors and a one-step transfer's target. */
  others(): readonly Readonly<Party>[] {
    return this.parties.filter((party) => !party.quiet && party.role !== 'supervisor' && party.phase !== 'left');
  }

  /** A present participant and their connection now; `invalid-argument` for anyone else. */
  find(participantId: ParticipantId): PartyView {
    const party = this.parties.find((candidate) => candidate.id === participantId);
    const connection = party && party.phase !== 'left' ? this.options.contact.getThirdPartyConnections().find((candidate) => candidate.getConnectionId() === party.connectionId) : undefined;
    if (!party || !connection) throw new ProviderError('invalid-argument', `No participant ${participantId} on call ${this.options.callId}: they may have left.`);
    return { connection, phase: party.phase, role: party.role };
  }

  /** The participant's coming `participant-left` is the softphone's doing. */
  markRemoving(participantId: ParticipantId): void {
    const party = this.parties.find((candidate) => candidate.id === participantId);
    if (party) party.removing = true;
  }

  /** The contact is over for this softphone: nothing more is reported, and waits reject. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const watcher of [...this.watchers]) watcher(true);
    const expected = this.expected;
    this.cancelExpected();
    expected?.reject(new ProviderError('unknown-call', 'The call ended before the participant was added.'));
  }

  private add(connection: ConnectConnectionLike): Party {
    const connectionId = connection.getConnectionId();
    // A connection that comes back after leaving (a supervisor barging again) is a new participant.
    const uses = this.parties.filter((party) => party.connectionId === connectionId).length;
    const supervisorMode = supervisorModeOf(connection);
    const expected = supervisorMode ? undefined : this.expected;
    const described = expected?.party ?? describeConnection(connection);
    const role: ParticipantRole = supervisorMode ? 'supervisor' : described.role;
    const mode: ParticipantMode = expected?.party.mode ?? (this.held ? 'consult' : 'conference');
    const quiet = expected?.party.quiet ?? false;
    const party: Party = {
      id: uses ? `${connectionId}#${uses + 1}` : connectionId,
      connectionId,
      role,
      label: described.displayName ?? described.number ?? 'the participant',
      quiet,
      removing: false,
      mergeOnAnswer: mode === 'conference' && expected !== undefined && !quiet,
      ...(supervisorMode ? { supervisorMode } : {}),
    };
    this.parties.push(party);
    if (!quiet) {
      this.emit({
        type: 'participant-added',
        callId: this.options.callId,
        at: this.options.now(),
        participantId: party.id,
        role,
        mode,
        ...(described.number ? { number: described.number } : {}),
        ...(described.displayName ? { displayName: described.displayName } : {}),
        ...(supervisorMode ? { supervisorMode } : {}),
      });
    }
    if (expected) {
      this.cancelExpected();
      expected.resolve(party.id);
    }
    return party;
  }

  private advance(party: Party, connection: ConnectConnectionLike): void {
    const state: ConnectionStateValue = connection.getStatus().type;
    switch (state) {
      case 'init':
      case 'connecting':
        if (party.phase === undefined) this.change(party, 'ringing');
        return;
      case 'connected':
      case 'silent_monitor':
      case 'barge': {
        if (party.phase === 'held') this.change(party, 'connected', 'participant-resumed');
        else if (party.phase !== 'connected') this.change(party, 'connected');
        const mode = party.role === 'supervisor' ? supervisorModeOf(connection) : undefined;
        if (mode && mode !== party.supervisorMode) {
          party.supervisorMode = mode;
          this.emit({ type: 'supervisor-mode', callId: this.options.callId, at: this.options.now(), participantId: party.id, mode });
        }
        return;
      }
      case 'hold':
        if (party.phase !== 'connected' && party.phase !== 'held') this.change(party, 'connected');
        if (party.phase === 'connected') this.change(party, 'held');
        return;
      case 'disconnected':
        this.leave(party);
    }
  }

  private change(party: Party, phase: 'ringing' | 'connected' | 'held', type?: 'participant-resumed'): void {
    party.phase = phase;
    const event = type ?? (phase === 'ringing' ? 'participant-ringing' : phase === 'connected' ? 'participant-connected' : 'participant-held');
    this.emit({ type: event, callId: this.options.callId, at: this.options.now(), participantId: party.id }, party);
  }

  private leave(party: Party): void {
    const reason = party.removing ? 'removed' : party.phase === 'connected' || party.phase === 'held' ? 'hangup' : 'no-answer';
    party.phase = 'left';
    this.emit({ type: 'participant-left', callId: this.options.callId, at: this.options.now(), participantId: party.id, reason }, party);
  }

  /** Parties added in `conference` mode join the conference once they answer. */
  private mergeAnswered(): void {
    const answered = this.parties.filter((party) => party.mergeOnAnswer && (party.phase === 'connected' || party.phase === 'left'));
    if (!answered.length) return;
    for (const party of answered) party.mergeOnAnswer = false;
    // A refused merge leaves the call in consultation, which the agent sees and can merge by hand.
    if (!this.conference && answered.some((party) => party.phase === 'connected')) this.options.contact.conferenceConnections({});
  }

  private emit(event: CallEvent, party?: Party): void {
    if (!party?.quiet) this.options.emit(event);
  }
}
