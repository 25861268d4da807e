/**
 * Setup → Softphone Layout of the local org: per call type, the call-related fields, the objects a
 * caller search covers and what pops for no, one and several matches. Saved in the console's record
 * store; `getSoftphoneLayout` answers it and `searchAndScreenPop` follows it.
 */
import { useState } from 'preact/hooks';
import { errorMessage } from '../../core/errors.js';
import type {
  CallRelatedField,
  LayoutScreenPopType,
  ScreenPopSetting,
  ScreenPopSettings,
  SoftphoneCallTypeLayout,
  SoftphoneLayout,
} from '../../salesforce/opencti/types.js';
import { OBJECTS } from '../store/schema.js';
import {
  CALL_RELATED_FIELDS,
  LAYOUT_CALL_TYPES,
  LAYOUT_SCREEN_POP_TYPES,
  LAYOUT_SEARCHABLE_OBJECTS,
  MATCH_SITUATIONS,
  defaultLayoutFields,
  layoutFor,
  screenPopsOf,
  type LayoutCallType,
  type MatchSituation,
} from '../store/softphone-layout.js';
import type { ConsoleController } from './controller.js';

const SITUATION_LABELS: Readonly<Record<MatchSituation, string>> = { NoMatch: 'No match', SingleMatch: 'Single match', MultipleMatches: 'Multiple matches' };
const TYPE_LABELS: Readonly<Record<LayoutScreenPopType, string>> = {
  PopToEntity: 'Record (new record for no match)',
  PopToSearch: 'Search page',
  PopToVisualforce: 'Visualforce page',
  PopToFlow: 'Flow',
};
const RELATED_LABELS: Readonly<Record<CallRelatedField, string>> = { ANI: 'Caller number (ANI)', DNIS: 'Dialled number (DNIS)', SEGMENT: 'Segment', QUEUE: 'Queue' };

const DEFAULT_POPS: ScreenPopSettings = {
  screenPopsOpenWithin: 'ExistingWindow',
  NoMatch: { screenPopType: 'PopToEntity', screenPopData: 'Contact' },
  SingleMatch: { screenPopType: 'PopToEntity' },
  MultipleMatches: { screenPopType: 'PopToSearch' },
};
const EMPTY_CALL_TYPE: SoftphoneCallTypeLayout = { callRelatedFields: [], objects: {}, screenPopSettings: {} };

