import { ConfigError } from '../../core/index.js';

/** What an agent may do on the phone system: take calls, or also supervise others' calls. */
export type AgentRole = 'agent' | 'supervisor';

/**
 * One Salesforce user's telephony identity, as the operator configures it. Each field is the
 * user's name on one phone system; a system the user has no name on refuses them with 403.
 */
export interface AgentDirectoryEntry {
  /** `agent` (default) or `supervisor`. */
  readonly role?: AgentRole;
  /** Agent id on the built-in telephony simulator. */
  readonly simulatorAgent?: string;
  /** Twilio Voice client identity (the access token's `identity`). */
  readonly twilioIdentity?: string;
  /** TaskRouter worker SID (`WK…`). */
  readonly taskRouterWorkerSid?: string;
  /** SIP user (the extension a `credentialsUrl` returns credentials for). */
  readonly sipUser?: string;
}

/** Salesforce user id (15 or 18 characters, `005…`) → telephony identity. */
export type AgentDirectory = Readonly<Record<string, AgentDirectoryEntry>>;

/** Who is asking, proven by a verified assertion or session: the Salesforce user and their telephony names. */
export interface AgentIdentity extends AgentDirectoryEntry {
  /** Salesforce user id, 18 characters. */
  readonly userId: string;
  /** Salesforce org id, 18 characters. */
  readonly orgId: string;
  readonly role: AgentRole;
}

const USER_ID = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const NAME = /^[\w.@+-]{1,121}$/;

/** The 15-character form of a Salesforce id (the case-sensitive part), to compare 15- and 18-character ids. */
export function shortId(id: string): string {
  return id.slice(0, 15);
}

/** Checks a directory, naming the field that is wrong (`auth.agents["005…"].twilioIdentity`). */
export function validateAgentDirectory(agents: unknown, field = 'auth.agents'): AgentDirectory {
  if (typeof agents !== 'object' || agents === null || Array.isArray(agents)) throw new ConfigError(field, 'an object of Salesforce user id → telephony identity', agents);
  const checked: Record<string, AgentDirectoryEntry> = {};
  for (const [userId, entry] of Object.entries(agents as Record<string, unknown>)) {
    const at = `${field}["${userId}"]`;
    if (!USER_ID.test(userId)) throw new ConfigError(field, 'keys that are Salesforce user ids (005 and 12 or 15 letters and digits)', userId);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ConfigError(at, 'an object like { simulatorAgent: "agent" }', entry);
    const { role, simulatorAgent, twilioIdentity, taskRouterWorkerSid, sipUser, ...rest } = entry as Record<string, unknown>;
    const unknownKey = Object.keys(rest)[0];
    if (unknownKey) throw new ConfigError(`${at}.${unknownKey}`, 'one of role, simulatorAgent, twilioIdentity, taskRouterWorkerSid, sipUser', unknownKey);
    if (role !== undefined && role !== 'agent' && role !== 'supervisor') throw new ConfigError(`${at}.role`, '"agent" or "supervisor"', role);
    for (const [key, value] of Object.entries({ simulatorAgent, twilioIdentity, sipUser })) {
      if (value !== undefined && (typeof value !== 'string' || !NAME.test(value))) throw new ConfigError(`${at}.${key}`, 'letters, digits, ".", "@", "+", "_" or "-" (1 to 121)', value);
    }
    if (taskRouterWorkerSid !== undefined && (typeof taskRouterWorkerSid !== 'string' || !/^WK[0-9a-fA-F]{32}$/.test(taskRouterWorkerSid))) {
      throw new ConfigError(`${at}.taskRouterWorkerSid`, 'a worker SID ("WK" and 32 hex digits)', taskRouterWorkerSid);
    }
    if (Object.keys(checked).some((other) => shortId(other) === shortId(userId))) throw new ConfigError(at, 'each user once', userId);
    checked[userId] = entry as AgentDirectoryEntry;
  }
  return checked;
}

/** The directory entry of a user id (15 or 18 characters), if any. */
export function findAgent(agents: AgentDirectory, userId: string): AgentDirectoryEntry | undefined {
  const key = Object.keys(agents).find((candidate) => shortId(candidate) === shortId(userId));
  return key === undefined ? undefined : agents[key];
}
