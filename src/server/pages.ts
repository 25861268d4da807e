/** HTML of the pages the server renders. No inline script: configuration travels as inert JSON. */

/** Escapes text for an HTML text or attribute context. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const head = (title: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css">`;

/** The local Salesforce console. */
export function consolePage(config: unknown): string {
  return `${head('Service Console | Salesforce (local)')}
<link rel="stylesheet" href="/assets/console.css">
<script type="application/json" id="console-config">${jsonForHtml(config)}</script>
<script type="module" src="/assets/console.js"></script>
</head>
<body class="slds-scope"><div id="console-root"></div></body>
</html>`;
}

/** The softphone page: what an org hosts as the call centre's adapter URL. Loads the bundle of `config.provider.kind`. */
export function softphonePage(apiVersion: string, config: { readonly provider: { readonly kind: string }; readonly [key: string]: unknown }): string {
  return `${head('Softphone')}
<link rel="stylesheet" href="/assets/softphone.css">
<script type="application/json" id="softphone-config">${jsonForHtml(config)}</script>
<script src="/support/api/${escapeHtml(apiVersion)}/lightning/opencti_min.js"></script>
<script type="module" src="/assets/softphone-${escapeHtml(config.provider.kind)}.js"></script>
</head>
<body class="slds-scope softphone-body"><div id="softphone-root"></div></body>
</html>`;
}

/** JSON that is safe inside a `<script type="application/json">` element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