async function send(method: 'PUT' | 'DELETE', body?: SoftphoneLayout): Promise<SoftphoneLayout> {
  const response = await fetch('/api/setup/softphone-layout', {
    method,
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const payload = (await response.json()) as SoftphoneLayout | Array<{ message: string }>;
  if (!response.ok) throw new Error(Array.isArray(payload) ? (payload[0]?.message ?? `HTTP ${response.status}`) : `HTTP ${response.status}`);
  return payload as SoftphoneLayout;
}

/** The Softphone Layout editor (a Setup page of the console). */
export function SoftphoneLayoutEditor({ controller, layout }: { controller: ConsoleController; layout: SoftphoneLayout }) {
  const [draft, setDraft] = useState<SoftphoneLayout>(layout);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const update = (callType: LayoutCallType, next: SoftphoneCallTypeLayout | Record<string, never>): void => setDraft({ ...draft, [callType]: next });
  const run = async (method: 'PUT' | 'DELETE'): Promise<void> => {
    setSaving(true);
    setError(undefined);
    try {
      const saved = await send(method, method === 'PUT' ? draft : undefined);
      setDraft(saved);
      controller.store.set({ softphoneLayout: saved });
      controller.toast('success', method === 'PUT' ? 'Softphone layout saved.' : 'Softphone layout restored to the default.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div class="console-setup" aria-label="Softphone Layout">
      <div class="slds-page-header">
        <span class="slds-page-header__name-meta">Setup</span>
        <h1 class="slds-page-header__title">Softphone Layout</h1>
        <p class="slds-text-body_small">What a caller search covers and what it pops, per call type: getSoftphoneLayout answers this and searchAndScreenPop follows it.</p>
      </div>
      {error ? <div class="slds-notify slds-notify_alert slds-alert_error slds-m-vertical_small" role="alert">{error}</div> : null}
      {LAYOUT_CALL_TYPES.map((callType) => (
        <CallTypeEditor key={callType} callType={callType} layout={layoutFor(draft, callType)} onChange={(next) => update(callType, next)} />
      ))}
      <div class="slds-m-top_medium">
        <button type="button" class="slds-button slds-button_brand" disabled={saving} onClick={() => void run('PUT')}>Save layout</button>
        <button type="button" class="slds-button slds-button_neutral" disabled={saving} onClick={() => void run('DELETE')}>Restore default</button>
      </div>
    </div>
  );
}

function CallTypeEditor({ callType, layout, onChange }: { callType: LayoutCallType; layout: SoftphoneCallTypeLayout | undefined; onChange: (next: SoftphoneCallTypeLayout | Record<string, never>) => void }) {
  const id = callType.toLowerCase();
  const current = layout ?? EMPTY_CALL_TYPE;
  const pops = screenPopsOf(layout);
  const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));
  return (
    <fieldset class="slds-form-element slds-box slds-m-top_small" aria-label={`${callType} calls`}>
      <legend class="slds-form-element__legend slds-text-heading_small">{callType} calls</legend>
      {callType !== 'Inbound' ? (
        <Check id={`${id}-layout`} label={`Use a layout for ${callType.toLowerCase()} calls`} checked={layout !== undefined}
          onChange={(on) => onChange(on ? { ...EMPTY_CALL_TYPE, objects: { Contact: defaultLayoutFields('Contact') } } : {})} />
      ) : null}
      {layout === undefined ? null : (
        <div class="slds-grid slds-wrap slds-gutters_small">
          <fieldset class="slds-col slds-size_1-of-3" aria-label={`${callType}: call-related fields`}>
            <legend class="slds-form-element__label">Call-related fields</legend>
            {CALL_RELATED_FIELDS.map((field) => (
              <Check key={field} id={`${id}-related-${field}`} label={RELATED_LABELS[field]} checked={current.callRelatedFields.includes(field)}
                onChange={(on) => onChange({ ...current, callRelatedFields: CALL_RELATED_FIELDS.filter((item) => toggle(current.callRelatedFields, field, on).includes(item)) })} />
            ))}
          </fieldset>
          <fieldset class="slds-col slds-size_1-of-3" aria-label={`${callType}: objects searched`}>
            <legend class="slds-form-element__label">Objects searched (fields shown)</legend>
            {LAYOUT_SEARCHABLE_OBJECTS.map((type) => (
              <Check key={type} id={`${id}-object-${type}`} label={`${OBJECTS[type].label} (${defaultLayoutFields(type).map((field) => field.displayName).join(', ')})`} checked={type in current.objects}
                onChange={(on) => onChange({ ...current, objects: Object.fromEntries(LAYOUT_SEARCHABLE_OBJECTS.filter((item) => (item === type ? on : item in current.objects)).map((item) => [item, current.objects[item] ?? defaultLayoutFields(item)])) })} />
            ))}
          </fieldset>
          <fieldset class="slds-col slds-size_1-of-3" aria-label={`${callType}: screen pops`}>
            <legend class="slds-form-element__label">Screen pops</legend>
            <Check id={`${id}-pops`} label="Pop screens for these calls" checked={pops !== undefined} onChange={(on) => onChange({ ...current, screenPopSettings: on ? DEFAULT_POPS : {} })} />
            {pops ? <PopsEditor id={id} pops={pops} onChange={(next) => onChange({ ...current, screenPopSettings: next })} /> : null}
          </fieldset>
        </div>
      )}
    </fieldset>
  );
}

function PopsEditor({ id, pops, onChange }: { id: string; pops: ScreenPopSettings; onChange: (next: ScreenPopSettings) => void }) {
  const set = (situation: MatchSituation, setting: ScreenPopSetting): void => onChange({ ...pops, [situation]: setting });
  return (
    <div>
      <Select id={`${id}-within`} label="Open within" value={pops.screenPopsOpenWithin ?? 'ExistingWindow'}
        options={[['ExistingWindow', 'Existing browser window'], ['NewWindow', 'New browser window or tab']]}
        onChange={(value) => onChange({ ...pops, screenPopsOpenWithin: value as 'ExistingWindow' | 'NewWindow' })} />
      {MATCH_SITUATIONS.map((situation) => {
        const setting = pops[situation];
        const types = LAYOUT_SCREEN_POP_TYPES.filter((type) => !(situation === 'MultipleMatches' && type === 'PopToEntity'));
        const needsName = setting.screenPopType === 'PopToVisualforce' || setting.screenPopType === 'PopToFlow';
        return (
          <div key={situation} class="slds-m-top_x-small">
            <Select id={`${id}-${situation}`} label={SITUATION_LABELS[situation]} value={setting.screenPopType} options={types.map((type) => [type, TYPE_LABELS[type]])}
              onChange={(value) => {
                const screenPopType = value as LayoutScreenPopType;
                set(situation, screenPopType === 'PopToEntity' && situation === 'NoMatch' ? { screenPopType, screenPopData: 'Contact' } : screenPopType === 'PopToEntity' || screenPopType === 'PopToSearch' ? { screenPopType } : { screenPopType, screenPopData: '' });
              }} />
            {setting.screenPopType === 'PopToEntity' && situation === 'NoMatch' ? (
              <Select id={`${id}-${situation}-object`} label={`${SITUATION_LABELS[situation]}: new record of`} value={setting.screenPopData ?? 'Contact'}
                options={LAYOUT_SEARCHABLE_OBJECTS.map((type) => [type, OBJECTS[type].label])} onChange={(value) => set(situation, { ...setting, screenPopData: value })} />
            ) : null}
            {needsName ? (
              <div class="slds-form-element">
                <label class="slds-form-element__label" for={`${id}-${situation}-name`}>{SITUATION_LABELS[situation]}: {setting.screenPopType === 'PopToFlow' ? 'flow API name' : 'Visualforce page name'}</label>
                <input class="slds-input" id={`${id}-${situation}-name`} value={setting.screenPopData ?? ''} maxLength={80}
                  onInput={(event) => set(situation, { ...setting, screenPopData: (event.target as HTMLInputElement).value })} />
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="slds-checkbox">
      <input type="checkbox" id={id} checked={checked} onChange={(event) => onChange((event.target as HTMLInputElement).checked)} />
      <label class="slds-checkbox__label" for={id}><span class="slds-checkbox_faux"></span><span class="slds-form-element__label">{label}</span></label>
    </div>
  );
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: ReadonlyArray<readonly [string, string]>; onChange: (value: string) => void }) {
  return (
    <div class="slds-form-element">
      <label class="slds-form-element__label" for={id}>{label}</label>
      <div class="slds-form-element__control">
        <div class="slds-select_container">
          <select class="slds-select" id={id} value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
            {options.map(([option, text]) => <option key={option} value={option}>{text}</option>)}
          </select>
        </div>
      </div>
    </div>
  );
}
