import { useEffect, useState } from 'preact/hooks';
import { OBJECTS, type FieldSpec } from '../store/schema.js';
import { api, typeOfId, type ConsoleRecord } from './api.js';
import type { ConsoleController } from './controller.js';
import type { ClickToDialPayload } from './opencti-host.js';

/** Shared by record views: how to open records and dial numbers. */
export interface RecordContext {
  readonly controller: ConsoleController;
  readonly clickToDial: boolean;
  readonly dial: (payload: ClickToDialPayload) => void;
}

/** A link to another record, showing its name once loaded. */
export function RecordLink({ id, ctx }: { id: string; ctx: RecordContext }) {
  const [name, setName] = useState<string>(id);
  useEffect(() => {
    const type = typeOfId(id);
    if (type) api.get(id, type).then((record) => setName(record.Name || id), () => setName(id));
  }, [id]);
  return (
    <a href="#" onClick={(event) => { event.preventDefault(); void ctx.controller.openRecord(id); }}>
      {name}
    </a>
  );
}

/** A phone number: a click-to-dial link while the softphone enabled it, plain text otherwise. */
export function PhoneValue({ number, record, ctx }: { number: string; record: ConsoleRecord; ctx: RecordContext }) {
  if (!ctx.clickToDial) return <span>{number}</span>;
  const payload: ClickToDialPayload = { number, recordId: record.Id, recordName: record.Name, objectType: record.attributes.type };
  return (
    <a href={`tel:${number}`} class="console-phone-link" title={`Call ${number}`} onClick={(event) => { event.preventDefault(); ctx.dial(payload); }}>
      {number}
    </a>
  );
}

/** One field's value, formatted by kind. */
export function FieldValue({ field, record, ctx }: { field: FieldSpec; record: ConsoleRecord; ctx: RecordContext }) {
  const value = record[field.name];
  if (value === null || value === undefined || value === '') return <span class="slds-text-color_weak">—</span>;
  const text = String(value);
  switch (field.kind) {
    case 'phone':
      return <PhoneValue number={text} record={record} ctx={ctx} />;
    case 'reference':
      return <RecordLink id={text} ctx={ctx} />;
    case 'email':
      return <a href={`mailto:${text}`}>{text}</a>;
    case 'integer':
      return <span>{field.name === 'CallDurationInSeconds' ? formatDuration(Number(value)) : text}</span>;
    case 'textarea':
      return <span class="console-multiline">{text}</span>;
    default:
      return <span>{text}</span>;
  }
}

/** `95` → `1:35`. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The fields of an object, for layouts. */
export function fieldsOf(objectType: string): readonly FieldSpec[] {
  return OBJECTS[objectType as keyof typeof OBJECTS]?.fields ?? [];
}
