/**
 * Packaging for Salesforce: pure generators that turn a {@link SoftphonePackage} into the files of a
 * Salesforce DX project (Visualforce page, static resource metadata, call centre, CSP Trusted Sites,
 * CORS origins, LWC wrapper). No I/O: the CLI writes what they return.
 */
import { agentAssertionFiles } from './agent-assertion.js';
import { callCenterDefinition, callCenterMetadata } from './call-center.js';
import { lwcWrapper } from './lwc.js';
import { omniSyncFiles } from './omni-sync.js';
import { forceIgnore, sfdxProject, staticResource } from './project.js';
import { corsOrigins, cspTrustedSites } from './trusted-sites.js';
import type { GeneratedFile, SoftphonePackage } from './types.js';
import { visualforcePage } from './visualforce.js';

export type { SoftphonePackage, GeneratedFile, OmniPackage } from './types.js';
export { omniSyncFiles, omniMessageChannel, omniSetupSteps, OMNI_RELAY_COMPONENT, OMNI_STATUSES_APEX } from './omni-sync.js';
export { jsonForPage, softphoneHtml, visualforcePage } from './visualforce.js';
export type { SoftphoneDocumentUrls } from './visualforce.js';
export { callCenterDefinition, callCenterMetadata, callCenterSettings } from './call-center.js';
export { cspTrustedSites } from './trusted-sites.js';
export { sfdxProject, forceIgnore } from './project.js';
export { AGENT_ASSERTION_APEX, agentAssertionClass, agentAssertionFiles, agentAssertionTestClass } from './agent-assertion.js';
export type { AgentAssertionSettings } from './agent-assertion.js';

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
    ...omniSyncFiles(pkg),
    ...agentAssertionFiles(pkg),
  ];
}
