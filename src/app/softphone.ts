/**
 * The softphone page's entry point: reads the page's configuration, wires provider ⇄ connector ⇄
 * Open CTI bridge ⇄ UI, and starts. Bundled once per provider.
 */
import { Connector, type Region } from '../core/index.js';
import { SimulatorProvider } from '../providers/simulator/index.js';
import { OpenCtiBridge } from '../salesforce/index.js';
import { mountSoftphone } from '../ui/index.js';

/** What the server (or, in an org, the generated page) tells the softphone. */
interface SoftphonePageConfig {
  readonly provider: 'simulator';
  readonly simulatorPath: string;
  readonly agentId?: string;
  readonly popOn?: 'ringing' | 'answer';
  readonly defaultRegion?: Region;
  readonly dispositions?: string[];
}

function readConfig(): SoftphonePageConfig {
  const text = document.getElementById('softphone-config')?.textContent;
  if (!text) throw new Error('The softphone page has no #softphone-config element.');
  return JSON.parse(text) as SoftphonePageConfig;
}

function showFatal(root: HTMLElement, error: unknown): void {
  const box = document.createElement('div');
  box.className = 'slds-notify slds-notify_alert slds-alert_error';
  box.setAttribute('role', 'alert');
  box.textContent = `The softphone could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.replaceChildren(box);
}

async function start(): Promise<void> {
  const root = document.getElementById('softphone-root');
  if (!root) return;
  try {
    const config = readConfig();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const provider = new SimulatorProvider({ url: `${scheme}://${location.host}${config.simulatorPath}`, agentId: config.agentId });
    const connector = new Connector({
      provider,
      bridge: OpenCtiBridge.fromWindow(window),
      reducer: { popOn: config.popOn ?? 'ringing', defaultRegion: config.defaultRegion ?? 'US' },
    });
    mountSoftphone(root, connector, { dispositions: config.dispositions });
    (window as unknown as { softphone?: Connector }).softphone = connector;
    await connector.start();
  } catch (error) {
    showFatal(root, error);
  }
}

void start();
