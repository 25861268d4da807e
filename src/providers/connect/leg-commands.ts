/**
 * Streams commands on the legs of one contact: add a third party (the customer held first), give up
 * on one, take the customer back, switch a supervisor's monitoring mode. What they change is
 * reported by {@link ContactLegs.sync}, from Streams' own state.
 */
import { ProviderError, type CallId, type ParticipantId, type SupervisorMode } from '../../core/index.js';
import type { ContactLegs, ExpectedParty, PartyView } from './contact-legs.js';
import { streamsCall } from './errors.js';
import type { ConnectContactLike, ConnectStreamsLike } from './sdk.js';

/** A contact the provider tracks, as far as these commands need it. */
export interface LegsContact {
  readonly id: CallId;
  readonly contact: ConnectContactLike;
  readonly legs: ContactLegs;
}

/** Takes the customer off hold; `resumed` follows at once. */
export async function resumeCustomer(call: LegsContact): Promise<void> {
  await streamsCall('take the caller off hold', (callbacks) => call.contact.getInitialConnection().resume(callbacks));
  call.legs.setHeld(false);
}

/**
 * Holds the customer, adds a connection to `endpoint` and resolves with the new participant's id
 * once Streams shows the connection. If Streams refuses, the customer is taken back off hold.
 */
export async function addParty(call: LegsContact, endpoint: connect.Endpoint, party: ExpectedParty, timeoutMs: number): Promise<ParticipantId> {
  const customer = call.contact.getInitialConnection();
  const wasHeld = customer.isOnHold();
  const added = call.legs.expect(party, timeoutMs);
  try {
    if (!wasHeld) {
      await streamsCall('put the caller on hold', (callbacks) => customer.hold(callbacks));
      call.legs.setHeld(true);
    }
    await streamsCall(`call ${party.displayName ?? party.number ?? 'the participant'}`, (callbacks) => call.contact.addConnection(endpoint, callbacks));
  } catch (error) {
    call.legs.cancelExpected();
    if (!wasHeld && call.legs.customerHeld) await resumeCustomer(call).catch(() => undefined);
    throw error;
  }
  call.legs.sync();
  return added;
}

/** A one-step consult transfer whose target did not answer: drop them, back to the customer. */
export async function abandonParty(call: LegsContact, participantId: ParticipantId): Promise<void> {
  if (!call.legs.live) return;
  try {
    const { connection } = call.legs.find(participantId);
    await streamsCall('drop the transfer target', (callbacks) => connection.destroy(callbacks));
  } catch {
    // Gone already: they declined or hung up.
  }
  await resumeCustomer(call).catch(() => undefined);
}

/** Swap and merge need a participant who answered. */
export function requireAnswered(call: LegsContact, action: string): void {
  if (!call.legs.others().some((party) => party.phase === 'connected' || party.phase === 'held')) {
    throw new ProviderError('invalid-state', `Cannot ${action} contact ${call.id} before a participant has answered.`);
  }
}

/** A participant for a per-participant command, in `phase` if given; a supervisor's leg is theirs to control. */
export function partyFor(call: LegsContact, participantId: ParticipantId, action: string, phase?: 'connected' | 'held'): PartyView {
  const party = call.legs.find(participantId);
  if (party.role === 'supervisor') throw new ProviderError('invalid-state', `Participant ${participantId} is a supervisor: only they can change their leg.`);
  if (phase && party.phase !== phase) throw new ProviderError('invalid-state', `Cannot ${action} participant ${participantId} while they are ${party.phase ?? 'being called'}.`);
  return party;
}

/**
 * Switches a supervisor's monitoring contact to listen (`SILENT_MONITOR`) or barge (`BARGE`),
 * refusing up front what the supervisor's security profile does not allow.
 */
export async function switchMonitorMode(contact: ConnectContactLike, mode: Exclude<SupervisorMode, 'whisper'>, modes: ConnectStreamsLike['MonitoringMode']): Promise<void> {
  const target = mode === 'barge' ? modes.BARGE : modes.SILENT_MONITOR;
  const allowed = contact.getAgentConnection().getMonitorCapabilities?.();
  if (allowed && !allowed.includes(target)) {
    throw new ProviderError('rejected', `Your Amazon Connect security profile does not allow ${mode === 'barge' ? 'barging in' : 'silent monitoring'}: ask your administrator.`);
  }
  await streamsCall(mode === 'barge' ? 'barge in' : 'switch to silent monitoring', (callbacks) => contact.updateMonitorParticipantState(target, callbacks));
}
