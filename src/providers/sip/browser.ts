/**
 * The SIP provider in a softphone page: what only a page has, the `<audio>` element the far end's
 * voice plays in. Imported by the page entries (`src/app/sip.ts`, `src/app/voice-sip.ts`), not by
 * the provider's public index, so Node consumers never load DOM code.
 */
import type { BrowserProviderEntry } from '../../core/index.js';
import type { SipConfig } from './config.js';
import { createSipProvider } from './create.js';

/** Id of the page's remote-audio element. */
const REMOTE_AUDIO_ID = 'softphone-remote-audio';

/**
 * The one element for the far end's voice. It lives outside the UI's root, so re-renders never
 * interrupt audio; in a Salesforce Voice page Salesforce's softphone is only the controls.
 */
function remoteAudioElement(): HTMLAudioElement {
  const existing = document.getElementById(REMOTE_AUDIO_ID);
  if (existing instanceof HTMLAudioElement) return existing;
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.id = REMOTE_AUDIO_ID;
  document.body.append(audio);
  return audio;
}

/** Creates the SIP/WebRTC provider of a page's configuration, playing remote audio in the page. */
export const sipBrowserEntry: BrowserProviderEntry<SipConfig> = {
  kind: 'sip',
  create(config, services) {
    const remoteAudio = remoteAudioElement();
    return createSipProvider(config, { remoteAudio: () => remoteAudio }, services);
  },
};
