/**
 * The local org's Softphone Layout: what `getSoftphoneLayout` answers and what `searchAndScreenPop`
 * follows (objects searched, fields returned, what pops for no, one and several matches). The
 * console keeps it in its record store; Setup → Softphone Layout edits it. No Node code: the console
 * page uses the default and the checks too.
 */
import { SoftphoneError } from '../../core/errors.js';
import type {
  CallRelatedField,
  LayoutScreenPopType,
  ScreenPopSetting,
  ScreenPopSettings,
  SoftphoneCallTypeLayout,
  SoftphoneLayout,
  SoftphoneLayoutField,
} from '../../salesforce/opencti/types.js';
import type { ObjectType } from './ids.js';
import { OBJECTS } from './schema.js';

/** The call types of a layout, in the order Setup shows them. */
export const LAYOUT_CALL_TYPES = ['Inbound', 'Outbound', 'Internal'] as const;
/** A call type of a layout. */
export type LayoutCallType = (typeof LAYOUT_CALL_TYPES)[number];
/** Every call-related field a layout can show. */
export const CALL_RELATED_FIELDS: readonly CallRelatedField[] = ['ANI', 'DNIS', 'SEGMENT', 'QUEUE'];
/** Objects a layout can search (a softphone never looks a caller up among Tasks). */
export const LAYOUT_SEARCHABLE_OBJECTS: readonly ObjectType[] = ['Contact', 'Lead', 'Account', 'Case'];
/** What each situation can pop. */
export const LAYOUT_SCREEN_POP_TYPES: readonly LayoutScreenPopType[] = ['PopToEntity', 'PopToSearch', 'PopToVisualforce', 'PopToFlow'];
/** The three situations of a layout's screen pops. */
export const MATCH_SITUATIONS = ['NoMatch', 'SingleMatch', 'MultipleMatches'] as const;
/** One of {@link MATCH_SITUATIONS}. */
export type MatchSituation = (typeof MATCH_SITUATIONS)[number];

/** A Softphone Layout the console refuses; `field` is its dotted path. */
export class SoftphoneLayoutError extends SoftphoneError<'invalid-layout'> {
  override readonly name = 'SoftphoneLayoutError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid-layout', `${field}: ${message}`);
  }
}

/** The fields shown for an object's matches by default: its name and phone fields. */
export function defaultLayoutFields(objectType: ObjectType): SoftphoneLayoutField[] {
  const spec = OBJECTS[objectType];
  const phones = spec.fields.filter((field) => field.kind === 'phone').map((field) => ({ displayName: field.label, apiName: field.name }));
  const name = objectType === 'Case' ? { displayName: 'Case Number', apiName: 'CaseNumber' } : { displayName: 'Name', apiName: 'Name' };
  return [name, ...phones];
}

const objectsOf = (types: readonly ObjectType[]): Record<string, SoftphoneLayoutField[]> =>
  Object.fromEntries(types.map((type) => [type, defaultLayoutFields(type)]));

/**
 * The layout of a new org, close to Salesforce's default: inbound calls search Contacts, Leads and
 * Accounts and pop the match, a search page for several, a new Contact for none; outbound calls
 * search the same objects and pop nothing; internal calls have no layout.
 */
export const DEFAULT_SOFTPHONE_LAYOUT: SoftphoneLayout = {
  Inbound: {
    callRelatedFields: ['ANI', 'DNIS', 'QUEUE'],
    objects: objectsOf(['Contact', 'Lead', 'Account']),
    screenPopSettings: {
      screenPopsOpenWithin: 'ExistingWindow',
      NoMatch: { screenPopType: 'PopToEntity', screenPopData: 'Contact' },
      SingleMatch: { screenPopType: 'PopToEntity' },
      MultipleMatches: { screenPopType: 'PopToSearch' },
    },
  },
  Outbound: {
    callRelatedFields: ['DNIS'],
    objects: objectsOf(['Contact', 'Lead', 'Account']),
    screenPopSettings: {},
  },
  Internal: {},
};

type Raw = Readonly<Record<string, unknown>>;

function object(value: unknown, field: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SoftphoneLayoutError(field, 'must be an object');
  return value as Raw;
}

function only(value: Raw, field: string, keys: readonly string[]): void {
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) throw new SoftphoneLayoutError(field ? `${field}.${unknown}` : unknown, `is not part of a softphone layout (${keys.join(', ')} are)`);
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

function setting(value: unknown, field: string, situation: MatchSituation): ScreenPopSetting {
  const raw = object(value, field);
  only(raw, field, ['screenPopType', 'screenPopData']);
  const type = raw.screenPopType;
  if (typeof type !== 'string' || !LAYOUT_SCREEN_POP_TYPES.includes(type as LayoutScreenPopType)) {
    throw new SoftphoneLayoutError(`${field}.screenPopType`, `must be one of ${LAYOUT_SCREEN_POP_TYPES.join(', ')}`);
  }
  const screenPopType = type as LayoutScreenPopType;
  const data = raw.screenPopData;
  if (data !== undefined && (typeof data !== 'string' || !API_NAME.test(data))) {
    throw new SoftphoneLayoutError(`${field}.screenPopData`, 'must be an API name (letters, digits and underscores)');
  }
  switch (screenPopType) {
    case 'PopToSearch':
      if (data !== undefined) throw new SoftphoneLayoutError(`${field}.screenPopData`, 'is absent for PopToSearch');
      return { screenPopType };
    case 'PopToVisualforce':
    case 'PopToFlow':
      if (data === undefined) throw new SoftphoneLayoutError(`${field}.screenPopData`, `names the ${screenPopType === 'PopToFlow' ? 'flow' : 'Visualforce page'} to pop`);
      return { screenPopType, screenPopData: data };
    case 'PopToEntity':
      if (situation === 'MultipleMatches') throw new SoftphoneLayoutError(`${field}.screenPopType`, 'PopToEntity pops one record; for several matches use PopToSearch, PopToVisualforce or PopToFlow');
      if (situation === 'NoMatch') {
        if (data === undefined || !(LAYOUT_SEARCHABLE_OBJECTS as readonly string[]).includes(data)) {
          throw new SoftphoneLayoutError(`${field}.screenPopData`, `names the object of the new record: ${LAYOUT_SEARCHABLE_OBJECTS.join(', ')}`);
        }
        return { screenPopType, screenPopData: data };
      }
      return data === undefined ? { screenPopType } : { screenPopType, screenPopData: data };
  }
}

