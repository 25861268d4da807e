/**
 * The softphone page: a Visualforce page for the org and the same document as plain HTML for the
 * local console's preview. Both carry no inline script and need no eval: configuration travels as
 * inert JSON, code comes from the static resource, so the page runs under a strict CSP.
 */
import { escapeXml, el, METADATA_NS, parent, xmlDocument } from './xml.js';
import type { GeneratedFile, SoftphonePackage } from './types.js';

/** Where the document's assets come from. */
export interface SoftphoneDocumentUrls {
  readonly script: string;
  readonly style: string;
  /** The Lightning Design System stylesheet; omitted on Visualforce, which uses `<apex:slds/>`. */
  readonly slds?: string;
  /** Prefix of `/support/api/<v>/lightning/opencti_min.js` (empty: same origin). */
  readonly openCtiOrigin?: string;
}

/**
 * JSON for a `<script type="application/json">` element. `<`, `>` and `&` are escaped so nothing can
 * close the element, and `!` so Visualforce never reads `{!…}` in a value as a merge field.
 */
export function jsonForPage(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&!]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Attribute or text safe in both HTML and Visualforce (whose `{!` would start a merge field). */
function safe(value: string): string {
  return escapeXml(value).replace(/\{!/g, '{&#33;');
}

function head(pkg: SoftphonePackage, urls: SoftphoneDocumentUrls, sldsTag: string, urlOf: (url: string) => string): string {
  return `<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${safe(pkg.callCenterDisplayName)}</title>
<link rel="icon" href="data:,"/>
${sldsTag}
<link rel="stylesheet" href="${urlOf(urls.style)}"/>
<script type="application/json" id="softphone-config">${jsonForPage(pkg.pageConfig)}</script>
<script src="${safe(urls.openCtiOrigin ?? '')}/support/api/${safe(pkg.apiVersion)}/lightning/opencti_min.js"></script>
<script type="module" src="${urlOf(urls.script)}"></script>
</head>
<body class="slds-scope softphone-body"><div id="softphone-root"></div></body>`;
}

/** The page as plain HTML (local preview of what the org serves). */
export function softphoneHtml(pkg: SoftphonePackage, urls: SoftphoneDocumentUrls): string {
  const slds = urls.slds ? `<link rel="stylesheet" href="${safe(urls.slds)}"/>` : '';
  return `<!doctype html>\n<html lang="en">\n${head(pkg, urls, slds, safe)}\n</html>\n`;
}

/** The Visualforce page (`pages/<Name>.page`) and its metadata. */
export function visualforcePage(pkg: SoftphonePackage): GeneratedFile[] {
  const resource = (file: string): string => `{!URLFOR($Resource.${pkg.resourceName}, '${file.replace(/[^\w.-]/g, '')}')}`;
  // Salesforce's own header, stylesheets and html/body tags are off: the page is the softphone only.
  const page = `<apex:page showHeader="false" sidebar="false" standardStylesheets="false" applyHtmlTag="false" applyBodyTag="false" docType="html-5.0" cache="false">
<html lang="en">
${head(pkg, { script: pkg.scriptFile, style: pkg.styleFile }, '<apex:slds/>', resource)}
</html>
</apex:page>
`;
  const meta = xmlDocument(
    parent('ApexPage', [
      el('apiVersion', pkg.apiVersion),
      el('availableInTouch', false),
      el('confirmationTokenRequired', false),
      el('description', `Softphone of the ${pkg.callCenterDisplayName} call centre (Open CTI adapter URL).`),
      el('label', pkg.callCenterDisplayName),
    ], { xmlns: METADATA_NS }),
  );
  return [
    { path: `force-app/main/default/pages/${pkg.pageName}.page`, contents: page },
    { path: `force-app/main/default/pages/${pkg.pageName}.page-meta.xml`, contents: meta },
  ];
}

/** The adapter URL of the call centre: the Visualforce page, relative to the org. */
export const adapterUrl = (pkg: SoftphonePackage): string => `/apex/${pkg.pageName}`;
