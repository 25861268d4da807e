/**
 * Omni-Channel presence sync, the core's rules (no echo, calls, start-up, logout) and the mapping's
 * validation. What `build` writes for it and the Voice host's use: omni-sync.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineConfig } from '../../src/config/index.js';
import { ConfigError, PresenceSync, validatePresenceMapping } from '../../src/core/index.js';
import { MAPPING } from './fakes/omni-mapping.js';
import { simulator } from '../../src/providers/simulator/config.js';

/** A sync already reconciled with Omni on Available_Voice and the phone available. */
function started(mapping = MAPPING): PresenceSync {
  const sync = new PresenceSync(mapping);
  assert.deepEqual(sync.omniChanged('Available_Voice'), []);
  assert.deepEqual(sync.phoneChanged('available'), []);
  assert.equal(sync.snapshot.started, true);
  return sync;
}

describe('presence sync rules', () => {
  it('Omni → phone per the mapping, and the phone echo of that change is not sent back to Omni', () => {
    const sync = started();
    assert.deepEqual(sync.omniChanged('Break'), [{ type: 'set-presence', status: 'busy' }]);
    assert.deepEqual(sync.phoneChanged('busy'), [], 'our own change coming back');
    assert.deepEqual(sync.omniChanged('Training'), [], 'same presence: nothing to do');
    assert.deepEqual(sync.omniChanged('Some_Unmapped_Status'), [], 'unmapped Omni statuses leave the phone alone');
  });

  it('phone → Omni per toOmni, and the Omni echo is not sent back to the phone; a matching Omni status is kept', () => {
    const sync = started();
    assert.deepEqual(sync.phoneChanged('busy'), [{ type: 'set-omni', status: 'Break' }]);
    assert.deepEqual(sync.omniChanged('Break'), [], 'echo');
    assert.deepEqual(sync.omniChanged('Training'), [], 'the agent picks another busy status: the phone is busy already');
    assert.deepEqual(sync.phoneChanged('busy'), [], 'unchanged');
    assert.deepEqual(sync.phoneChanged('offline'), [], 'no Omni status for offline and offlineLogsOutOmni off');
  });

  it('a call shows On_A_Call in Omni and puts it back after; changes during the call wait until it ends', () => {
    const sync = started();
    assert.deepEqual(sync.callsChanged(true), [{ type: 'set-omni', status: 'On_A_Call' }]);
    assert.deepEqual(sync.omniChanged('On_A_Call'), [], 'echo');
    assert.deepEqual(sync.callsChanged(false), [{ type: 'set-omni', status: 'Available_Voice' }], 'Omni returns');
    assert.deepEqual(sync.omniChanged('Available_Voice'), []);

    assert.deepEqual(sync.callsChanged(true), [{ type: 'set-omni', status: 'On_A_Call' }]);
    sync.omniChanged('On_A_Call');
    assert.deepEqual(sync.omniChanged('Training'), [], 'the agent picks Training during the call: waits');
    assert.deepEqual(sync.callsChanged(false), [{ type: 'set-presence', status: 'busy' }], "applied after; Omni keeps the agent's choice");

    const phoneSide = started();
    phoneSide.callsChanged(true);
    phoneSide.omniChanged('On_A_Call');
    assert.deepEqual(phoneSide.phoneChanged('busy'), [], 'a phone change during the call waits too');
    assert.deepEqual(phoneSide.callsChanged(false), [{ type: 'set-omni', status: 'Break' }]);
  });

  it('start-up: nothing before both sides are known; then Omni wins; logged out Omni changes nothing (no flap)', () => {
    const sync = new PresenceSync(MAPPING);
    assert.deepEqual(sync.phoneChanged('available'), [], 'Omni not known yet');
    assert.deepEqual(sync.omniChanged('Break'), [{ type: 'set-presence', status: 'busy' }], 'reconciled: Omni wins');

    const loggedOut = new PresenceSync(MAPPING);
    assert.deepEqual(loggedOut.omniChanged(null), []);
    assert.deepEqual(loggedOut.phoneChanged('available'), [], 'a reload with Omni logged out takes nobody offline');

    const reloadMidCall = new PresenceSync(MAPPING);
    reloadMidCall.callsChanged(true);
    assert.deepEqual(reloadMidCall.omniChanged('Training'), []);
    assert.deepEqual(reloadMidCall.phoneChanged('available'), [], 'a call survived the reload: Omni waits for its end');
    assert.deepEqual(reloadMidCall.callsChanged(false), [{ type: 'set-presence', status: 'busy' }]);
  });

  it('logout: Omni logging out takes the phone offline only when the mapping says so; offlineLogsOutOmni logs Omni out', () => {
    assert.deepEqual(started().omniChanged(null), [{ type: 'set-presence', status: 'offline' }]);
    const keep = started(validatePresenceMapping({ statuses: { Available_Voice: 'available' } }));
    assert.deepEqual(keep.omniChanged(null), []);
    const both = started(validatePresenceMapping({ statuses: { Available_Voice: 'available' }, offlineLogsOutOmni: true }));
    assert.deepEqual(both.phoneChanged('offline'), [{ type: 'omni-logout' }]);
    assert.deepEqual(both.omniChanged(null), [], 'its echo');
  });
});

describe('Omni mapping validation', () => {
  const fieldOf = (input: unknown): string => {
    try {
      defineConfig({ provider: simulator(), omni: input } as never);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.field;
    }
    return assert.fail('expected a ConfigError');
  };

  it('fills in toOmni from the first status of each presence, keeps the channel, and is idempotent', () => {
    const config = defineConfig({ provider: simulator(), omni: { statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' } } });
    assert.deepEqual(config.omni, { channel: 'SoftphoneOmniSync', statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' }, toOmni: { available: 'Available_Voice', busy: 'Break' }, onOmniLogout: 'keep', offlineLogsOutOmni: false });
    assert.deepEqual(defineConfig(config), config);
  });

  it('names the field of every mistake', () => {
    assert.equal(fieldOf({}), 'omni.statuses');
    assert.equal(fieldOf({ statuses: { 'Not a name': 'available' } }), 'omni.statuses.Not a name');
    assert.equal(fieldOf({ statuses: { Away: 'away' } }), 'omni.statuses.Away');
    assert.equal(fieldOf({ statuses: { Available: 'available', Break: 'busy' }, toOmni: { busy: 'Available' } }), 'omni.toOmni.busy');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, toOmni: { lunch: 'Break' } }), 'omni.toOmni.lunch');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, onCall: 'Available' }), 'omni.onCall');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, onOmniLogout: 'never' }), 'omni.onOmniLogout');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, channel: 'bad channel' }), 'omni.channel');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, sync: 'both' }), 'omni.sync');
  });
});
