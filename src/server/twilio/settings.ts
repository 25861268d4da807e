/**
 * Settings of the Twilio contact centre on the server, beside the token/webhook settings
 * (`TwilioServerSettings`): the TaskRouter workspace and workflow, hold music, the activity names
 * presence maps to, and — for the stand-in only — another base URL for Twilio's REST API.
 */
import { ConfigError } from '../../core/index.js';
import type { TwilioServerSettings } from '../twilio-settings.js';

/** Where the contact centre lives in Twilio, and how it behaves. */
export interface ContactCentreSettings {
  /** `TWILIO_WORKSPACE_SID`, `WS…`. */
  readonly workspaceSid: string;
  /** `TWILIO_WORKFLOW_SID`, `WW…`: inbound calls are enqueued to it. */
  readonly workflowSid: string;
  /** `TWILIO_HOLD_MUSIC_URL`: what a held party hears (TwiML or audio); Twilio's default music when absent. */
  readonly holdMusicUrl?: string;
  /** Activity names presence maps to (`TWILIO_ACTIVITY_AVAILABLE`, `…_BUSY`, `…_OFFLINE`, `…_WRAP_UP`). */
  readonly activities: { readonly available: string; readonly busy: string; readonly offline: string; readonly wrapUp: string };
  /** `TWILIO_API_BASE_URL`: only for a stand-in of Twilio's REST API; absent against Twilio. */
  readonly apiBaseUrl?: string;
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

/** Reads the contact-centre settings; the error names the variable that is missing or wrong. */
export function contactCentreSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ContactCentreSettings {
  const read = (name: string, test: RegExp, expected: string): string => {
    const value = env[name]?.trim();
    if (!value || !test.test(value)) throw new ConfigError(name, expected, value);
    return value;
  };
  const url = (name: string): string | undefined => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(value)) throw new ConfigError(name, 'an http(s):// URL', value);
    return value.replace(/\/+$/, '');
  };
  const name = (variable: string, fallback: string) => env[variable]?.trim() || fallback;
  const holdMusicUrl = url('TWILIO_HOLD_MUSIC_URL');
  const apiBaseUrl = url('TWILIO_API_BASE_URL');
  return {
    workspaceSid: read('TWILIO_WORKSPACE_SID', SID('WS'), 'a TaskRouter workspace SID ("WS" and 32 hex digits)'),
    workflowSid: read('TWILIO_WORKFLOW_SID', SID('WW'), 'a TaskRouter workflow SID ("WW" and 32 hex digits)'),
    ...(holdMusicUrl ? { holdMusicUrl } : {}),
    activities: { available: name('TWILIO_ACTIVITY_AVAILABLE', 'Available'), busy: name('TWILIO_ACTIVITY_BUSY', 'Busy'), offline: name('TWILIO_ACTIVITY_OFFLINE', 'Offline'), wrapUp: name('TWILIO_ACTIVITY_WRAP_UP', 'Wrap-up') },
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
  };
}

/** The contact centre of a console server (`ConsoleServerOptions.twilioContactCentre`): the account and its TaskRouter set-up. */
export interface ContactCentreServerOptions {
  readonly settings: TwilioServerSettings;
  readonly contactCentre: ContactCentreSettings;
}
