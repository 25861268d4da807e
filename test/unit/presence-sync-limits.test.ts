/**
 * The Omni presence sync at its limits: echoes that arrive late or never, a call starting twice, an
 * Omni logged out or already on the call status, logging Omni out only for "offline", and every
 * refusal of the mapping's validation with its field and its message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, PresenceSync, validatePresenceMapping, type PresenceMapping } from '../../src/core/index.js';
import { MAPPING } from './fakes/omni-mapping.js';

/** A sync reconciled with Omni on `omni` and the phone on `phone`. */
function started(mapping: PresenceMapping = MAPPING, omni = 'Available_Voice', phone: 'available' | 'busy' | 'offline' = 'available'): PresenceSync {
  const sync = new PresenceSync(mapping);
  sync.omniChanged(omni);
  sync.phoneChanged(phone);
  assert.equal(sync.snapshot.started, true);
  return sync;
}

/** The mapping's refusal of `input`: its field and its whole message. */
function refusal(input: unknown, field?: string): { field: string; message: string } {
  try {
    if (field === undefined) validatePresenceMapping(input);
    else validatePresenceMapping(input, field);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return { field: error.field, message: error.message };
  }
  return assert.fail(`expected ${JSON.stringify(input)} to be refused`);
}

describe('presence sync: echoes', () => {
  // An Omni status for "offline" and Omni's logout taking the phone offline.
  const withOffline = validatePresenceMapping({
    statuses: { Available_Voice: 'available', Break: 'busy', Offline_Work: 'offline' },
    onOmniLogout: 'offline',
  });

  it("the phone's echo of a change it was asked for is not written to Omni, even where Omni shows no matching status", () => {
    const sync = started(withOffline);
    assert.deepEqual(sync.omniChanged(null), [{ type: 'set-presence', status: 'offline' }]);
    assert.deepEqual(sync.phoneChanged('offline'), [], 'the echo: Omni stays logged out, not set to Offline_Work');
    assert.deepEqual(sync.snapshot, { omni: null, phone: 'offline', started: true, onCall: false });
  });

  it('a phone change that is not the awaited echo is carried to Omni, and the echo is no longer awaited', () => {
    const sync = started(withOffline);
    assert.deepEqual(sync.omniChanged('Break'), [{ type: 'set-presence', status: 'busy' }]);
    assert.deepEqual(sync.phoneChanged('available'), [{ type: 'set-omni', status: 'Available_Voice' }], 'the agent moved the phone before the echo came');
    assert.deepEqual(sync.omniChanged('Available_Voice'), [], "Omni's echo");
    assert.deepEqual(sync.phoneChanged('busy'), [{ type: 'set-omni', status: 'Break' }], 'a later busy is the agent\'s, not the old echo');
  });

  it("an Omni change that is not the awaited echo is carried to the phone, and Omni's echo is no longer awaited", () => {
    const sync = started();
    assert.deepEqual(sync.phoneChanged('busy'), [{ type: 'set-omni', status: 'Break' }]);
    assert.deepEqual(sync.omniChanged('Available_Voice'), [{ type: 'set-presence', status: 'available' }], 'the agent moved Omni before the echo came');
    sync.phoneChanged('available');
    assert.deepEqual(sync.omniChanged('Break'), [{ type: 'set-presence', status: 'busy' }], "a later Break is the agent's");
  });
});

