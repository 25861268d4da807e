/**
 * The connected app through which the Salesforce Voice connector page signs its agent in with
 * OpenID Connect (docs/security.md, "Salesforce Voice"): the connector page's address as the only
 * callback URL, the `openid` scope only, PKCE required, no consumer secret needed (the vendor
 * server redeems codes with the page's PKCE verifier), admin-approved users (so `prompt=none`
 * never stops at a consent page: assign the agents' permission set or profile to the app).
 */
import { ConfigError } from '../../core/index.js';
import { METADATA_NS, el, parent, xmlDocument } from './xml.js';

/** What the connected app is generated from. */
export interface VoiceConnectedAppOptions {
  /** API name of the connected app (letters, digits, single underscores). */
  readonly apiName: string;
  readonly label: string;
  /** Who Salesforce contacts about the app. */
  readonly contactEmail: string;
  /** The connector page's https:// address: the one callback URL. */
  readonly callbackUrl: string;
  /** The consumer key the app is created with (the server's `auth.oidc[].clientId`, the page's `clientId`). */
  readonly consumerKey: string;
}

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_)){0,39}$/;

/** `force-app/main/default/connectedApps/<apiName>.connectedApp-meta.xml`. */
export function voiceConnectedAppMetadata(options: VoiceConnectedAppOptions): string {
  if (!API_NAME.test(options.apiName) || options.apiName.endsWith('_')) throw new ConfigError('agentIdentity.oidc.connectedApp', 'an API name (letters, digits, single underscores, up to 40)', options.apiName);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.contactEmail)) throw new ConfigError('agentIdentity.oidc.contactEmail', 'an email address', options.contactEmail);
  if (!/^https:\/\/[^\s?#]+$/.test(options.callbackUrl)) throw new ConfigError('connectorUrl', 'the https:// address of the connector page, without query', options.callbackUrl);
  return xmlDocument(
    parent('ConnectedApp', [
      el('contactEmail', options.contactEmail),
      el('description', 'Signs Salesforce Voice agents in to the softphone connector server (OpenID Connect, authorization code with PKCE).'),
      el('label', options.label),
      // Element order as the Metadata API's ConnectedAppOauthConfig lists it.
      parent('oauthConfig', [
        el('callbackUrl', options.callbackUrl),
        el('consumerKey', options.consumerKey),
        el('isAdminApproved', true),
        el('isConsumerSecretOptional', true),
        el('isIntrospectAllTokens', false),
        el('isPkceRequired', true),
        el('scopes', 'OpenID'),
      ]),
      parent('oauthPolicy', [el('ipRelaxation', 'ENFORCE'), el('refreshTokenPolicy', 'zero')]),
    ], { xmlns: METADATA_NS }),
  );
}
