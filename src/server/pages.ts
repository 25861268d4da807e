/** HTML of the pages the server renders. No inline script: configuration travels as inert JSON. */

/** Escapes text for an HTML text or attribute context. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The Lightning Design System rules the console uses, or those the phone pages use: both built into
 * dist/public at build time (scripts/softphone-css.mjs), so the server never needs the design system.
 */
const CONSOLE_SLDS = '/assets/slds/styles/console.css';
const PHONE_SLDS = '/assets/softphone-slds.css';

const head = (title: string, slds = CONSOLE_SLDS): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${slds}">`;

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

/**
 * The softphone page: what an org hosts as the call centre's adapter URL. Loads the bundle of
 * `config.provider.kind`, or `bundle` (`softphone-<bundle>.js`) when given.
 */
export function softphonePage(apiVersion: string, config: { readonly provider: { readonly kind: string }; readonly [key: string]: unknown }, bundle?: string): string {
  return `${head('Softphone', PHONE_SLDS)}
<link rel="stylesheet" href="/assets/softphone.css">
<script type="application/json" id="softphone-config">${jsonForHtml(config)}</script>
<script src="/support/api/${escapeHtml(apiVersion)}/lightning/opencti_min.js"></script>
<script type="module" src="/assets/softphone-${escapeHtml(bundle ?? config.provider.kind)}.js"></script>
</head>
<body class="slds-scope softphone-body"><div id="softphone-root"></div></body>
</html>`;
}

/** The lab phone: a second SIP user agent that calls the agent through the lab's PBX. */
export function labPhonePage(config: { readonly server: string; readonly domain: string; readonly agent: string }): string {
  const agent = escapeHtml(config.agent);
  return `${head('Lab phone', PHONE_SLDS)}
<link rel="stylesheet" href="/assets/softphone.css">
<script type="application/json" id="lab-phone-config">${jsonForHtml(config)}</script>
<script type="module" src="/assets/lab-phone.js"></script>
</head>
<body class="slds-scope softphone-body">
<main class="slds-p-around_small">
  <form id="lab-call-form" class="slds-form">
    <div class="slds-form-element slds-m-bottom_x-small">
      <label class="slds-form-element__label" for="lab-from">Caller number</label>
      <div class="slds-form-element__control"><input id="lab-from" class="slds-input" type="tel" value="+1 415 555 0142" required maxlength="32"></div>
    </div>
    <div class="slds-form-element slds-m-bottom_x-small">
      <label class="slds-form-element__label" for="lab-name">Caller name</label>
      <div class="slds-form-element__control"><input id="lab-name" class="slds-input" value="Maria Chen" maxlength="64"></div>
    </div>
    <div class="slds-form-element slds-m-bottom_small">
      <label class="slds-form-element__label" for="lab-account">X-Account-Number (IVR data)</label>
      <div class="slds-form-element__control"><input id="lab-account" class="slds-input" maxlength="64"></div>
    </div>
    <button type="submit" class="slds-button slds-button_brand">Call ${agent}</button>
    <button type="button" id="lab-answer" class="slds-button slds-button_success">Answer</button>
    <button type="button" id="lab-hangup" class="slds-button slds-button_destructive">Hang up</button>
  </form>
  <p id="lab-status" class="slds-m-top_small slds-text-body_small" role="status">Starting…</p>
</main>
</body>
</html>`;
}

/** JSON that is safe inside a `<script type="application/json">` element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