describe('presence sync: calls', () => {
  it('a second "on a call" without its echo writes nothing again', () => {
    const sync = started();
    assert.deepEqual(sync.callsChanged(true), [{ type: 'set-omni', status: 'On_A_Call' }]);
    assert.deepEqual(sync.callsChanged(true), [], 'already on a call');
    assert.deepEqual(sync.callsChanged(false), [], "Omni never showed On_A_Call: nothing to put back");
    assert.deepEqual(sync.callsChanged(false), [], 'already off');
    assert.equal(sync.snapshot.onCall, false);
  });

  it('a call while Omni is logged out, or before both sides are known, writes nothing to Omni', () => {
    const loggedOut = started();
    assert.deepEqual(loggedOut.omniChanged(null), [{ type: 'set-presence', status: 'offline' }]);
    loggedOut.phoneChanged('offline');
    assert.deepEqual(loggedOut.callsChanged(true), [], 'a logged-out agent is not logged in by a call');
    assert.deepEqual(loggedOut.callsChanged(false), []);

    const omniOnly = new PresenceSync(MAPPING);
    assert.deepEqual(omniOnly.omniChanged('Available_Voice'), [], 'the phone is not known yet');
    assert.deepEqual(omniOnly.callsChanged(true), [], 'not started: Omni is left alone');
    assert.deepEqual(omniOnly.callsChanged(false), []);
    assert.deepEqual(omniOnly.phoneChanged('busy'), [{ type: 'set-presence', status: 'available' }], 'reconciled once the phone is known: Omni wins');

    const phoneOnly = new PresenceSync(MAPPING);
    assert.deepEqual(phoneOnly.phoneChanged('busy'), []);
    assert.deepEqual(phoneOnly.callsChanged(true), [], 'Omni not known yet');
    assert.deepEqual(phoneOnly.omniChanged('Available_Voice'), [], 'a call survived the reload: Omni waits for its end');
    assert.deepEqual(phoneOnly.callsChanged(false), [{ type: 'set-presence', status: 'available' }]);
  });

  it('Omni already on the call status when a call starts: nothing written, and nothing put back after', () => {
    const sync = started();
    assert.deepEqual(sync.omniChanged('On_A_Call'), [], 'not mapped to a presence');
    assert.deepEqual(sync.callsChanged(true), []);
    assert.deepEqual(sync.callsChanged(false), []);
  });

  it('a mapping without an on-call status leaves Omni alone during calls, and carries changes after', () => {
    const sync = started(validatePresenceMapping({ statuses: { Available_Voice: 'available', Break: 'busy' } }));
    assert.deepEqual(sync.callsChanged(true), []);
    assert.deepEqual(sync.omniChanged('Break'), [], 'waits for the end of the call');
    assert.deepEqual(sync.callsChanged(false), [{ type: 'set-presence', status: 'busy' }]);
  });
});

describe('presence sync: phone → Omni', () => {
  it('logs Omni out only when the phone goes offline, and only an Omni that is logged in', () => {
    const sync = started(validatePresenceMapping({ statuses: { Available_Voice: 'available' }, offlineLogsOutOmni: true }));
    assert.deepEqual(sync.phoneChanged('busy'), [], 'no Omni status for busy: Omni is left as it is, not logged out');
    assert.deepEqual(sync.omniChanged(null), [], 'the agent logs out of Omni; the phone is kept');
    assert.deepEqual(sync.phoneChanged('offline'), [], 'Omni is logged out already');
  });

  it('does not write an Omni status Omni already shows', () => {
    // busy → Busy_Elsewhere, a status statuses does not map (so Omni showing it does not mean "busy" to the sync).
    const sync = started(validatePresenceMapping({ statuses: { Available_Voice: 'available' }, toOmni: { busy: 'Busy_Elsewhere' } }), 'Busy_Elsewhere');
    assert.deepEqual(sync.phoneChanged('busy'), [], 'Omni shows Busy_Elsewhere already');
    assert.deepEqual(sync.phoneChanged('available'), [{ type: 'set-omni', status: 'Available_Voice' }]);
  });
});

