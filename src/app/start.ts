/**
 * What every softphone page does, whatever its provider: read the page's configuration, wire
 * provider ⇄ connector ⇄ Open CTI bridge ⇄ UI, and start. Each provider has a small entry module
 * (`src/app/<provider>.ts`) that calls {@link startSoftphone}, so a bundle carries one provider only.
 */
import { Connector, type CallLogRules, type ProviderConfig, type Region, type TelephonyProvider } from '../core/index.js';
import { OpenCtiBridge, type PopRules } from '../salesforce/index.js';
import { mountSoftphone } from '../ui/index.js';

/** What the server (or, in an org, the generated page) tells the softphone, as JSON in `#softphone-config`. */
export interface SoftphonePageConfig {
  readonly provider: ProviderConfig;
  readonly popOn?: 'ringing' | 'answer';
  readonly defaultRegion?: Region;
  readonly dispositions?: readonly string[];
  /** Screen-pop rules; absent, the org's Softphone Layout decides alone. */
  readonly screenPop?: PopRules;
  /** Call-log rules (subject template, WhoId/WhatId objects); absent, the built-in ones. */
  readonly logging?: CallLogRules;
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
  box.textContent = `The softphone could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.replaceChildren(box);
}

/**
 * Starts the softphone in `#softphone-root`. `expectedKind` guards against a page whose
 * configuration names another provider than the bundle carries.
 */
export async function startSoftphone(expectedKind: string, createProvider: (config: ProviderConfig) => TelephonyProvider): Promise<void> {
  const root = document.getElementById('softphone-root');
  if (!root) return;
  try {
    const config = readConfig();
    if (config.provider?.kind !== expectedKind) {
      throw new Error(`this page is configured for the "${String(config.provider?.kind)}" provider but loads the ${expectedKind} bundle.`);
    }
    const connector = new Connector({
      provider: createProvider(config.provider),
      bridge: OpenCtiBridge.fromWindow(window, config.screenPop ? { popRules: config.screenPop } : {}),
      reducer: { popOn: config.popOn ?? 'ringing', defaultRegion: config.defaultRegion ?? 'US', ...(config.logging ? { logging: config.logging } : {}) },
    });
    mountSoftphone(root, connector, { dispositions: config.dispositions });
    (window as unknown as { softphone?: Connector }).softphone = connector;
    await connector.start();
  } catch (error) {
    showFatal(root, error);
  }
}
