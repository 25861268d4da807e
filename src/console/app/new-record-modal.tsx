import { useState } from 'preact/hooks';
import { errorMessage } from '../../core/errors.js';
import { OBJECTS } from '../store/schema.js';
import type { ConsoleController } from './controller.js';
import { ButtonIcon } from './icons.js';
import type { NewRecordModal as ModalState } from './store.js';

/** The "New Contact" form, prefilled from a screen pop. */
export function NewRecordModal({ modal, controller }: { modal: ModalState; controller: ConsoleController }) {
  const spec = OBJECTS[modal.objectType as keyof typeof OBJECTS];
  const fields = (spec?.fields ?? []).filter((field) => field.kind !== 'reference' && field.kind !== 'textarea');
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...modal.defaults }));
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const body = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== '' && fields.some((field) => field.name === name)));
    try {
      await controller.createRecord(modal.objectType, body);
    } catch (e) {
      setError(errorMessage(e));
      setSaving(false);
    }
  };
  return (
    <div>
      <section role="dialog" tabIndex={-1} aria-modal="true" aria-labelledby="new-record-title" class="slds-modal slds-fade-in-open">
        <div class="slds-modal__container">
          {/* SLDS draws this button white: its icon is the default (dark) colour, not the inverse one. */}
          <button type="button" class="slds-button slds-button_icon slds-modal__close" title="Cancel" onClick={() => controller.closeModal()}>
            <ButtonIcon name="close" size="large" /><span class="slds-assistive-text">Cancel and close</span>
          </button>
          <div class="slds-modal__header">
            <h1 id="new-record-title" class="slds-modal__title slds-hyphenate">New {spec?.label ?? modal.objectType}</h1>
          </div>
          <form class="slds-modal__content slds-p-around_medium" id="new-record-form" onSubmit={submit}>
            {error ? <div class="slds-notify slds-notify_alert slds-alert_error slds-m-bottom_small" role="alert">{error}</div> : null}
            <div class="slds-grid slds-wrap slds-gutters_x-small">
              {fields.map((field) => (
                <div class="slds-col slds-size_1-of-2 slds-form-element slds-m-bottom_small" key={field.name}>
                  <label class="slds-form-element__label" for={`new-${field.name}`}>
                    {field.required ? <abbr class="slds-required" title="required">* </abbr> : null}{field.label}
                  </label>
                  <div class="slds-form-element__control">
                    {field.kind === 'picklist' ? (
                      <div class="slds-select_container">
                        <select class="slds-select" id={`new-${field.name}`} value={values[field.name] ?? ''} onChange={(e) => setValues({ ...values, [field.name]: (e.target as HTMLSelectElement).value })}>
                          <option value="">--None--</option>
                          {field.values?.map((value) => <option key={value} value={value}>{value}</option>)}
                        </select>
                      </div>
                    ) : (
                      <input class="slds-input" id={`new-${field.name}`} name={field.name} required={field.required} value={values[field.name] ?? ''}
                        type={field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : 'text'}
                        onInput={(e) => setValues({ ...values, [field.name]: (e.target as HTMLInputElement).value })} />
                    )}
                  </div>
                </div>
              ))}
            </div>
          </form>
          <div class="slds-modal__footer">
            <button class="slds-button slds-button_neutral" type="button" onClick={() => controller.closeModal()}>Cancel</button>
            <button class="slds-button slds-button_brand" type="submit" form="new-record-form" disabled={saving}>Save</button>
          </div>
        </div>
      </section>
      <div class="slds-backdrop slds-backdrop_open" role="presentation"></div>
    </div>
  );
}
