/** The Salesforce Voice connector bundle with the telephony simulator's provider. */
import { simulatorBrowserEntry } from '../providers/simulator/browser.js';
import { startVoiceConnector } from './voice.js';

startVoiceConnector(simulatorBrowserEntry);
