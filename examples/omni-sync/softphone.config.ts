import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';

/**
 * Omni-Channel presence sync. `build` adds the message channel SoftphoneOmniSync, the Aura utility
 * component SoftphoneOmniRelay and the Apex class SoftphoneOmniStatuses; in the local console the
 * utility bar gets an Omni-Channel status picker that speaks the same messages.
 */
export default defineConfig({
  provider: simulator({ url: '/api/sim/agent' }),
  defaultRegion: 'US',
  omni: {
    // Omni status API names (DeveloperName) → the provider's presence.
    statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' },
    // Presence → Omni (default: the first status above with that presence).
    toOmni: { busy: 'Break' },
    // Shown in Omni while the agent has a call and its wrap-up; Omni's own status comes back after.
    onCall: 'On_A_Call',
    // Going offline in Omni takes the phone offline too; the phone going offline leaves Omni alone.
    onOmniLogout: 'offline',
  },
});
