/** Tabs a screen pop opens that show no record: a page by URL, and a flow with its inputs. */
import type { FlowArg } from '../../salesforce/opencti/types.js';

/**
 * A page by URL. A relative URL is a page of the org (`/apex/…` a Visualforce page): the local org
 * has none of them, so the tab names the page and the parameters it was opened with. An absolute
 * URL is what Salesforce opens in a new browser tab; here the agent opens it from the tab.
 */
export function UrlPage({ url, external }: { url: string; external: boolean }) {
  const parsed = new URL(url, location.origin);
  const page = /^\/apex\/([A-Za-z0-9_]+)$/.exec(parsed.pathname)?.[1];
  const params = [...parsed.searchParams];
  return (
    <div class="console-url-page" aria-label="Page" data-url={url}>
      <div class="slds-page-header">
        <span class="slds-page-header__name-meta">{external ? 'Web page' : page ? 'Visualforce page' : 'Page'}</span>
        <h1 class="slds-page-header__title">{external ? url : page ?? parsed.pathname}</h1>
        <p class="slds-text-body_small">
          {external
            ? 'Salesforce opens this address in a new browser tab.'
            : `${page ? 'The Visualforce page' : 'This page of the org'} would show here; the local console has none, so it lists what the page was opened with.`}
        </p>
      </div>
      {external ? (
        <p class="slds-p-around_medium"><a href={parsed.href} target="_blank" rel="noopener noreferrer">Open {parsed.host}</a></p>
      ) : (
        <table class="slds-table slds-table_bordered slds-m-top_small" aria-label="URL parameters">
          <thead><tr><th scope="col">Parameter</th><th scope="col">Value</th></tr></thead>
          <tbody>
            <tr><th scope="row">URL</th><td>{url}</td></tr>
            {params.map(([name, value], index) => <tr key={`${name}#${index}`}><th scope="row">{name}</th><td>{value}</td></tr>)}
          </tbody>
        </table>
      )}
    </div>
  );
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

/** A flow started by a screen pop: its API name and each input variable, as the flow receives them. */
export function FlowPage({ flowDevName, flowArgs }: { flowDevName: string; flowArgs: readonly FlowArg[] }) {
  return (
    <div class="console-flow" aria-label={`Flow ${flowDevName}`} data-flow={flowDevName}>
      <div class="slds-page-header">
        <span class="slds-page-header__name-meta">Flow</span>
        <h1 class="slds-page-header__title">{flowDevName}</h1>
        <p class="slds-text-body_small">The local org runs no flows; these are the input variables the flow was started with.</p>
      </div>
      {flowArgs.length === 0 ? <p class="slds-p-around_medium">No input variables.</p> : null}
      <div class="slds-form slds-p-around_medium" role="list">
        {flowArgs.map((arg, index) => (
          <div class="slds-form-element slds-m-bottom_small" role="listitem" key={`${arg.name}#${index}`}>
            <label class="slds-form-element__label" for={`flow-arg-${index}`}>{arg.name} ({arg.type})</label>
            <div class="slds-form-element__control">
              <input class="slds-input" id={`flow-arg-${index}`} readOnly value={shown(arg.value)} data-type={arg.type} />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
