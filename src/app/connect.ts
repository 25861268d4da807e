/** The softphone page's entry point with the Amazon Connect provider. */
import { connectBrowserEntry } from '../providers/connect/browser.js';
import { startSoftphone } from './start.js';

void startSoftphone(connectBrowserEntry);
