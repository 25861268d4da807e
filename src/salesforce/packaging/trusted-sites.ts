/**
 * CSP Trusted Sites (what the softphone may connect to, e.g. the PBX's wss:// host) and CORS allowed
 * origins (who may call the org's APIs). One metadata file per origin, named after the call centre.
 */
import type { GeneratedFile, SoftphonePackage } from './types.js';
import { el, METADATA_NS, parent, xmlDocument } from './xml.js';

/** A metadata API name for an origin: `<CallCenter>_<host>` with non-name characters as `_`, at most 80. */
export function originApiName(prefix: string, origin: string): string {
  const host = new URL(origin).host.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${prefix}_${host}`.replace(/_{2,}/g, '_').slice(0, 80).replace(/_+$/, '');
}

/** One `CspTrustedSite` per connect source: connect-src only, for every context (Lightning and Visualforce). */
export function cspTrustedSites(pkg: SoftphonePackage): GeneratedFile[] {
  const names = new Set<string>();
  return [...new Set(pkg.connectSources)].map((origin) => {
    let name = originApiName(pkg.callCenterName, origin);
    for (let n = 2; names.has(name); n++) name = `${originApiName(pkg.callCenterName, origin).slice(0, 76)}_${n}`;
    names.add(name);
    const root = parent('CspTrustedSite', [
      el('context', 'All'),
      el('description', `Softphone of ${pkg.callCenterDisplayName}: telephony connection`),
      el('endpointUrl', origin),
      el('isActive', true),
      el('isApplicableToConnectSrc', true),
      el('isApplicableToFontSrc', false),
      el('isApplicableToFrameSrc', false),
      el('isApplicableToImgSrc', false),
      el('isApplicableToMediaSrc', false),
      el('isApplicableToStyleSrc', false),
    ], { xmlns: METADATA_NS });
    return { path: `force-app/main/default/cspTrustedSites/${name}.cspTrustedSite-meta.xml`, contents: xmlDocument(root) };
  });
}

/** One `CorsWhitelistOrigin` per configured origin. */
export function corsOrigins(pkg: SoftphonePackage): GeneratedFile[] {
  return [...new Set(pkg.corsOrigins)].map((origin) => ({
    path: `force-app/main/default/corsWhitelistOrigins/${originApiName(pkg.callCenterName, origin)}.corsWhitelistOrigin-meta.xml`,
    contents: xmlDocument(parent('CorsWhitelistOrigin', [el('urlPattern', origin)], { xmlns: METADATA_NS })),
  }));
}
