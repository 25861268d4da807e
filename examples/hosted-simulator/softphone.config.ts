/**
 * The telephony simulator hosted on its own server (e.g. for a sandbox demo): the softphone connects
 * to another origin, so the build emits a CSP Trusted Site for it. Also shows every option.
 */
import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';

export default defineConfig({
  provider: simulator({ url: 'wss://sim.example.com/api/sim/agent', agentId: 'agent-7' }),
  defaultRegion: 'GB',
  screenPop: {
    when: 'answer',
    objects: ['Contact', 'Account', 'Case'],
    onNoMatch: 'new-record',
    newRecordObject: 'Lead',
    onManyMatches: 'first',
    ivrFields: { accountNumber: 'AccountNumber', caseNumber: 'CaseNumber' },
  },
  logging: {
    subject: '{direction} call – {name} ({number})',
    dispositions: ['Resolved', 'Call back', 'Escalated to tier 2'],
    whoObjects: ['Contact', 'Lead'],
    whatObjects: ['Account', 'Case'],
  },
  callCenter: {
    name: 'Support_Desk',
    displayName: 'Support Desk (UK)',
    width: 340,
    height: 520,
  },
  salesforce: {
    apiVersion: '61.0',
    trustedSites: ['https://recordings.example.com'],
    corsOrigins: ['https://token.example.com'],
  },
});
