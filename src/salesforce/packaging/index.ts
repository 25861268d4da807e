/**
 * Packaging for Salesforce: pure generators that turn a {@link SoftphonePackage} into the files of a
 * Salesforce DX project (Visualforce page, static resource metadata, call centre, CSP Trusted Sites,
 * CORS origins, LWC wrapper). No I/O: the CLI writes what they return.
 */
import { callCenterDefinition, callCenterMetadata } from './call-center.js';
import { lwcWrapper } from './lwc.js';
import { forceIgnore, sfdxProject, staticResource } from './project.js';
import { corsOrigins, cspTrustedSites } from './trusted-sites.js';
import type { GeneratedFile, SoftphonePackage } from './types.js';
import { visualforcePage } from './visualforce.js';

export * from './types.js';
export * from './xml.js';
export * from './visualforce.js';
export * from './call-center.js';
export * from './trusted-sites.js';
export * from './lwc.js';
export * from './project.js';

/** Every file of the deployable project for a package whose static resource is `zip`. */
export function generateProject(pkg: SoftphonePackage, zip: Uint8Array, projectName: string): GeneratedFile[] {
  return [
    sfdxProject(projectName, pkg.apiVersion),
    forceIgnore(),
    ...staticResource(pkg, zip),
    ...visualforcePage(pkg),
    callCenterMetadata(pkg),
    callCenterDefinition(pkg),
    ...cspTrustedSites(pkg),
    ...corsOrigins(pkg),
    ...lwcWrapper(pkg),
  ];
}
