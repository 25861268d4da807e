import { SvgIcon } from '../../ui/index.js';

/** SLDS icons of the console, drawn inline. */

const STANDARD: Readonly<Record<string, string>> = { Contact: 'contact', Lead: 'lead', Account: 'account', Case: 'case', Task: 'task' };

/** An object's standard icon in its colour tile. */
export function ObjectIcon({ objectType, size = 'small' }: { objectType: string; size?: 'x-small' | 'small' | 'medium' }) {
  const name = STANDARD[objectType] ?? 'record';
  return (
    <span class={`slds-icon_container slds-icon-standard-${name}`} title={objectType}>
      <SvgIcon name={`standard:${name}`} className={`slds-icon slds-icon_${size}`} />
      <span class="slds-assistive-text">{objectType}</span>
    </span>
  );
}

/** A utility icon (grey glyph), e.g. `call`, `close`, `search`. */
export function UtilityIcon({ name, className = 'slds-icon slds-icon_x-small slds-icon-text-default' }: { name: string; className?: string }) {
  return <SvgIcon name={`utility:${name}`} className={className} />;
}

/** The same icon for use inside an SLDS button. */
export function ButtonIcon({ name, position, size }: { name: string; position?: 'left' | 'right'; size?: 'small' | 'large' }) {
  return <SvgIcon name={`utility:${name}`} className={`slds-button__icon${size ? ` slds-button__icon_${size}` : ''}${position ? ` slds-button__icon_${position}` : ''}`} />;
}
