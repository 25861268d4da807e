/** The Salesforce Voice connector bundle with the SIP/WebRTC provider. */
import { createSipProvider, type SipConfig } from '../providers/sip/index.js';
import { startVoiceConnector } from './voice.js';

// The far end's voice plays here; Salesforce's softphone is only the controls.
const remoteAudio = document.createElement('audio');
remoteAudio.autoplay = true;
document.body.append(remoteAudio);

startVoiceConnector('sip', (config) => createSipProvider(config as SipConfig, { remoteAudio: () => remoteAudio }));
