import { useEffect, useState } from 'preact/hooks';
import { OBJECTS } from '../store/schema.js';
import { api, type ConsoleRecord } from './api.js';
import { ObjectIcon } from './icons.js';
import { RecordTable } from './record-table.js';
import type { RecordContext } from './record-fields.js';

const LIST_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  Contact: ['Name', 'Title', 'Phone', 'MobilePhone', 'Email'],
  Lead: ['Name', 'Company', 'Status', 'Phone', 'Email'],
  Account: ['Name', 'Phone', 'Industry', 'BillingCity'],
  Case: ['CaseNumber', 'Subject', 'Status', 'Priority'],
  Task: ['Subject', 'CallType', 'CallDurationInSeconds', 'CallDisposition', 'ActivityDate'],
};

/** An object's list view ("All Contacts"); a screen pop's `listViewId` is shown, the console has only the "All" view. */
export function ListView({ objectType, listViewId, ctx, revision }: { objectType: string; listViewId?: string; ctx: RecordContext; revision: number }) {
  const [rows, setRows] = useState<ConsoleRecord[] | undefined>();
  useEffect(() => {
    api.list(objectType).then(setRows, () => setRows([]));
  }, [objectType, revision]);
  const spec = OBJECTS[objectType as keyof typeof OBJECTS];
  return (
    <div class="console-list">
      <div class="slds-page-header slds-page-header_object-home">
        <div class="slds-media">
          <div class="slds-media__figure"><ObjectIcon objectType={objectType} size="medium" /></div>
          <div class="slds-media__body">
            <span class="slds-page-header__name-meta">{spec?.pluralLabel ?? objectType}</span>
            <h1 class="slds-page-header__title">All {spec?.pluralLabel ?? objectType}</h1>
            <p class="slds-text-body_small">{rows ? `${rows.length} items` : 'Loading…'}</p>
            {listViewId ? <p class="slds-text-body_small" data-list-view-id={listViewId}>List view {listViewId} (the local org shows every record)</p> : null}
          </div>
          {objectType === 'Contact' || objectType === 'Lead' || objectType === 'Account' ? (
            <button class="slds-button slds-button_neutral" onClick={() => ctx.controller.openNewRecord(objectType)}>New</button>
          ) : null}
        </div>
      </div>
      {rows ? <RecordTable records={rows} objectType={objectType} columns={LIST_COLUMNS[objectType] ?? ['Name']} ctx={ctx} /> : null}
    </div>
  );
}

/** Search results grouped by object, as the softphone layout pops them for several matches. */
export function SearchResults({ term, results, ctx }: { term: string; results: readonly ConsoleRecord[]; ctx: RecordContext }) {
  const groups = new Map<string, ConsoleRecord[]>();
  for (const record of results) groups.set(record.attributes.type, [...(groups.get(record.attributes.type) ?? []), record]);
  return (
    <div class="console-search" aria-label="Search results">
      <div class="slds-page-header">
        <h1 class="slds-page-header__title">Search results for “{term}”</h1>
        <p class="slds-text-body_small">{results.length} {results.length === 1 ? 'result' : 'results'}</p>
      </div>
      {results.length === 0 ? <p class="slds-p-around_medium">No results. Check the spelling or try another term.</p> : null}
      {[...groups].map(([type, records]) => (
        <article class="slds-card slds-m-top_small" key={type}>
          <div class="slds-card__header slds-grid">
            <header class="slds-media slds-media_center">
              <div class="slds-media__figure"><ObjectIcon objectType={type} size="x-small" /></div>
              <h2 class="slds-card__header-title">{OBJECTS[type as keyof typeof OBJECTS]?.pluralLabel ?? type} ({records.length})</h2>
            </header>
          </div>
          <RecordTable records={records} objectType={type} columns={LIST_COLUMNS[type] ?? ['Name']} ctx={ctx} />
        </article>
      ))}
    </div>
  );
}

/** The console home: shortcuts to the object lists. */
export function Home({ ctx }: { ctx: RecordContext }) {
  return (
    <div class="console-home slds-p-around_medium">
      <div class="slds-page-header"><h1 class="slds-page-header__title">Home</h1>
        <p class="slds-text-body_small">Local Service Console: records live on this machine. Place a call from the Telephony Simulator in the utility bar.</p>
      </div>
      <div class="slds-grid slds-wrap slds-gutters_small slds-m-top_medium">
        {(['Contact', 'Lead', 'Account', 'Case', 'Task'] as const).map((type) => (
          <div class="slds-col slds-size_1-of-5" key={type}>
            <button class="slds-button slds-button_neutral console-home-tile" onClick={() => ctx.controller.openList(type)}>
              <ObjectIcon objectType={type} /> <span class="slds-m-left_x-small">{OBJECTS[type].pluralLabel}</span>
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
