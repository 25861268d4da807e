/**
 * The Open CTI host's Omni-Channel relay (`OmniChannelSync`) over the real `OpenCtiClient`: what it
 * subscribes to and publishes on the message channel, which messages it believes, how it follows the
 * connector's presence and calls, and what it reports when a change cannot be carried out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialState, type Command, type ConnectorState } from '../../src/core/index.js';
import { OmniChannelSync, OpenCtiClient, type OpenCtiApi, type PresenceSyncTarget } from '../../src/salesforce/index.js';
import { MAPPING } from './fakes/omni-mapping.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** `sforce.opencti` with only the Lightning Message Service methods: published messages recorded, the subscriber kept. */
function lmsApi() {
  const published: { channelName: string; message: unknown }[] = [];
  const subscribed: string[] = [];
  let listener: ((message: unknown) => void) | undefined;
  const api = {
    subscribe: (params: { channelName: string; listener: (message: unknown) => void; callback: (response: unknown) => void }) => {
      subscribed.push(params.channelName);
      listener = params.listener;
      params.callback({ success: true, returnValue: { subscription: {} }, errors: null });
    },
    publish: (params: { channelName: string; message: unknown; callback: (response: unknown) => void }) => {
      published.push({ channelName: params.channelName, message: params.message });
      params.callback({ success: true, returnValue: null, errors: null });
    },
  } as unknown as OpenCtiApi;
  return { api, published, subscribed, omni: (message: unknown) => listener?.(message) };
}

