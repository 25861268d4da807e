import { useEffect, useRef, useState } from 'preact/hooks';
import { OBJECTS } from '../store/schema.js';
import { api, type ConsoleRecord } from './api.js';
import { ObjectIcon } from './icons.js';
import { RecordTable } from './record-table.js';
import { FieldValue, PhoneValue, fieldsOf, type RecordContext } from './record-fields.js';

interface Related {
  readonly title: string;
  readonly objectType: string;
  readonly where: Record<string, string>;
  readonly columns: readonly string[];
}

const TASK_COLUMNS = ['Subject', 'CallType', 'CallDurationInSeconds', 'CallDisposition', 'ActivityDate'];

function relatedLists(record: ConsoleRecord): Related[] {
  const id = record.Id;
  switch (record.attributes.type) {
    case 'Contact':
      return [
        { title: 'Activity History', objectType: 'Task', where: { WhoId: id }, columns: TASK_COLUMNS },
        { title: 'Cases', objectType: 'Case', where: { ContactId: id }, columns: ['CaseNumber', 'Subject', 'Status', 'Priority'] },
      ];
    case 'Lead':
      return [{ title: 'Activity History', objectType: 'Task', where: { WhoId: id }, columns: TASK_COLUMNS }];
    case 'Account':
      return [
        { title: 'Contacts', objectType: 'Contact', where: { AccountId: id }, columns: ['Name', 'Title', 'Phone', 'Email'] },
        { title: 'Cases', objectType: 'Case', where: { AccountId: id }, columns: ['CaseNumber', 'Subject', 'Status', 'Priority'] },
        { title: 'Activity History', objectType: 'Task', where: { WhatId: id }, columns: TASK_COLUMNS },
      ];
    case 'Case':
      return [{ title: 'Activity History', objectType: 'Task', where: { WhatId: id }, columns: TASK_COLUMNS }];
    default:
      return [];
  }
}

/** Rows a related list card shows before "View all", as Lightning's related list cards do. */
const RELATED_ROWS = 6;

/**
 * A related list card, refetched whenever the console's data changes. Like Lightning's, it shows the
 * newest six records and counts "6+" when there are more, until "View all": a contact called thousands
 * of times neither fetches nor renders thousands of rows on every change.
 */
function RelatedList({ related, ctx, revision }: { related: Related; ctx: RecordContext; revision: number }) {
  const [rows, setRows] = useState<ConsoleRecord[] | undefined>();
  const [all, setAll] = useState(false);
  useEffect(() => {
    api.list(related.objectType, related.where, all ? undefined : RELATED_ROWS + 1).then(setRows, () => setRows([]));
  }, [related.objectType, JSON.stringify(related.where), revision, all]);
  const more = !all && rows !== undefined && rows.length > RELATED_ROWS;
  const shown = more ? rows.slice(0, RELATED_ROWS) : rows;
  return (
    <article class="slds-card console-related" aria-label={related.title}>
      <div class="slds-card__header slds-grid">
        <header class="slds-media slds-media_center slds-has-flexi-truncate">
          <div class="slds-media__figure"><ObjectIcon objectType={related.objectType} size="x-small" /></div>
          <div class="slds-media__body">
            <h2 class="slds-card__header-title">{related.title} ({shown === undefined ? '…' : more ? `${RELATED_ROWS}+` : shown.length})</h2>
          </div>
        </header>
      </div>
      <div class="slds-card__body">
        {shown && shown.length > 0 ? <RecordTable records={shown} objectType={related.objectType} columns={related.columns} ctx={ctx} /> : null}
        {shown && shown.length === 0 ? <p class="slds-p-horizontal_medium slds-text-color_weak">No records yet.</p> : null}
      </div>
      {more ? (
        <footer class="slds-card__footer">
          <button type="button" class="slds-button slds-card__footer-action" onClick={() => setAll(true)}>View all<span class="slds-assistive-text"> {related.title}</span></button>
        </footer>
      ) : null}
    </article>
  );
}

