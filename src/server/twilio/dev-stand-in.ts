/**
 * `softphone-connector dev --provider twilio` without Twilio variables: the loopback Twilio stand-in
 * with made-up credentials, a contact centre provisioned in it through the official library, and a
 * worker for the agent — so the server's Twilio code runs exactly as against Twilio, with only the
 * base URL and credentials different. With `TWILIO_ACCOUNT_SID` set, none of this runs.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../core/index.js';
import { CONSOLE_USERS } from '../../console/users.js';
import { twilio, type TwilioConfig } from '../../providers/twilio/index.js';
import type { TwilioServerSettings } from '../twilio-settings.js';
import { createTwilioClient, loadTwilioLibrary } from './client.js';
import { provisionContactCentre } from './provision.js';
import type { StandInCustomerCall, TwilioStandInConsole } from './dev-routes.js';
import type { ContactCentreSettings } from './settings.js';
import type { TwilioStandIn } from './stand-in/index.js';

/** A running local Twilio for `dev`. */
export interface DevTwilio {
  readonly standIn: TwilioStandIn;
  readonly settings: TwilioServerSettings;
  readonly contactCentre: ContactCentreSettings;
  /** The console's controls of the stand-in (call the queue or an agent, hang up) and its URL for the local softphone. */
  readonly console: TwilioStandInConsole;
  /** Points the stand-in's webhooks and the workspace's event callback at the console server. */
  connect(serverUrl: string): Promise<void>;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The number whose calls ring the default agent directly (`<Dial><Client>`), beside the queue's number. */
export const DEV_DIRECT_NUMBER = '+15005550010';

/** How the local contact centre is provisioned. */
export interface DevTwilioOptions {
  /** Seconds a reservation rings before TaskRouter gives it to the next agent (the workflow's; default 20). */
  readonly reservationTimeoutSeconds?: number;
}

/** {@link DevTwilioOptions} from `TWILIO_STAND_IN_RESERVATION_TIMEOUT` (seconds, 1–600). */
export function devTwilioOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): DevTwilioOptions {
  const value = env.TWILIO_STAND_IN_RESERVATION_TIMEOUT?.trim();
  if (!value) return {};
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) throw new ConfigError('TWILIO_STAND_IN_RESERVATION_TIMEOUT', 'whole seconds from 1 to 600', value);
  return { reservationTimeoutSeconds: seconds };
}

/**
 * Starts the stand-in and provisions it: a worker for `identity` and for every user of the console
 * (`/?user=agent|agent2|supervisor`), each named after its Twilio identity, as the server finds
 * workers. The supervisor's worker (Offline until they choose otherwise) carries their softphone's
 * token; the directory's role `supervisor` is what lets them list and monitor calls.
 */
export async function startDevTwilio(identity = 'agent', options: DevTwilioOptions = {}): Promise<DevTwilio> {
  const library = await loadTwilioLibrary('`dev --provider twilio`');
  const { startTwilioStandIn } = await import('./stand-in/index.js');
  const settings: TwilioServerSettings = { accountSid: `AC${hex(16)}`, apiKeySid: `SK${hex(16)}`, apiKeySecret: hex(16), twimlAppSid: `AP${hex(16)}`, authToken: hex(16), callerId: '+15005550006', identity, tokenTtlSeconds: 3600 };
  const standIn = await startTwilioStandIn({ library, accountSid: settings.accountSid, authToken: settings.authToken, apiKeys: [{ sid: settings.apiKeySid, secret: settings.apiKeySecret }] });
  try {
    const client = createTwilioClient(library, { accountSid: settings.accountSid, apiKeySid: settings.apiKeySid, apiKeySecret: settings.apiKeySecret, baseUrl: standIn.url });
    const centre = await provisionContactCentre(client, { friendlyName: 'Local contact centre', ...(options.reservationTimeoutSeconds ? { reservationTimeoutSeconds: options.reservationTimeoutSeconds } : {}) });
    const roles = new Map<string, string>([[identity, 'agent'], ...CONSOLE_USERS.map((user): [string, string] => [user.twilioIdentity, user.role])]);
    for (const [name, role] of roles) {
      await client.taskrouter.v1.workspaces(centre.workspaceSid).workers.create({ friendlyName: name, attributes: JSON.stringify({ contact_uri: `client:${name}`, roles: [role] }) });
    }
    const contactCentre: ContactCentreSettings = { workspaceSid: centre.workspaceSid, workflowSid: centre.workflowSid, activities: { available: 'Available', busy: 'Busy', offline: 'Offline', wrapUp: 'Wrap-up' }, apiBaseUrl: standIn.url };
    const customer = (call: { sid: string; from: string; to: string; status: string; place: { kind: string } }): StandInCustomerCall => ({ callSid: call.sid, from: call.from, to: call.to, status: call.status, place: call.place.kind });
    const numbers = new Set([settings.callerId, DEV_DIRECT_NUMBER]);
    return {
      standIn,
      settings,
      contactCentre,
      console: {
        url: standIn.url,
        queueNumber: settings.callerId,
        directNumber: DEV_DIRECT_NUMBER,
        call: async (init) => customer(await standIn.incomingCall({ from: init.from, to: init.to, ...(init.callerName ? { callerName: init.callerName } : {}), ...(init.digits ? { params: { Digits: init.digits } } : {}) })),
        customerCalls: () => [...standIn.voice.calls.values()].filter((call) => call.direction === 'inbound' && numbers.has(call.to) && !call.from.startsWith('client:')).map(customer),
        hangUp: (callSid) => void standIn.voice.hangUp(callSid),
      },
      async connect(serverUrl) {
        // The queue's number enqueues to TaskRouter; the direct number rings the agent's identity.
        standIn.configure({ voiceUrl: `${serverUrl}/api/twilio/cc/voice`, twimlAppVoiceUrl: `${serverUrl}/api/twilio/voice`, numberVoiceUrls: { [DEV_DIRECT_NUMBER]: `${serverUrl}/api/twilio/voice` } });
        await client.taskrouter.v1.workspaces(centre.workspaceSid).update({ eventCallbackUrl: `${serverUrl}/api/twilio/cc/taskrouter-events` });
      },
      close: () => standIn.close(),
    };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}

/** The console server's options for a running local Twilio: what `dev --provider twilio` passes (tests start it the same way). */
export function devTwilioServerOptions(dev: DevTwilio): { provider: TwilioConfig; twilio: { settings: TwilioServerSettings }; twilioContactCentre: { settings: TwilioServerSettings; contactCentre: ContactCentreSettings }; twilioStandIn: TwilioStandInConsole } {
  // Contact-centre mode: TaskRouter routes the queue's calls; calls to the direct number still ring the agent.
  // Supervision on: the supervisor's softphone lists the team's calls; the server refuses the list to agents.
  return { provider: twilio({ contactCentre: { supervisor: true } }), twilio: { settings: dev.settings }, twilioContactCentre: { settings: dev.settings, contactCentre: dev.contactCentre }, twilioStandIn: dev.console };
}
