/** The softphone page's entry point with the SIP/WebRTC provider. */
import { sipBrowserEntry } from '../providers/sip/browser.js';
import { startSoftphone } from './start.js';

void startSoftphone(sipBrowserEntry);
