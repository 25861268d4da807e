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

/** Labels of the call centre's two name fields in Setup. */
const DISPLAY_NAME_LABEL = 'Display Name';
const INTERNAL_NAME_LABEL = 'Internal Name';

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
    el('displayNameLabel', DISPLAY_NAME_LABEL),
    el('internalNameLabel', INTERNAL_NAME_LABEL),
    ...sections,
  ], { xmlns: METADATA_NS });
  return { path: `force-app/main/default/callCenters/${pkg.callCenterName}.callCenter-meta.xml`, contents: xmlDocument(root) };
}

/** A sort order as `getCallCenterSettings` writes it: `"0.0"`, `"2.0"`. */
const sortOrder = (index: number): string => `${index}.0`;

/**
 * The call centre as Open CTI's `getCallCenterSettings` answers it: one flat map of slash paths to
 * string values, from the same sections as the files `build` writes. Each section and item also has
 * its `…/label` and `…/sortOrder`; the call centre itself has `/label`, `/displayNameLabel` and
 * `/internalNameLabel`.
 */
export function callCenterSettings(pkg: SoftphonePackage): Record<string, string> {
  const settings: Record<string, string> = {
    '/label': pkg.callCenterDisplayName,
    '/displayNameLabel': DISPLAY_NAME_LABEL,
    '/internalNameLabel': INTERNAL_NAME_LABEL,
  };
  callCenterSections(pkg).forEach((section, sectionIndex) => {
    settings[`/${section.name}/label`] = section.label;
    settings[`/${section.name}/sortOrder`] = sortOrder(sectionIndex);
    section.items.forEach((item, index) => {
      settings[`/${section.name}/${item.name}`] = item.value;
      settings[`/${section.name}/${item.name}/label`] = item.label;
      settings[`/${section.name}/${item.name}/sortOrder`] = sortOrder(index);
    });
  });
  return settings;
}
