/**
 * What every softphone page does, whatever its provider: read the page's configuration, wire
 * provider ⇄ connector ⇄ Open CTI bridge ⇄ UI, and start. Each provider has a small entry module
 * (`src/app/<provider>.ts`) that calls {@link startSoftphone} with the provider's browser entry
 * (`src/providers/<provider>/browser.ts`), so a bundle carries one provider only.
 */
import {
  Connector,
  TimelineRecorder,
  errorMessage,
  isProviderKind,
  type BrowserProviderEntry,
  type CallLogOutbox,
  type CallLogRules,
  type PhoneMetadata,
  type PresenceMapping,
  type ProviderConfig,
  type Region,
  type RetryPolicy,
} from '../core/index.js';
import { OmniChannelSync, OpenCtiBridge, SOFTPHONE_CALL_LOG_APEX, checkHostOrigin, type PopRules } from '../salesforce/index.js';
import { mountSoftphone } from '../ui/index.js';
import { AgentSessionClient, type AgentAuthPageConfig } from './agent-session.js';
import { IndexedDbCallLogOutbox } from './indexeddb-outbox.js';
import { INACTIVE_MESSAGE, runInOneTab } from './single-tab.js';

/** What the server (or, in an org, the generated page) tells the softphone, as JSON in `#softphone-config`. */
export interface SoftphonePageConfig {
  readonly provider: ProviderConfig;
  readonly popOn?: 'ringing' | 'answer';
  readonly defaultRegion?: Region;
  /**
   * Numbering plans of the configured regions (`phoneMetadataFor(config.phoneRegions)`), so national
   * numbers are understood without the bundle carrying every country's plan. Absent, only numbers
   * in international form (`+…`) are normalised.
   */
  readonly phoneMetadata?: PhoneMetadata;
  readonly dispositions?: readonly string[];
  /** When a ringing call's Accept takes the keyboard focus (default `when-idle`: never from a field the agent types in). */
  readonly focusOnRing?: 'always' | 'when-idle';
  /** Numbers the agent adds to calls often, offered by name in the Add participant form. */
  readonly quickTargets?: ReadonlyArray<{ readonly label: string; readonly number: string }>;
  /** Screen-pop rules; absent, the org's Softphone Layout decides alone. */
  readonly screenPop?: PopRules;
  /** Call-log rules (subject template, WhoId/WhatId objects); absent, the built-in ones. */
  readonly logging?: CallLogRules & { readonly recordingField?: string };
  /** Retry back-off of call-log saves (default 1 s doubling to 30 s, with jitter). */
  readonly logRetry?: RetryPolicy;
  /** How long an Open CTI call may wait for Salesforce (default 10 s). */
  readonly openCtiTimeoutMs?: number;
  /** Whether the org has the optional `SoftphoneCallLog` Apex class to look logs up by call id. */
  readonly callLogLookup?: boolean;
  /** Omni-Channel presence sync over the message channel `channel`; absent, none. */
  readonly omni?: PresenceMapping & { readonly channel: string };
  /**
   * Sign the agent in to the vendor's server with a Salesforce-signed assertion (runApex), before
   * the provider starts; its session then goes with every server request. Absent, no session.
   */
  readonly agentAuth?: AgentAuthPageConfig;
}

/** Which agent of which provider this page is: scopes the outbox and the one-active-tab lock. */
function scopeOf(provider: ProviderConfig, userId?: string): string {
  const options = (typeof provider.options === 'object' && provider.options !== null ? provider.options : {}) as Record<string, unknown>;
  const agent = [userId, options.agentId, options.user].find((value): value is string => typeof value === 'string' && value !== '');
  return `${provider.kind}:${agent ?? 'default'}`;
}

function showInactive(root: HTMLElement): void {
  const box = document.createElement('div');
  box.className = 'slds-notify slds-notify_alert slds-alert_warning';
  box.setAttribute('role', 'status');
  box.dataset.testid = 'softphone-inactive';
  box.textContent = INACTIVE_MESSAGE;
  root.replaceChildren(box);
}

