/**
 * A Lightning Web Component that frames the softphone page, for hosts where the Call Center's
 * utility item is not used (an app page or a utility bar item of its own). The frame asks for the
 * microphone (`allow`), which WebRTC providers need; Salesforce grants it where the org allows it.
 */
import type { GeneratedFile, SoftphonePackage } from './types.js';
import { adapterUrl } from './visualforce.js';
import { el, METADATA_NS, parent, xmlDocument } from './xml.js';

/** Folder (and class) name of the component. */
export const LWC_NAME = 'softphoneFrame';

/** The component's files. */
export function lwcWrapper(pkg: SoftphonePackage): GeneratedFile[] {
  const dir = `force-app/main/default/lwc/${LWC_NAME}`;
  const js = `import { LightningElement, api } from 'lwc';

/** Frames the ${pkg.callCenterDisplayName} softphone page (${adapterUrl(pkg)}). */
export default class SoftphoneFrame extends LightningElement {
    /** Frame height in pixels. */
    @api height = ${pkg.softphoneHeight};

    get src() {
        return ${JSON.stringify(adapterUrl(pkg))};
    }

    get frameStyle() {
        return \`height: \${Number(this.height) || ${pkg.softphoneHeight}}px\`;
    }
}
`;
  const html = `<template>
    <iframe class="softphone-frame" src={src} style={frameStyle} title="Softphone" allow="microphone; autoplay"></iframe>
</template>
`;
  const css = `.softphone-frame {
    display: block;
    width: 100%;
    border: 0;
}
`;
  const meta = xmlDocument(
    parent('LightningComponentBundle', [
      el('apiVersion', pkg.apiVersion),
      el('isExposed', true),
      el('masterLabel', `${pkg.callCenterDisplayName} softphone`),
      el('description', 'Frames the softphone page.'),
      parent('targets', [el('target', 'lightning__UtilityBar'), el('target', 'lightning__AppPage'), el('target', 'lightning__HomePage')]),
      parent('targetConfigs', [
        parent('targetConfig', [{ name: 'property', attributes: { name: 'height', type: 'Integer', default: pkg.softphoneHeight, label: 'Height (px)' } }], {
          targets: 'lightning__UtilityBar,lightning__AppPage,lightning__HomePage',
        }),
      ]),
    ], { xmlns: METADATA_NS }),
  );
  return [
    { path: `${dir}/${LWC_NAME}.js`, contents: js },
    { path: `${dir}/${LWC_NAME}.html`, contents: html },
    { path: `${dir}/${LWC_NAME}.css`, contents: css },
    { path: `${dir}/${LWC_NAME}.js-meta.xml`, contents: meta },
  ];
}
