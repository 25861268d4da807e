/**
 * The Amazon Connect provider in a softphone page: loads Amazon Connect Streams (which defines the
 * `connect` global) and places the CCP iframe. Kept apart from the rest of the provider (and out of
 * its public index) so only the Connect softphone bundle carries Streams, and tests run on a fake.
 */
import 'amazon-connect-streams';
import type { BrowserProviderEntry } from '../../core/index.js';
import type { ConnectConfig } from './config.js';
import { createConnectProvider } from './create.js';
import type { ConnectStreamsLike } from './sdk.js';

/** The page's Streams library; the return type checks that the real global fits the provider. */
export function browserStreams(): ConnectStreamsLike {
  return connect;
}

/**
 * A container for the CCP iframe. Hidden means off-screen rather than `display: none`, so the
 * CCP still loads and carries the call's audio.
 */
export function ccpContainer(root: HTMLElement, mode: 'hidden' | 'visible' = 'hidden'): HTMLElement {
  const container = document.createElement('div');
  container.className = 'sp-ccp';
  if (mode === 'hidden') {
    Object.assign(container.style, { position: 'absolute', left: '-10000px', top: '0', width: '320px', height: '480px' });
    container.setAttribute('aria-hidden', 'true');
  } else {
    Object.assign(container.style, { width: '100%', height: '480px' });
  }
  root.after(container);
  return container;
}

/** Creates the Amazon Connect provider of a page's configuration, with the CCP next to the softphone's root. */
export const connectBrowserEntry: BrowserProviderEntry<ConnectConfig> = {
  kind: 'connect',
  create(config) {
    const root = document.getElementById('softphone-root') ?? document.body;
    return createConnectProvider(config, { streams: browserStreams(), container: ccpContainer(root, config.options.ccp) });
  },
};
