/** What the packaging generators need to know about a softphone: host- and config-file-neutral. */
import type { ProviderConfig } from '../../core/index.js';

/** Everything the generated Salesforce DX project is made from. */
export interface SoftphonePackage {
  /** Salesforce API version, e.g. `68.0`. */
  readonly apiVersion: string;
  /** Call centre internal name (also names the page, static resource and trusted sites). */
  readonly callCenterName: string;
  readonly callCenterDisplayName: string;
  readonly softphoneWidth: number;
  readonly softphoneHeight: number;
  /** Visualforce page and static resource API name. */
  readonly pageName: string;
  readonly resourceName: string;
  /** Files inside the static resource. */
  readonly scriptFile: string;
  readonly styleFile: string;
  /** The JSON the page hands the softphone (`#softphone-config`). */
  readonly pageConfig: { readonly provider: ProviderConfig } & Readonly<Record<string, unknown>>;
  /** Origins the page connects to (provider's connect sources plus extra trusted sites). */
  readonly connectSources: readonly string[];
  /** Origins allowed to call the org's APIs. */
  readonly corsOrigins: readonly string[];
  /** The org side of agent identity: the Apex class that signs assertions (absent: none generated). */
  readonly agentAssertion?: { readonly audience: string; readonly certificate: string; readonly lifetimeSeconds: number };
  /** Settings shown in the call centre's own section (readable with `getCallCenterSettings`). */
  readonly settings: readonly { readonly name: string; readonly label: string; readonly value: string }[];
  /** Omni-Channel presence sync: `build` adds its message channel, relay component and Apex class. */
  readonly omni?: OmniPackage;
}

/** What the Omni relay needs to know: the channel's API name (without `__c`) and the mapped status API names. */
export interface OmniPackage {
  readonly channel: string;
  readonly statuses: readonly string[];
}

/** One generated file: path relative to the project root, and its contents. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string | Uint8Array;
}
