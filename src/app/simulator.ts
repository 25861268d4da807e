/** The softphone page's entry point with the telephony simulator's provider. */
import { simulatorBrowserEntry } from '../providers/simulator/browser.js';
import { startSoftphone } from './start.js';

void startSoftphone(simulatorBrowserEntry);
