/** `softphone-connector/ui`: the softphone UI (browser only), styled with the Lightning Design System. */
import { render } from 'preact';
import type { Connector } from '../core/index.js';
import { SoftphoneApp, type SoftphoneUiOptions } from './softphone-app.js';

export { DEFAULT_DISPOSITIONS, type SoftphoneUiOptions } from './softphone-app.js';
export { SvgIcon } from './icon.js';

/** Renders the softphone for `connector` into `element`; returns the function that removes it. */
export function mountSoftphone(element: HTMLElement, connector: Connector, options: SoftphoneUiOptions = {}): () => void {
  render(<SoftphoneApp connector={connector} options={options} />, element);
  return () => render(null, element);
}
