/**
 * The call centre, twice: as deployable metadata (`callCenters/<Name>.callCenter-meta.xml`, Metadata
 * API shape) and as the definition file an admin imports in Setup → Call Centers. Both carry the
 * fields Open CTI requires plus our own section with the provider's settings.
 */
import type { GeneratedFile, SoftphonePackage } from './types.js';
import { adapterUrl } from './visualforce.js';
import { el, METADATA_NS, parent, xmlDocument, type XmlElement } from './xml.js';

/** Name of the section holding the connector's own settings. */
export const SETTINGS_SECTION = 'softphoneConnector';

interface Item {
  readonly name: string;
  readonly label: string;
  readonly value: string;
}
interface Section {
  readonly name: string;
  readonly label: string;
  readonly items: readonly Item[];
}

/** The sections of the call centre: `reqGeneralInfo` (what Open CTI requires) first. */
export function callCenterSections(pkg: SoftphonePackage): readonly Section[] {
  return [
    {
      name: 'reqGeneralInfo',
      label: 'General Information',
      items: [
        { name: 'reqInternalName', label: 'InternalName', value: pkg.callCenterName },
        { name: 'reqDisplayName', label: 'Display Name', value: pkg.callCenterDisplayName },
        { name: 'reqAdapterUrl', label: 'CTI Adapter URL', value: adapterUrl(pkg) },
        { name: 'reqUseApi', label: 'Use CTI API', value: 'true' },
        { name: 'reqSoftphoneHeight', label: 'Softphone Height', value: String(pkg.softphoneHeight) },
        { name: 'reqSoftphoneWidth', label: 'Softphone Width', value: String(pkg.softphoneWidth) },
        { name: 'reqSalesforceCompatibilityMode', label: 'Salesforce Compatibility Mode', value: 'Lightning' },
      ],
    },
    { name: SETTINGS_SECTION, label: 'Softphone Connector', items: pkg.settings },
  ];
}

/** The definition file an admin imports by hand (Setup → Call Centers → Import). */
export function callCenterDefinition(pkg: SoftphonePackage): GeneratedFile {
  const sections = callCenterSections(pkg).map((section, sectionIndex) =>
    parent('section', section.items.map((item, index) => el('item', item.value, { sortOrder: index, name: item.name, label: item.label })), {
      sortOrder: sectionIndex,
      name: section.name,
      label: section.label,
    }),
  );
  return { path: `call-center/${pkg.callCenterName}.xml`, contents: xmlDocument(parent('callCenter', sections)) };
}

/** The call centre as Metadata API `CallCenter` in the DX project. */
export function callCenterMetadata(pkg: SoftphonePackage): GeneratedFile {
  const sections: XmlElement[] = callCenterSections(pkg).map((section) =>
    parent('sections', [
      ...section.items.map((item) => parent('items', [el('label', item.label), el('name', item.name), el('value', item.value)])),
      el('label', section.label),
      el('name', section.name),
    ]),
  );
  const root = parent('CallCenter', [
    el('adapterUrl', adapterUrl(pkg)),
    el('displayName', pkg.callCenterDisplayName),
    el('displayNameLabel', 'Display Name'),
    el('internalNameLabel', 'Internal Name'),
    ...sections,
  ], { xmlns: METADATA_NS });
  return { path: `force-app/main/default/callCenters/${pkg.callCenterName}.callCenter-meta.xml`, contents: xmlDocument(root) };
}
