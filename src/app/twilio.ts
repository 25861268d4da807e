/** The softphone page's entry point with the Twilio Voice provider. */
import { twilioBrowserEntry } from '../providers/twilio/browser.js';
import { startSoftphone } from './start.js';

void startSoftphone(twilioBrowserEntry);
