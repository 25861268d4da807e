import { render } from 'preact';
import type { TimelineRecorder } from '../../core/timeline.js';
import { ConsoleApp, softphoneOrigin, type ConsoleConfig } from './console-app.js';
import { ConsoleController } from './controller.js';
import type { MessageService } from './lms.js';
import { OmniChannelEmulator } from './omni-channel.js';
import { OpenCtiHost } from './opencti-host.js';
import { Store, initialConsoleState } from './store.js';
import { CONSOLE_USERS } from '../users.js';

const config = JSON.parse(document.getElementById('console-config')?.textContent ?? '{}') as ConsoleConfig;
const controller = new ConsoleController(new Store(initialConsoleState(config.softphoneLayout)));
const origin = softphoneOrigin(config);
// The host listens before the softphone iframe exists, so its first Open CTI calls are never missed.
// Who is signed in to the console's org: `/?user=<alias>` (default the first seeded user).
const user = new URLSearchParams(location.search).get('user') ?? CONSOLE_USERS[0]?.alias ?? 'agent';
const host = new OpenCtiHost(controller, origin, () => document.getElementById('softphone-frame') as HTMLIFrameElement | null, config.callCenterSettings ?? {}, { user });
host.start();
// The host's timing of Open CTI calls, for the benchmarks and for a look from the devtools; its
// message service, so the devtools (and tests) can publish on a channel as the console's components do.
Object.assign(window as unknown as { consoleTiming: TimelineRecorder; consoleLms: MessageService }, { consoleTiming: host.timing, consoleLms: host.lms });
// Omni-Channel, when the config maps its statuses: it relays on the message channel as the built component does.
const omni = config.omni ? new OmniChannelEmulator(host.lms, config.omni) : undefined;
omni?.start();
const root = document.getElementById('console-root');
if (root) render(<ConsoleApp controller={controller} config={config} host={host} omni={omni} user={user} />, root);
