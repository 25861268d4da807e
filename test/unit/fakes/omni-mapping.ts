// The Omni-Channel mapping the presence-sync and Omni tests share: two busy statuses, an on-call
// status, and logging out of Omni taking the phone offline.
import { validatePresenceMapping, type PresenceMapping } from '../../../src/core/index.js';

/** Available_Voice ⇄ available, Break and Training → busy (busy → Break), On_A_Call during calls. */
export const MAPPING: PresenceMapping = validatePresenceMapping({
  statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' },
  toOmni: { busy: 'Break' },
  onCall: 'On_A_Call',
  onOmniLogout: 'offline',
});
