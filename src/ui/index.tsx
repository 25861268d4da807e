/** `softphone-connector/ui`: the softphone UI (browser only), styled with the Lightning Design System. */
import { render } from 'preact';
import type { Connector } from '../core/index.js';
import { installUrgentRendering } from './hooks.js';
import { SoftphoneApp, type SoftphoneUiOptions } from './softphone-app.js';

export type { SoftphoneUiOptions } from './softphone-app.js';
export type { FocusOnRing } from './focus.js';
export type { QuickTarget } from './context.js';
export { SHORTCUTS } from './shortcuts.js';
export { SvgIcon } from './icon.js';

/** Renders the softphone for `connector` into `element`; returns the function that removes it. */
export function mountSoftphone(element: HTMLElement, connector: Connector, options: SoftphoneUiOptions = {}): () => void {
  const uninstall = installUrgentRendering();
  render(<SoftphoneApp connector={connector} options={options} />, element);
  return () => {
    render(null, element);
    uninstall();
  };
}
