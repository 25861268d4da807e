import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';

export default defineConfig({
  provider: simulator({
    // The local console's telephony simulator. In an org, point this at a simulator you host (wss://…).
    url: '/api/sim/agent',
  }),
  defaultRegion: 'US',
  screenPop: {
    when: 'ringing',
    // What the org's Softphone Layout decides, unless you choose here: 'new-record' / 'first' / 'nothing'.
    onNoMatch: 'layout',
    onManyMatches: 'layout',
  },
  logging: {
    dispositions: ['Resolved', 'Follow-up required', 'Left voicemail', 'Wrong number', 'Not interested'],
  },
  callCenter: {
    name: 'SoftphoneConnector',
    displayName: 'Softphone Connector',
    width: 300,
    height: 460,
  },
  // salesforce.apiVersion: the current Salesforce release's unless set (DEFAULT_API_VERSION).
});
