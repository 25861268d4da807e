/** The softphone page's entry point with the Amazon Connect provider. */
import { browserStreams, ccpContainer } from '../providers/connect/browser-streams.js';
import { createConnectProvider, type ConnectConfig } from '../providers/connect/index.js';
import { startSoftphone } from './start.js';

void startSoftphone('connect', (config) => {
  const connectConfig = config as ConnectConfig;
  const root = document.getElementById('softphone-root') ?? document.body;
  return createConnectProvider(connectConfig, { streams: browserStreams(), container: ccpContainer(root, connectConfig.options.ccp) });
});