describe('Omni mapping validation: each refusal', () => {
  const EXPECTED_NAME = "an Omni-Channel presence status's API name (DeveloperName), e.g. Available_Voice";

  it('a mapping that is not an object, named "omni" by default or by the field given', () => {
    for (const [input, got] of [[null, 'null'], [['Available_Voice'], 'an array'], ['Available_Voice', '"Available_Voice"']] as const) {
      assert.deepEqual(refusal(input), { field: 'omni', message: `omni must be an object like { statuses: { Available_Voice: "available" } }, got ${got}` });
    }
    assert.equal(refusal(null, 'settings.presence').field, 'settings.presence');
    assert.equal(refusal({ statuses: {} }, 'settings.presence').field, 'settings.presence.statuses');
  });

  it('an unknown option', () => {
    assert.deepEqual(refusal({ statuses: { Available_Voice: 'available' }, sync: 'both' }), {
      field: 'omni.sync',
      message: 'omni.sync must be one of the known options (statuses, toOmni, onCall, onOmniLogout, offlineLogsOutOmni), got "an unknown option"',
    });
  });

  it('statuses missing, empty, not an object or mapping to something that is not a presence', () => {
    const expected = 'omni.statuses must be at least one Omni status API name → "available", "busy" or "offline"';
    assert.deepEqual(refusal({ statuses: {} }), { field: 'omni.statuses', message: `${expected}, got an object` });
    assert.deepEqual(refusal({ statuses: null }), { field: 'omni.statuses', message: `${expected}, got null` });
    assert.deepEqual(refusal({ statuses: ['Available_Voice'] }), { field: 'omni.statuses', message: `${expected}, got an array` });
    assert.deepEqual(refusal({ statuses: 'Available_Voice' }), { field: 'omni.statuses', message: `${expected}, got "Available_Voice"` });
    assert.deepEqual(refusal({ statuses: { Away: 'away' } }), { field: 'omni.statuses.Away', message: 'omni.statuses.Away must be "available", "busy" or "offline", got "away"' });
    assert.equal(refusal({ statuses: { Away: 1 } }).field, 'omni.statuses.Away');
  });

  it('status API names: a letter first, no double or trailing underscore, at most 80 characters', () => {
    const name80 = `A${'b'.repeat(79)}`;
    assert.deepEqual(validatePresenceMapping({ statuses: { [name80]: 'available' } }).toOmni, { available: name80 });
    for (const bad of [`${name80}c`, 'Break_', '_Break', 'Two__Words', '9Lives', 'Not a name']) {
      assert.deepEqual(refusal({ statuses: { [bad]: 'available' } }), { field: `omni.statuses.${bad}`, message: `omni.statuses.${bad} must be ${EXPECTED_NAME}, got ${JSON.stringify(bad.length > 60 ? `${bad.slice(0, 57)}…` : bad)}` });
    }
    assert.deepEqual(refusal({ statuses: { Available_Voice: 'available' }, onCall: 'On_A_Call_' }), { field: 'omni.onCall', message: `omni.onCall must be ${EXPECTED_NAME}, got "On_A_Call_"` });
  });

  it('toOmni: an object of presences to status names that do not mean another presence', () => {
    const statuses = { Available_Voice: 'available', Break: 'busy' };
    const expected = 'omni.toOmni must be an object of presence → Omni status API name';
    assert.deepEqual(refusal({ statuses, toOmni: null }), { field: 'omni.toOmni', message: `${expected}, got null` });
    assert.deepEqual(refusal({ statuses, toOmni: ['Break'] }), { field: 'omni.toOmni', message: `${expected}, got an array` });
    assert.deepEqual(refusal({ statuses, toOmni: 'Break' }), { field: 'omni.toOmni', message: `${expected}, got "Break"` });
    assert.deepEqual(refusal({ statuses, toOmni: { lunch: 'Break' } }), { field: 'omni.toOmni.lunch', message: 'omni.toOmni.lunch must be a presence: available, busy or offline, got "lunch"' });
    assert.deepEqual(refusal({ statuses, toOmni: { busy: 'Break_' } }), { field: 'omni.toOmni.busy', message: `omni.toOmni.busy must be ${EXPECTED_NAME}, got "Break_"` });
    assert.deepEqual(refusal({ statuses, toOmni: { busy: 'Available_Voice' } }), {
      field: 'omni.toOmni.busy',
      message: 'omni.toOmni.busy must be a status that statuses does not map to another presence (Available_Voice is "available"), got "Available_Voice"',
    });
    assert.deepEqual(validatePresenceMapping({ statuses, toOmni: { busy: 'Busy_Elsewhere', available: 'Available_Voice' } }).toOmni, { available: 'Available_Voice', busy: 'Busy_Elsewhere' }, 'a status statuses does not list is accepted');
  });

  it('onCall, onOmniLogout and offlineLogsOutOmni', () => {
    const statuses = { Available_Voice: 'available' };
    assert.deepEqual(refusal({ statuses, onCall: 'Available_Voice' }), {
      field: 'omni.onCall',
      message: 'omni.onCall must be a status not in statuses (the on-call status must not change the provider), got "Available_Voice"',
    });
    assert.deepEqual(refusal({ statuses, onOmniLogout: 'never' }), { field: 'omni.onOmniLogout', message: 'omni.onOmniLogout must be "offline" or "keep", got "never"' });
    assert.deepEqual(refusal({ statuses, offlineLogsOutOmni: 'yes' }), { field: 'omni.offlineLogsOutOmni', message: 'omni.offlineLogsOutOmni must be true or false, got "yes"' });
    assert.deepEqual(validatePresenceMapping({ statuses, onCall: 'On_A_Call', onOmniLogout: 'offline', offlineLogsOutOmni: true }), {
      statuses,
      toOmni: { available: 'Available_Voice' },
      onCall: 'On_A_Call',
      onOmniLogout: 'offline',
      offlineLogsOutOmni: true,
    });
    assert.deepEqual(validatePresenceMapping({ statuses, offlineLogsOutOmni: false }), { statuses, toOmni: { available: 'Available_Voice' }, onOmniLogout: 'keep', offlineLogsOutOmni: false });
  });
});
