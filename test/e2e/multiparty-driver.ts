/**
 * Drives the softphone's multi-party views in the local console through the page rather than the
 * phone system: the softphone page exposes its `Connector` as `window.softphone`, so a test can
 *
 * - **stub the provider's capabilities** (`provider.capabilities` replaced in the page; the UI reads
 *   it on each render), to show the controls a multi-party provider offers and prove that each one
 *   follows its capability;
 * - **record the commands** the UI runs (`execute` replaced by a spy). Commands of the
 *   walking skeleton (answer, hang up, hold, …) still reach the simulator, unless the test says
 *   otherwise; multi-party commands are only recorded, never run: these tests are about the UI (the
 *   simulator's own multi-party calls are proven in test/unit/simulator-multiparty.test.ts);
 * - **inject provider events** (`dispatch`), the normalized events a multi-party provider would
 *   report: participants, conference, supervisor modes, the team's calls, a monitoring leg.
 *
 * What is real: the console, the simulator call the events are about, the connector, its reducer
 * and the whole UI in Chromium. What is stubbed is said above.
 */
import type { Frame } from 'playwright-core';
import type { CallEvent, Command, ProviderCapabilities } from '../../src/core/index.js';

/** Every multi-party capability: what the simulator provider advertises (asserted by the UI test). */
export const MULTI_PARTY: ProviderCapabilities = {
  outbound: true,
  hold: true,
  mute: true,
  dtmf: true,
  transfer: { blind: true, consult: true },
  conference: true,
  recording: false,
  presence: true,
  supervisor: { listen: true, whisper: true, barge: true },
};

/** Command types that still reach the simulator while the spy records them. */
export const SKELETON_COMMANDS: readonly Command['type'][] = ['answer', 'decline', 'hangup', 'hold', 'resume', 'mute', 'unmute', 'dtmf', 'dial', 'transfer', 'set-presence'];

/** A provider event without its timestamp: the page stamps it with its clock. */
export type UnstampedEvent = CallEvent extends infer Event ? (Event extends CallEvent ? Omit<Event, 'at'> & { at?: number } : never) : never;

interface SpiedWindow {
  softphone: {
    provider: { capabilities: ProviderCapabilities };
    execute(command: Command): Promise<string | undefined>;
    dispatch(event: CallEvent): void;
  };
  multiParty?: { commands: Command[]; passThrough: string[]; original: ProviderCapabilities };
  said?: string[];
}

/** The softphone frame's multi-party test hooks. */
export class MultiPartyDriver {
  constructor(private readonly frame: Frame) {}

  /** Installs the command spy (once per page) and the live-region recorder. */
  async install(): Promise<void> {
    await this.frame.evaluate((passThrough) => {
      const page = window as unknown as SpiedWindow;
      if (page.multiParty) return;
      const connector = page.softphone;
      const execute = connector.execute.bind(connector);
      const spy = { commands: [] as Command[], passThrough: [...passThrough], original: connector.provider.capabilities };
      page.multiParty = spy;
      connector.execute = (command) => {
        spy.commands.push(command);
        return spy.passThrough.includes(command.type) ? execute(command) : Promise.resolve(undefined);
      };
      const region = document.querySelector('[data-testid="sp-announcer"]');
      if (!region) throw new Error('no live region');
      const said: string[] = [];
      page.said = said;
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) said.push(node.textContent ?? '');
      }).observe(region, { childList: true, characterData: true, subtree: true });
    }, SKELETON_COMMANDS as string[]);
  }

  /** Replaces the provider's capabilities (the UI reads them on its next render); `undefined` restores the provider's own. */
  async stubCapabilities(capabilities: ProviderCapabilities | undefined): Promise<void> {
    await this.frame.evaluate((stub) => {
      const page = window as unknown as SpiedWindow;
      page.softphone.provider.capabilities = stub ?? page.multiParty!.original;
    }, capabilities);
  }

  /** The provider's own capabilities, as the page has them. */
  ownCapabilities(): Promise<ProviderCapabilities> {
    return this.frame.evaluate(() => (window as unknown as SpiedWindow).multiParty!.original);
  }

  /** Which command types reach the provider (the rest are only recorded). */
  async passThrough(types: readonly Command['type'][]): Promise<void> {
    await this.frame.evaluate((list) => {
      (window as unknown as SpiedWindow).multiParty!.passThrough = list;
    }, types as string[]);
  }

  /** Feeds provider events to the connector, as a provider's `ctx.emit` would, stamped now. */
  async dispatch(...events: UnstampedEvent[]): Promise<void> {
    await this.frame.evaluate((list) => {
      const connector = (window as unknown as SpiedWindow).softphone;
      for (const event of list) connector.dispatch({ at: Date.now(), ...event } as CallEvent);
    }, events);
  }

  /** The commands the UI ran since the last call, and forgets them. */
  takeCommands(): Promise<Command[]> {
    return this.frame.evaluate(() => (window as unknown as SpiedWindow).multiParty!.commands.splice(0));
  }

  /** What the live region said since the last call, and forgets it. */
  takeSaid(): Promise<string[]> {
    return this.frame.evaluate(() => (window as unknown as SpiedWindow).said!.splice(0));
  }
}