async function openOutbox(scope: string, root: HTMLElement): Promise<CallLogOutbox | undefined> {
  try {
    return await IndexedDbCallLogOutbox.open(scope);
  } catch (error) {
    // Calls still work; the agent is told that logs of calls in progress would not survive a reload.
    const box = document.createElement('div');
    box.className = 'slds-notify slds-notify_alert slds-alert_warning';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'outbox-unavailable';
    box.textContent = errorMessage(error);
    root.before(box);
    return undefined;
  }
}

function readConfig(): SoftphonePageConfig {
  const text = document.getElementById('softphone-config')?.textContent;
  if (!text) throw new Error('The softphone page has no #softphone-config element.');
  return JSON.parse(text) as SoftphonePageConfig;
}

function showFatal(root: HTMLElement, error: unknown): void {
  const box = document.createElement('div');
  box.className = 'slds-notify slds-notify_alert slds-alert_error';
  box.setAttribute('role', 'alert');
  box.textContent = `The softphone could not start: ${errorMessage(error)}`;
  root.replaceChildren(box);
}

/**
 * Starts the softphone in `#softphone-root` with the provider of `entry`. The entry's `kind` guards
 * against a page whose configuration names another provider than the bundle carries.
 */
export async function startSoftphone<Config extends ProviderConfig>(entry: BrowserProviderEntry<Config>): Promise<void> {
  const timeline = new TimelineRecorder();
  // The page's navigation started the clock: cold start is measured from there.
  timeline.markStartup('navigation-start', performance.timeOrigin);
  timeline.markStartup('script-running');
  const root = document.getElementById('softphone-root');
  if (!root) return;
  try {
    const config = readConfig();
    const provider = config.provider;
    if (!provider || !isProviderKind<Config>(provider, entry.kind)) {
      throw new Error(`this page is configured for the "${String(provider?.kind)}" provider but loads the ${entry.kind} bundle.`);
    }
    // Only a Salesforce page that frames this one may drive it, and sign it in (the bridge checks the
    // same again when it starts).
    checkHostOrigin(window);
    // The server says which agent this is; the page only carries the Salesforce-signed assertion to it.
    const session = config.agentAuth ? AgentSessionClient.forOpenCti(window, config.agentAuth) : undefined;
    const identity = session ? await session.start() : undefined;
    if (session) timeline.markStartup('signed-in');
    const scope = scopeOf(provider, identity?.userId);
    await runInOneTab(
      scope,
      async () => {
        timeline.markStartup('tab-claimed');
        const bridge = OpenCtiBridge.fromWindow(window, {
          ...(config.screenPop ? { popRules: config.screenPop } : {}),
          ...(config.openCtiTimeoutMs ? { timeoutMs: config.openCtiTimeoutMs } : {}),
          ...(config.callLogLookup ? { callLogLookup: SOFTPHONE_CALL_LOG_APEX } : {}),
          ...(config.logging?.recordingField ? { recordingField: config.logging.recordingField } : {}),
        });
        const connector = new Connector({
          provider: entry.create(provider, session ? { session } : {}),
          bridge,
          outbox: await openOutbox(scope, root),
          timeline,
          reducer: {
            popOn: config.popOn ?? 'ringing',
            defaultRegion: config.defaultRegion ?? 'US',
            ...(config.phoneMetadata ? { phoneMetadata: config.phoneMetadata } : {}),
            ...(config.logging ? { logging: config.logging } : {}),
          },
          ...(config.logRetry ? { logRetry: config.logRetry } : {}),
        });
        root.replaceChildren();
        mountSoftphone(root, connector, { dispositions: config.dispositions, focusOnRing: config.focusOnRing === 'always' ? 'always' : 'when-idle', quickTargets: config.quickTargets });
        (window as unknown as { softphone?: Connector }).softphone = connector;
        // Omni sync subscribes before the provider connects, so the start-up reconcile sees both sides.
        const omni = config.omni ? new OmniChannelSync(bridge.client, connector, { mapping: config.omni, channel: config.omni.channel, onError: (message) => console.warn(message) }) : undefined;
        await omni?.start().catch((error: unknown) => console.warn(`Omni-Channel sync could not start: ${errorMessage(error)}`));
        await connector.start();
      },
      () => showInactive(root),
    );
  } catch (error) {
    showFatal(root, error);
  }
}
