/**
 * `softphone-connector dev --provider twilio` without Twilio variables: the loopback Twilio stand-in
 * with made-up credentials, a contact centre provisioned in it through the official library, and a
 * worker for the agent — so the server's Twilio code runs exactly as against Twilio, with only the
 * base URL and credentials different. With `TWILIO_ACCOUNT_SID` set, none of this runs.
 */
import { randomBytes } from 'node:crypto';
import type { TwilioServerSettings } from '../twilio-settings.js';
import { createTwilioClient, loadTwilioLibrary } from './client.js';
import { provisionContactCentre } from './provision.js';
import type { ContactCentreSettings } from './settings.js';
import type { TwilioStandIn } from './stand-in/index.js';

/** A running local Twilio for `dev`. */
export interface DevTwilio {
  readonly standIn: TwilioStandIn;
  readonly settings: TwilioServerSettings;
  readonly contactCentre: ContactCentreSettings;
  /** Points the stand-in's webhooks and the workspace's event callback at the console server. */
  connect(serverUrl: string): Promise<void>;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Starts the stand-in and provisions it; `identity` becomes the agent's worker. */
export async function startDevTwilio(identity = 'agent'): Promise<DevTwilio> {
  const library = await loadTwilioLibrary('`dev --provider twilio`');
  const { startTwilioStandIn } = await import('./stand-in/index.js');
  const settings: TwilioServerSettings = { accountSid: `AC${hex(16)}`, apiKeySid: `SK${hex(16)}`, apiKeySecret: hex(16), twimlAppSid: `AP${hex(16)}`, authToken: hex(16), callerId: '+15005550006', identity, tokenTtlSeconds: 3600 };
  const standIn = await startTwilioStandIn({ library, accountSid: settings.accountSid, authToken: settings.authToken, apiKeys: [{ sid: settings.apiKeySid, secret: settings.apiKeySecret }] });
  try {
    const client = createTwilioClient(library, { accountSid: settings.accountSid, apiKeySid: settings.apiKeySid, apiKeySecret: settings.apiKeySecret, baseUrl: standIn.url });
    const centre = await provisionContactCentre(client, { friendlyName: 'Local contact centre' });
    await client.taskrouter.v1.workspaces(centre.workspaceSid).workers.create({ friendlyName: identity, attributes: JSON.stringify({ contact_uri: `client:${identity}` }) });
    const contactCentre: ContactCentreSettings = { workspaceSid: centre.workspaceSid, workflowSid: centre.workflowSid, activities: { available: 'Available', busy: 'Busy', offline: 'Offline', wrapUp: 'Wrap-up' }, apiBaseUrl: standIn.url };
    return {
      standIn,
      settings,
      contactCentre,
      async connect(serverUrl) {
        standIn.configure({ voiceUrl: `${serverUrl}/api/twilio/cc/voice`, twimlAppVoiceUrl: `${serverUrl}/api/twilio/voice` });
        await client.taskrouter.v1.workspaces(centre.workspaceSid).update({ eventCallbackUrl: `${serverUrl}/api/twilio/cc/taskrouter-events` });
      },
      close: () => standIn.close(),
    };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}
