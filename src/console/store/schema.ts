import type { ObjectType } from './ids.js';

/** Kinds of field value the console checks. */
export type FieldKind = 'text' | 'textarea' | 'phone' | 'email' | 'url' | 'picklist' | 'integer' | 'date' | 'reference';

/** One field of an object. */
export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly values?: readonly string[];
  /** Objects a reference field may point to. */
  readonly references?: readonly ObjectType[];
  readonly maxLength?: number;
}

/** One object: its fields and how a record's name is made. */
export interface ObjectSpec {
  readonly type: ObjectType;
  readonly label: string;
  readonly pluralLabel: string;
  readonly fields: readonly FieldSpec[];
  readonly name: (fields: Readonly<Record<string, unknown>>) => string;
}

const text = (name: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label, kind: 'text', maxLength: 255, ...extra });
const phone = (name: string, label: string): FieldSpec => ({ name, label, kind: 'phone', maxLength: 40 });
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const personName = (fields: Readonly<Record<string, unknown>>): string =>
  [str(fields.FirstName), str(fields.LastName)].filter(Boolean).join(' ');

/** The objects of the local console, with the standard fields a softphone uses. */
export const OBJECTS: Readonly<Record<ObjectType, ObjectSpec>> = {
  Account: {
    type: 'Account',
    label: 'Account',
    pluralLabel: 'Accounts',
    name: (f) => str(f.Name),
    fields: [
      text('Name', 'Account Name', { required: true }),
      text('AccountNumber', 'Account Number', { maxLength: 40 }),
      phone('Phone', 'Phone'),
      text('Industry', 'Industry'),
      { name: 'Type', label: 'Type', kind: 'picklist', values: ['Customer', 'Prospect', 'Partner', 'Other'] },
      { name: 'Website', label: 'Website', kind: 'url', maxLength: 255 },
      text('BillingCity', 'Billing City'),
    ],
  },
  Contact: {
    type: 'Contact',
    label: 'Contact',
    pluralLabel: 'Contacts',
    name: personName,
    fields: [
      text('FirstName', 'First Name', { maxLength: 40 }),
      text('LastName', 'Last Name', { required: true, maxLength: 80 }),
      text('Title', 'Title', { maxLength: 128 }),
      { name: 'AccountId', label: 'Account Name', kind: 'reference', references: ['Account'] },
      phone('Phone', 'Phone'),
      phone('MobilePhone', 'Mobile'),
      { name: 'Email', label: 'Email', kind: 'email', maxLength: 80 },
      text('MailingCity', 'Mailing City', { maxLength: 40 }),
    ],
  },
  Lead: {
    type: 'Lead',
    label: 'Lead',
    pluralLabel: 'Leads',
    name: personName,
    fields: [
      text('FirstName', 'First Name', { maxLength: 40 }),
      text('LastName', 'Last Name', { required: true, maxLength: 80 }),
      text('Company', 'Company', { required: true }),
      { name: 'Status', label: 'Lead Status', kind: 'picklist', values: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] },
      phone('Phone', 'Phone'),
      phone('MobilePhone', 'Mobile'),
      { name: 'Email', label: 'Email', kind: 'email', maxLength: 80 },
    ],
  },
  Case: {
    type: 'Case',
    label: 'Case',
    pluralLabel: 'Cases',
    name: (f) => str(f.CaseNumber),
    fields: [
      text('CaseNumber', 'Case Number', { maxLength: 30 }),
      text('Subject', 'Subject'),
      { name: 'Status', label: 'Status', kind: 'picklist', values: ['New', 'Working', 'Escalated', 'Closed'] },
      { name: 'Priority', label: 'Priority', kind: 'picklist', values: ['High', 'Medium', 'Low'] },
      { name: 'Origin', label: 'Case Origin', kind: 'picklist', values: ['Phone', 'Email', 'Web'] },
      { name: 'ContactId', label: 'Contact Name', kind: 'reference', references: ['Contact'] },
      { name: 'AccountId', label: 'Account Name', kind: 'reference', references: ['Account'] },
      { name: 'Description', label: 'Description', kind: 'textarea', maxLength: 32000 },
    ],
  },
  Task: {
    type: 'Task',
    label: 'Task',
    pluralLabel: 'Tasks',
    name: (f) => str(f.Subject),
    fields: [
      text('Subject', 'Subject'),
      { name: 'Status', label: 'Status', kind: 'picklist', values: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] },
      { name: 'TaskSubtype', label: 'Task Subtype', kind: 'picklist', values: ['Task', 'Email', 'Call', 'ListEmail', 'Cadence'] },
      { name: 'CallType', label: 'Call Type', kind: 'picklist', values: ['Inbound', 'Outbound', 'Internal'] },
      { name: 'CallDurationInSeconds', label: 'Call Duration', kind: 'integer' },
      text('CallObject', 'Call Object Identifier'),
      text('CallDisposition', 'Call Result'),
      { name: 'ActivityDate', label: 'Due Date', kind: 'date' },
      { name: 'WhoId', label: 'Name', kind: 'reference', references: ['Contact', 'Lead'] },
      { name: 'WhatId', label: 'Related To', kind: 'reference', references: ['Account', 'Case'] },
      { name: 'Priority', label: 'Priority', kind: 'picklist', values: ['High', 'Normal', 'Low'] },
      { name: 'Description', label: 'Comments', kind: 'textarea', maxLength: 32000 },
    ],
  },
};

/** Whether `type` is an object the console stores. */
export function isObjectType(type: string): type is ObjectType {
  return Object.prototype.hasOwnProperty.call(OBJECTS, type);
}

/** Objects searched for a caller, in the softphone layout's order. */
export const SOFTPHONE_LAYOUT_OBJECTS: readonly ObjectType[] = ['Contact', 'Lead', 'Account'];
