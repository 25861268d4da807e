/** The softphone page's entry point with the SIP/WebRTC provider. */
import { createSipProvider, type SipConfig } from '../providers/sip/index.js';
import { startSoftphone } from './start.js';

// One element for the far end's voice; it lives outside the UI so re-renders never interrupt audio.
const remoteAudio = document.createElement('audio');
remoteAudio.autoplay = true;
remoteAudio.id = 'softphone-remote-audio';
document.body.append(remoteAudio);

void startSoftphone('sip', (config) => createSipProvider(config as SipConfig, { remoteAudio: () => remoteAudio }));
