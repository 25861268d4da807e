import { render } from 'preact';
import { ConsoleApp, type ConsoleConfig } from './console-app.js';
import { ConsoleController } from './controller.js';
import { Store, initialConsoleState } from './store.js';

const config = JSON.parse(document.getElementById('console-config')?.textContent ?? '{}') as ConsoleConfig;
const controller = new ConsoleController(new Store(initialConsoleState()));
const root = document.getElementById('console-root');
if (root) render(<ConsoleApp controller={controller} config={config} />, root);
