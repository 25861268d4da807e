/** The Salesforce Voice connector bundle with the telephony simulator's provider. */
import { createSimulatorProvider, type SimulatorConfig } from '../providers/simulator/index.js';
import { startVoiceConnector } from './voice.js';

startVoiceConnector('simulator', (config) => createSimulatorProvider(config as SimulatorConfig, location));