/** A record home page: highlights, details and related lists. */
export function RecordPage({ recordId, objectType, initial, ctx, revision }: { recordId: string; objectType: string; initial?: ConsoleRecord; ctx: RecordContext; revision: number }) {
  // A record the tab brought along renders in the same frame as the tab (a screen pop's search found it).
  const [record, setRecord] = useState<ConsoleRecord | undefined>(initial);
  const [error, setError] = useState<string | undefined>();
  const fetchedAt = useRef(initial ? revision : undefined);
  useEffect(() => {
    if (fetchedAt.current === revision) return;
    fetchedAt.current = revision;
    api.get(recordId, objectType).then(setRecord, (e: Error) => setError(e.message));
  }, [recordId, objectType, revision]);
  if (error) return <div class="slds-notify slds-notify_alert slds-alert_error" role="alert">{error}</div>;
  if (!record) return <div class="slds-p-around_large slds-text-color_weak">Loading…</div>;
  const spec = OBJECTS[objectType as keyof typeof OBJECTS];
  const phone = typeof record.Phone === 'string' ? record.Phone : typeof record.MobilePhone === 'string' ? record.MobilePhone : undefined;
  return (
    <div class="console-record" data-record-id={record.Id} data-object-type={objectType}>
      <div class="slds-page-header slds-page-header_record-home">
        <div class="slds-page-header__row">
          <div class="slds-page-header__col-title">
            <div class="slds-media">
              <div class="slds-media__figure"><ObjectIcon objectType={objectType} size="medium" /></div>
              <div class="slds-media__body">
                <span class="slds-page-header__name-meta">{spec?.label ?? objectType}</span>
                <h1 class="slds-page-header__title slds-truncate" title={record.Name}>{record.Name}</h1>
              </div>
            </div>
          </div>
        </div>
        <div class="slds-page-header__row console-detail-row">
          <ul class="slds-page-header__detail-row">
            {fieldsOf(objectType).filter((field) => ['Title', 'AccountId', 'Company', 'Status', 'Email', 'CallType', 'Industry'].includes(field.name)).slice(0, 3).map((field) => (
              <li class="slds-page-header__detail-block" key={field.name}>
                <div class="slds-text-title slds-truncate">{field.label}</div>
                <div class="slds-truncate"><FieldValue field={field} record={record} ctx={ctx} /></div>
              </li>
            ))}
            {phone ? (
              <li class="slds-page-header__detail-block">
                <div class="slds-text-title slds-truncate">Phone</div>
                <div class="slds-truncate"><PhoneValue number={phone} record={record} ctx={ctx} /></div>
              </li>
            ) : null}
          </ul>
        </div>
      </div>
      <div class="slds-grid slds-wrap slds-gutters_x-small slds-m-top_small">
        <div class="slds-col slds-size_1-of-1 slds-large-size_7-of-12">
          <article class="slds-card" aria-label="Details">
            <div class="slds-card__header"><h2 class="slds-card__header-title">Details</h2></div>
            <div class="slds-card__body slds-card__body_inner">
              <dl class="slds-grid slds-wrap console-details">
                {fieldsOf(objectType).map((field) => (
                  <div class="slds-size_1-of-2 slds-p-right_medium slds-m-bottom_small" key={field.name}>
                    <dt class="slds-form-element__label">{field.label}</dt>
                    <dd class="slds-form-element__static console-field" data-field={field.name}><FieldValue field={field} record={record} ctx={ctx} /></dd>
                  </div>
                ))}
              </dl>
            </div>
          </article>
        </div>
        <div class="slds-col slds-size_1-of-1 slds-large-size_5-of-12">
          {relatedLists(record).map((related) => <RelatedList key={related.title} related={related} ctx={ctx} revision={revision} />)}
        </div>
      </div>
    </div>
  );
}
