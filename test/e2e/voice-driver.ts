/**
 * Provider-agnostic driver of the local Salesforce Voice console: starts `softphone-connector dev
 * --voice` (HTTPS) on port 0, opens its Voice host in Debian's Chromium under the Salesforce-like
 * host name the Voice library requires (resolved to 127.0.0.1, certificate accepted), and drives
 * the host exactly as Salesforce does: commands over the connector's MessageChannel, published
 * events read back. The far end (who rings the agent) is supplied by the test.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startConsole, type RunningConsole } from './harness.js';
import type { VoiceHost, VoiceHostCommand, VoiceHostEntry, VoicePhoneCall } from '../../src/console/voice-host/voice-host.js';

export const VOICE_HOST_NAME = 'local.lightning.force.com';

/** A running Voice console; its `url` is like `https://local.lightning.force.com:41234`. */
export type RunningVoiceConsole = RunningConsole;

/** Starts the console with `--voice` and resolves once it printed its Voice URL. */
export function startVoiceConsole(extraArgs: string[] = [], command = 'dev'): Promise<RunningVoiceConsole> {
  // HTTPS under a host name that only the test browser resolves: no health request from here.
  return startConsole(['--voice', ...extraArgs], command, {
    ready: /Salesforce Voice console ready at (https:\/\/[\w.-]+:\d+)\/voice\//,
    timeoutMs: 20_000,
    healthCheck: false,
  });
}

/** Chromium that resolves the Salesforce-like host name to loopback and accepts the console's certificate. */
export function launchVoiceBrowser(): Promise<Browser> {
  return launchBrowser([`--host-resolver-rules=MAP ${VOICE_HOST_NAME} 127.0.0.1`, '--ignore-certificate-errors']);
}

type HostWindow = Window & { voiceHost: VoiceHost };

/** The Voice host page, driven as Salesforce drives the connector. */
export class VoiceHostDriver {
  constructor(readonly page: Page) {}

  /** Opens the Voice console (signed in as console user `user`: `/voice/?user=`) and waits for the connector's CONNECTOR_READY. */
  static async open(browser: Browser, url: string, user?: string): Promise<VoiceHostDriver> {
    const page = await browser.newPage();
    if (process.env.E2E_DEBUG) page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
    const driver = new VoiceHostDriver(page);
    await page.goto(`${url}/voice/${user ? `?user=${encodeURIComponent(user)}` : ''}`);
    await driver.waitForReady();
    return driver;
  }

  async waitForReady(): Promise<Extract<VoiceHostEntry, { kind: 'ready' }>> {
    await this.page.getByTestId('voice-status').filter({ hasText: 'Connector ready' }).waitFor({ timeout: 15_000 });
    return this.page.evaluate(() => (window as unknown as HostWindow).voiceHost.entries.find((entry) => entry.kind === 'ready')!) as Promise<Extract<VoiceHostEntry, { kind: 'ready' }>>;
  }

  /** Published telephony events so far (errors included, logs left out). */
  events(): Promise<{ type: string; payload: unknown }[]> {
    return this.page.evaluate(() =>
      (window as unknown as HostWindow).voiceHost.entries.flatMap((entry) => (entry.kind === 'event' ? [{ type: entry.type, payload: entry.payload }] : [])),
    );
  }

  /** Waits until the `count`-th event of `type` arrived and returns it. */
  async waitForEvent(type: string, count = 1, timeoutMs = 10_000): Promise<{ type: string; payload: unknown }> {
    const handle = await this.page
      .waitForFunction(
        ([wanted, n]) => {
          const found = (window as unknown as HostWindow).voiceHost.entries.filter((entry) => entry.kind === 'event' && entry.type === wanted);
          return found.length >= (n as number) ? found[(n as number) - 1] : undefined;
        },
        [type, count] as const,
        { timeout: timeoutMs },
      )
      .catch(async (error: unknown) => {
        // Say what did arrive: the events and errors the connector published instead.
        throw new Error(`no ${type} #${count} within ${timeoutMs} ms; published: ${JSON.stringify(await this.events())}`, { cause: error });
      });
    return (await handle.jsonValue()) as { type: string; payload: unknown };
  }

  send(command: VoiceHostCommand): Promise<void> {
    return this.page.evaluate((message) => (window as unknown as HostWindow).voiceHost.send(message), command);
  }

  /** The call the host currently shows (latest published state). */
  currentCall(): Promise<VoicePhoneCall | undefined> {
    return this.page.evaluate(() => [...(window as unknown as HostWindow).voiceHost.calls().values()].at(-1));
  }

  /** JSON request to the console server from the page (it trusts the console's certificate). */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.page.evaluate(
      async ([m, p, b]) => {
        const response = await fetch(p as string, { method: m as string, headers: b === undefined ? {} : { 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
        if (!response.ok) throw new Error(`${m} ${p}: HTTP ${response.status} ${await response.text()}`);
        return response.json();
      },
      [method, path, body] as const,
    ) as Promise<T>;
  }
}
