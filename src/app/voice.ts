/**
 * What every Salesforce Voice connector page does, whatever its provider: read the page's
 * configuration, wrap the provider in the vendor connector and hand it to
 * `@salesforce/scv-connector-base`. Each provider has a small entry (`src/app/voice-<provider>.ts`)
 * that calls {@link startVoiceConnector} with the provider's browser entry.
 */
import { isProviderKind, type BrowserProviderEntry, type PresenceMapping, type ProviderConfig } from '../core/index.js';
import { AgentSessionClient, type AgentAuthPageConfig } from './agent-session.js';
import { OidcSignIn, oidcPageConfig, relayOidcCallback } from './oidc-sign-in.js';
import { HttpVoiceCallSync, VoiceVendorConnector, libraryPublisher, scv, type VoiceDirectoryEntry } from '../salesforce/voice/index.js';

/** The connector page's configuration, as JSON in `#voice-connector-config`. */
export interface VoiceConnectorPageConfig {
  readonly provider: ProviderConfig;
  /** The vendor server's call-report endpoint (default `/api/voice/calls`); `null` when the telephony system creates VoiceCalls itself. */
  readonly voiceCallsUrl?: string | null;
  readonly directory?: readonly VoiceDirectoryEntry[];
  readonly afterCallWork?: boolean;
  /** Omni-Channel ⇄ provider presence mapping (`omni` of `softphone.config.ts`). */
  readonly omni?: PresenceMapping;
  /**
   * The agent's session with the vendor server. Salesforce Voice has no `runApex`: the assertion
   * comes from the org as OpenID Connect provider (`oidc`: a connected app, authorization code with
   * PKCE; docs/security.md "Salesforce Voice"), or in the local Voice console from `assertionUrl`.
   */
  readonly agentAuth?: AgentAuthPageConfig;
}

/** The session of a connector page whose configuration has `agentAuth.oidc` or `agentAuth.assertionUrl`. */
function voiceSession(config: AgentAuthPageConfig | undefined): AgentSessionClient | undefined {
  if (config?.oidc) {
    const signIn = new OidcSignIn(oidcPageConfig(config.oidc));
    return new AgentSessionClient(async () => ({ oidc: await signIn.authorize() }), config.sessionUrl);
  }
  const assertionUrl = config?.assertionUrl;
  if (!config || !assertionUrl) return undefined;
  const user = new URLSearchParams(location.search).get('user') ?? undefined;
  return new AgentSessionClient(async () => {
    const response = await fetch(assertionUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user ? { user } : {}) });
    const body = (await response.json().catch(() => undefined)) as { runApex?: unknown } | undefined;
    if (!response.ok || typeof body?.runApex !== 'string') throw new Error(`${assertionUrl} answered ${response.status} without an assertion`);
    return body.runApex;
  }, config.sessionUrl);
}

/**
 * Starts the connector with the provider of `entry`, whose `kind` must be the one the page's
 * configuration names (undefined when this load is the sign-in's callback). Runs synchronously up to `initializeConnector`, so the library listens
 * before Salesforce's `SETUP_CONNECTOR` can arrive.
 */
export function startVoiceConnector<Config extends ProviderConfig>(entry: BrowserProviderEntry<Config>): VoiceVendorConnector | undefined {
  // Loaded as the OpenID Connect callback (in the sign-in frame or popup): hand the answer over, nothing else.
  if (relayOidcCallback(window)) return undefined;
  const text = document.getElementById('voice-connector-config')?.textContent;
  if (!text) throw new Error('The connector page has no #voice-connector-config element.');
  const config = JSON.parse(text) as VoiceConnectorPageConfig;
  const provider = config.provider;
  if (!provider || !isProviderKind<Config>(provider, entry.kind)) {
    throw new Error(`This connector page is configured for the "${String(provider?.kind)}" provider but loads the ${entry.kind} bundle.`);
  }
  const voiceCallsUrl = config.voiceCallsUrl === undefined ? '/api/voice/calls' : config.voiceCallsUrl;
  const session = voiceSession(config.agentAuth);
  const connector = new VoiceVendorConnector({
    provider: entry.create(provider, session ? { session } : {}),
    publisher: libraryPublisher,
    memory: sessionStorage,
    ...(voiceCallsUrl ? { voiceCalls: new HttpVoiceCallSync(voiceCallsUrl, session ? { session } : {}) } : {}),
    ...(config.directory ? { directory: config.directory } : {}),
    ...(config.afterCallWork !== undefined ? { afterCallWork: config.afterCallWork } : {}),
    ...(config.omni ? { omni: config.omni } : {}),
  });
  scv.initializeConnector(connector);
  (window as unknown as { voiceConnector?: VoiceVendorConnector }).voiceConnector = connector;
  return connector;
}
