import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';

/**
 * Screen-pop rules beyond the caller's number, tried in order before the phone-number search (the
 * default rule). The Softphone Layout must search the objects a `search` rule names (here Case and
 * Account): Open CTI's searchAndScreenPop only searches the layout's objects.
 */
export default defineConfig({
  provider: simulator({ url: '/api/sim/agent' }),
  defaultRegion: 'US',
  screenPop: {
    when: 'ringing',
    rules: [
      // The IVR collected a case number: pop that Case (the call's Task is then related to it).
      { name: 'ivr-case', when: { direction: 'inbound', data: { caseNumber: true } }, pop: { kind: 'search', value: '{data.caseNumber}', objects: { Case: 'CaseNumber' } } },
      // An account number: pop that Account.
      { name: 'ivr-account', when: { data: { accountNumber: true } }, pop: { kind: 'search', value: '{data.accountNumber}', objects: { Account: 'AccountNumber' } } },
      // The telephony system already knows the record: pop it by id.
      { name: 'known-record', when: { data: { recordId: true } }, pop: { kind: 'record', idFrom: 'recordId', object: 'Case' } },
      // Calls to the billing line start a Flow with the call data as its input variables.
      { name: 'billing-line', when: { dialled: '+1 800 555 0150' }, pop: { kind: 'flow', flowDevName: 'Billing_Intake' } },
      // An order number: the order system's page for it.
      { name: 'order-lookup', when: { data: { orderId: true } }, pop: { kind: 'url', url: 'https://orders.example.com/orders/{data.orderId}?caller={number}' } },
      // The sales queue: a new Lead with what the IVR knows.
      { name: 'sales-queue', when: { queue: 'Sales' }, pop: { kind: 'new-record', object: 'Lead', fields: { Company: '{data.company}', Phone: '{number}' } } },
    ],
  },
  callCenter: { name: 'SoftphoneConnector', displayName: 'Softphone Connector' },
});