function screenPopSettings(value: unknown, field: string): ScreenPopSettings | Record<string, never> {
  const raw = object(value, field);
  if (Object.keys(raw).length === 0) return {};
  only(raw, field, ['screenPopsOpenWithin', ...MATCH_SITUATIONS]);
  const within = raw.screenPopsOpenWithin;
  if (within !== undefined && within !== 'ExistingWindow' && within !== 'NewWindow') {
    throw new SoftphoneLayoutError(`${field}.screenPopsOpenWithin`, 'must be ExistingWindow or NewWindow');
  }
  return {
    ...(within ? { screenPopsOpenWithin: within } : {}),
    NoMatch: setting(raw.NoMatch, `${field}.NoMatch`, 'NoMatch'),
    SingleMatch: setting(raw.SingleMatch, `${field}.SingleMatch`, 'SingleMatch'),
    MultipleMatches: setting(raw.MultipleMatches, `${field}.MultipleMatches`, 'MultipleMatches'),
  };
}

function fieldsOf(value: unknown, field: string, objectType: ObjectType): SoftphoneLayoutField[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) throw new SoftphoneLayoutError(field, 'must list 1 to 10 fields');
  const known = new Set(['Name', ...OBJECTS[objectType].fields.map((spec) => spec.name)]);
  return value.map((item: unknown, index) => {
    const raw = object(item, `${field}[${index}]`);
    only(raw, `${field}[${index}]`, ['displayName', 'apiName']);
    if (typeof raw.apiName !== 'string' || !known.has(raw.apiName)) {
      throw new SoftphoneLayoutError(`${field}[${index}].apiName`, `must be a field of ${objectType}: ${[...known].join(', ')}`);
    }
    if (typeof raw.displayName !== 'string' || !raw.displayName.trim() || raw.displayName.length > 80) {
      throw new SoftphoneLayoutError(`${field}[${index}].displayName`, 'must be a label of 1 to 80 characters');
    }
    return { displayName: raw.displayName, apiName: raw.apiName };
  });
}

function callTypeLayout(value: unknown, field: string, optional: boolean): SoftphoneCallTypeLayout | Record<string, never> {
  const raw = object(value, field);
  if (optional && Object.keys(raw).length === 0) return {};
  only(raw, field, ['callRelatedFields', 'objects', 'screenPopSettings']);
  const related = raw.callRelatedFields;
  if (!Array.isArray(related) || related.some((item) => !CALL_RELATED_FIELDS.includes(item as CallRelatedField)) || new Set(related).size !== related.length) {
    throw new SoftphoneLayoutError(`${field}.callRelatedFields`, `must list distinct values of ${CALL_RELATED_FIELDS.join(', ')}`);
  }
  const rawObjects = object(raw.objects, `${field}.objects`);
  only(rawObjects, `${field}.objects`, LAYOUT_SEARCHABLE_OBJECTS);
  const objects = Object.fromEntries(Object.entries(rawObjects).map(([type, fields]) => [type, fieldsOf(fields, `${field}.objects.${type}`, type as ObjectType)]));
  return { callRelatedFields: related as CallRelatedField[], objects, screenPopSettings: screenPopSettings(raw.screenPopSettings ?? {}, `${field}.screenPopSettings`) };
}

/** Checks a layout (as the Setup editor sends it) and returns it clean; throws {@link SoftphoneLayoutError} naming the field. */
export function validateSoftphoneLayout(value: unknown): SoftphoneLayout {
  const raw = object(value, 'layout');
  only(raw, '', LAYOUT_CALL_TYPES);
  const inbound = callTypeLayout(raw.Inbound, 'Inbound', false) as SoftphoneCallTypeLayout;
  return {
    Inbound: inbound,
    Outbound: callTypeLayout(raw.Outbound ?? {}, 'Outbound', true),
    Internal: callTypeLayout(raw.Internal ?? {}, 'Internal', true),
  };
}

/** The layout of one call type, or undefined when it has none (`{}`). */
export function layoutFor(layout: SoftphoneLayout, callType: LayoutCallType): SoftphoneCallTypeLayout | undefined {
  const entry = layout[callType];
  return 'objects' in entry ? (entry as SoftphoneCallTypeLayout) : undefined;
}

/** A call type's screen pops, or undefined when it pops nothing. */
export function screenPopsOf(layout: SoftphoneCallTypeLayout | undefined): ScreenPopSettings | undefined {
  const settings = layout?.screenPopSettings;
  return settings && 'NoMatch' in settings ? (settings as ScreenPopSettings) : undefined;
}
