/**
 * The softphone without any provider (core + Open CTI bridge + UI): what every softphone bundle
 * carries before its provider. Exported, so nothing of it is tree-shaken away when measured.
 */
export { startSoftphone } from '../src/app/start.js';
