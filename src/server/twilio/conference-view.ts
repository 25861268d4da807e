/**
 * One customer call as Twilio holds it — the conference and who is in it — read fresh for every
 * request: the server keeps no call state of its own, so any instance can answer for any call.
 * Who each participant is comes from the label call control gives the legs it dials (`customer`,
 * `agent:<identity>`, `supervisor:<identity>`, `external:<number>`), or, for legs TaskRouter dialled
 * (no label), from the call itself: `client:<identity>` is an agent, anyone else the customer.
 */
import type { TwilioClient } from './client.js';
import { twilioStep } from './errors.js';

/** Who a participant is. */
export type PartyRole = 'customer' | 'agent' | 'supervisor' | 'external';

/** A participant of the conference. */
export interface ConferenceParty {
  readonly callSid: string;
  readonly role: PartyRole;
  /** The client identity of an agent or supervisor. */
  readonly identity?: string;
  /** The number of a customer or external party. */
  readonly number?: string;
  readonly label?: string;
  /** Twilio's participant status: `queued`, `connecting`, `ringing`, `connected`, … */
  readonly status: string;
  readonly hold: boolean;
  readonly muted: boolean;
  readonly coaching: boolean;
  readonly callSidToCoach?: string;
  readonly endConferenceOnExit: boolean;
  /** When the participant joined (ms since the epoch), as Twilio dates it. */
  readonly joinedAt?: number;
}

/** A conference and its participants. */
export interface ConferenceView {
  readonly conferenceSid: string;
  readonly friendlyName: string;
  readonly status: string;
  /** The TaskRouter task the conference belongs to (TaskRouter names the conference after it). */
  readonly taskSid?: string;
  readonly parties: readonly ConferenceParty[];
}

/** The label call control gives a leg. */
export function partyLabel(role: PartyRole, who: string): string {
  return role === 'customer' ? 'customer' : `${role}:${who}`;
}

function fromLabel(label: string | null | undefined): Pick<ConferenceParty, 'role' | 'identity' | 'number'> | undefined {
  if (!label) return undefined;
  if (label === 'customer') return { role: 'customer' };
  const [role, ...rest] = label.split(':');
  const who = rest.join(':');
  if (!who) return undefined;
  if (role === 'agent' || role === 'supervisor') return { role, identity: who };
  if (role === 'external') return { role, number: who };
  return undefined;
}

/** A client address; custom parameters a leg was dialled with (`client:bob?…`) are not part of the identity. */
const CLIENT = /^client:([^?]+)/;

/** Reads a conference and its participants (and, for unlabelled legs, their calls). */
export async function loadConference(client: TwilioClient, conferenceSid: string): Promise<ConferenceView> {
  const conference = await twilioStep('find the call', 'call', () => client.conferences(conferenceSid).fetch());
  const participants = conference.status === 'completed' ? [] : await twilioStep('list who is on the call', 'call', () => client.conferences(conferenceSid).participants.list());
  const parties = await Promise.all(
    participants.map(async (participant): Promise<ConferenceParty> => {
      let who = fromLabel(participant.label);
      if (!who) {
        const call = await twilioStep('look up a participant', 'participant', () => client.calls(participant.callSid).fetch());
        const identity = CLIENT.exec(call.to)?.[1] ?? CLIENT.exec(call.from)?.[1];
        who = identity ? { role: 'agent', identity } : { role: 'customer', number: call.direction === 'inbound' ? call.from : call.to };
      }
      return {
        callSid: participant.callSid,
        ...who,
        ...(participant.label ? { label: participant.label } : {}),
        status: participant.status,
        hold: participant.hold,
        muted: participant.muted,
        coaching: participant.coaching,
        ...(participant.callSidToCoach ? { callSidToCoach: participant.callSidToCoach } : {}),
        endConferenceOnExit: participant.endConferenceOnExit,
        ...(participant.dateCreated && Number.isFinite(participant.dateCreated.getTime()) ? { joinedAt: participant.dateCreated.getTime() } : {}),
      };
    }),
  );
  return { conferenceSid: conference.sid, friendlyName: conference.friendlyName, status: conference.status, ...(/^WT[0-9a-f]{32}$/.test(conference.friendlyName) ? { taskSid: conference.friendlyName } : {}), parties };
}

/** The customer's leg, if they are still there. */
export function customerOf(view: ConferenceView): ConferenceParty | undefined {
  return view.parties.find((party) => party.role === 'customer');
}

/** Agents and external parties still on or joining the call (everyone but the customer and supervisors). */
export function handlersOf(view: ConferenceView): ConferenceParty[] {
  return view.parties.filter((party) => party.role === 'agent' || party.role === 'external');
}