/** A connector as the sync sees it: a state the test sets, and the commands it was given. */
class TargetConnector implements PresenceSyncTarget {
  state: ConnectorState = initialState();
  readonly commands: Command[] = [];
  failWith?: Error;
  private readonly listeners = new Set<(state: ConnectorState) => void>();
  getState(): ConnectorState {
    return this.state;
  }
  subscribe(listener: (state: ConnectorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async execute(command: Command): Promise<unknown> {
    this.commands.push(command);
    if (this.failWith) throw this.failWith;
    return undefined;
  }
  set(changes: Partial<ConnectorState>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener(this.state);
  }
}

/** A started sync, the phone ready and available, Omni on Available_Voice: nothing to do yet. */
async function startedSync(channel?: string) {
  const lms = lmsApi();
  const target = new TargetConnector();
  const errors: string[] = [];
  const sync = new OmniChannelSync(new OpenCtiClient(lms.api), target, { mapping: MAPPING, ...(channel ? { channel } : {}), onError: (message) => errors.push(message) });
  await sync.start();
  target.set({ health: 'ready', agentStatus: 'available' });
  await tick();
  lms.omni({ source: 'omni', type: 'status', status: 'Available_Voice', reason: 'Query' });
  await tick();
  return { lms, target, errors, sync };
}

const messages = (lms: ReturnType<typeof lmsApi>) => lms.published.map((entry) => entry.message);

describe('OmniChannelSync (Open CTI host)', () => {
  it('subscribes to the channel, then asks Omni for its status; reconciled, it changes nothing', async () => {
    const { lms, target } = await startedSync();
    assert.deepEqual(lms.subscribed, ['SoftphoneOmniSync__c']);
    assert.deepEqual(lms.published, [{ channelName: 'SoftphoneOmniSync__c', message: { source: 'softphone', type: 'query' } }]);
    assert.deepEqual(target.commands, []);
    const custom = await startedSync('Team_Omni');
    assert.deepEqual(custom.lms.subscribed, ['Team_Omni__c']);
  });

  it('Omni → phone: a mapped Omni status sets the presence; messages not from Omni or malformed are ignored', async () => {
    const { lms, target } = await startedSync();
    for (const forged of [null, undefined, 'Break', { source: 'softphone', type: 'status', status: 'Break' }, { source: 'omni', type: 'query', status: 'Break' }, { source: 'omni', type: 'status', status: '' }, { source: 'omni', type: 'status', status: 7 }]) {
      lms.omni(forged);
    }
    assert.deepEqual(target.commands, [], 'nothing but a well-formed Omni status message counts');
    lms.omni({ source: 'omni', type: 'status', status: 'Break', reason: 'Changed' });
    assert.deepEqual(target.commands, [{ type: 'set-presence', status: 'busy' }]);
    lms.omni({ source: 'omni', type: 'status', status: null, reason: 'Logout' });
    assert.deepEqual(target.commands.at(-1), { type: 'set-presence', status: 'offline' }, 'Omni logged out (null status): offline per the mapping');
  });

  it('phone → Omni: a presence change is published as set-status, only once the provider is ready', async () => {
    const { lms, target } = await startedSync();
    target.set({ agentStatus: 'busy' });
    assert.deepEqual(messages(lms).at(-1), { source: 'softphone', type: 'set-status', status: 'Break' });
    const count = lms.published.length;
    target.set({ health: 'reconnecting', agentStatus: 'available' });
    assert.equal(lms.published.length, count, 'a provider that is not ready has no presence to tell');
  });

  it('the first reading of the phone waits a turn after the provider is ready', async () => {
    const lms = lmsApi();
    const target = new TargetConnector();
    const sync = new OmniChannelSync(new OpenCtiClient(lms.api), target, { mapping: MAPPING });
    await sync.start();
    lms.omni({ source: 'omni', type: 'status', status: 'Break', reason: 'Loaded' });
    target.set({ health: 'ready' }); // still the initial offline: not the agent's presence
    target.set({ agentStatus: 'available' });
    assert.deepEqual(target.commands, [], 'not read in the same turn');
    await tick();
    assert.deepEqual(target.commands, [{ type: 'set-presence', status: 'busy' }], 'reconciled on the presence reported after ready: Omni wins');

    // Ready, then not ready again within the same turn: the delayed first reading finds no presence to read.
    const lost = lmsApi();
    const flapping = new TargetConnector();
    await new OmniChannelSync(new OpenCtiClient(lost.api), flapping, { mapping: MAPPING }).start();
    lost.omni({ source: 'omni', type: 'status', status: 'Available_Voice', reason: 'Loaded' });
    flapping.set({ health: 'ready', agentStatus: 'busy' });
    flapping.set({ health: 'reconnecting' });
    await tick();
    assert.deepEqual(flapping.commands, []);
    assert.deepEqual(messages(lost), [{ source: 'softphone', type: 'query' }]);
    flapping.set({ health: 'ready' });
    await tick();
    assert.deepEqual(flapping.commands, [{ type: 'set-presence', status: 'available' }], 'ready again: the first reading is made then');
  });

  it("reads the phone's presence only when it changed: other changes of the connector leave Omni as the agent set it", async () => {
    const { lms, target } = await startedSync();
    lms.omni({ source: 'omni', type: 'status', status: 'Some_Unmapped_Status', reason: 'Manual' });
    await tick();
    const before = messages(lms).length;
    target.set({ label: 'Phone ' });
    target.set({ viewing: { id: '003000000000001', objectType: 'Contact' } });
    await tick();
    assert.deepEqual(messages(lms).slice(before), [], 'the phone is still available: Omni is not set back');
    assert.deepEqual(target.commands, []);
  });

  it('started after the connector is up, it reads the presence the connector already has', async () => {
    const lms = lmsApi();
    const target = new TargetConnector();
    target.state = { ...target.state, health: 'ready', agentStatus: 'available' };
    await new OmniChannelSync(new OpenCtiClient(lms.api), target, { mapping: MAPPING }).start();
    await tick();
    lms.omni({ source: 'omni', type: 'status', status: 'Break', reason: 'Query' });
    assert.deepEqual(target.commands, [{ type: 'set-presence', status: 'busy' }], 'both sides known without any change of the connector: reconciled, Omni wins');
  });

  it('a call shows On_A_Call in Omni and puts Omni back after it', async () => {
    const { lms, target } = await startedSync();
    target.set({ calls: { c1: { phase: 'connected' } as ConnectorState['calls'][string] }, order: ['c1'] });
    assert.deepEqual(messages(lms).at(-1), { source: 'softphone', type: 'set-status', status: 'On_A_Call' });
    lms.omni({ source: 'omni', type: 'status', status: 'On_A_Call', reason: 'Changed' });
    // Malformed statuses during the call are not the agent choosing one: Omni is still put back after.
    lms.omni({ source: 'omni', type: 'status', status: '' });
    lms.omni({ source: 'omni', type: 'status', status: 7 });
    const during = lms.published.length;
    target.set({ calls: { c1: { phase: 'connected', muted: true } as ConnectorState['calls'][string] } });
    assert.equal(lms.published.length, during, 'still on a call: nothing new');
    target.set({ calls: {}, order: [] });
    assert.deepEqual(messages(lms).at(-1), { source: 'softphone', type: 'set-status', status: 'Available_Voice' });
  });

  it('reports a change it could not carry out, naming it; after stop it follows the connector no more', async () => {
    const { lms, target, errors } = await startedSync();
    target.failWith = new Error('provider offline');
    lms.omni({ source: 'omni', type: 'status', status: 'Break', reason: 'Changed' });
    await tick();
    assert.deepEqual(errors, ['Omni-Channel sync: set-presence failed: provider offline']);

    const stopped = await startedSync();
    stopped.sync.stop();
    stopped.target.set({ agentStatus: 'busy' });
    assert.deepEqual(messages(stopped.lms), [{ source: 'softphone', type: 'query' }], 'a stopped sync tells Omni nothing');
  });
});
