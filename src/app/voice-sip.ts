/** The Salesforce Voice connector bundle with the SIP/WebRTC provider; the far end's voice plays in this page. */
import { sipBrowserEntry } from '../providers/sip/browser.js';
import { startVoiceConnector } from './voice.js';

startVoiceConnector(sipBrowserEntry);
