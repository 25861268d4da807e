/** The softphone page's entry point with the telephony simulator's provider. */
import { createSimulatorProvider, type SimulatorConfig } from '../providers/simulator/index.js';
import { startSoftphone } from './start.js';

void startSoftphone('simulator', (config) => createSimulatorProvider(config as SimulatorConfig, location));
