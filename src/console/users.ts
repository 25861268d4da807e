/**
 * The local console's Salesforce users, one per console alias (`/?user=<alias>`). The console
 * signs agent assertions as the signed-in user; the server's local agent directory maps each to
 * its telephony identity. Shared by the console page (the picker) and the server.
 */

/** A user of the local console's org. */
export interface ConsoleUser {
  /** What `/?user=` takes. */
  readonly alias: string;
  /** Salesforce user id (18 characters). */
  readonly userId: string;
  readonly name: string;
  readonly username: string;
  readonly role: 'agent' | 'supervisor';
  readonly simulatorAgent: string;
  readonly twilioIdentity: string;
  readonly sipUser: string;
}

/** The local org's id: the issuer of its assertions. */
export const LOCAL_ORG_ID = '00D000000000001AAA';

/** The seeded users; the first is the default. */
export const CONSOLE_USERS: readonly ConsoleUser[] = [
  { alias: 'agent', userId: '005000000000001AAA', name: 'Alex Rivera', username: 'agent@softphone.local', role: 'agent', simulatorAgent: 'agent', twilioIdentity: 'agent', sipUser: 'agent' },
  { alias: 'agent2', userId: '005000000000002AAA', name: 'Sam Lee', username: 'agent2@softphone.local', role: 'agent', simulatorAgent: 'agent2', twilioIdentity: 'agent2', sipUser: 'agent2' },
  { alias: 'supervisor', userId: '005000000000003AAA', name: 'Jordan Kim', username: 'supervisor@softphone.local', role: 'supervisor', simulatorAgent: 'supervisor', twilioIdentity: 'supervisor', sipUser: 'supervisor' },
];

/** The user of an alias; the default user for none; undefined for an unknown alias. */
export function consoleUser(alias: string | null | undefined): ConsoleUser | undefined {
  if (alias === null || alias === undefined || alias === '') return CONSOLE_USERS[0];
  return CONSOLE_USERS.find((user) => user.alias === alias);
}
