import { ICONS } from 'slds-icons';
import { memo } from './memo.js';

/** An SLDS icon drawn inline (`sprite:name`, e.g. `utility:call`), styled by the SLDS class given. */
export function SvgIcon({ name, className }: { name: string; className: string }) {
  const icon = ICONS[name];
  if (!icon) return null;
  return (
    <svg class={className} viewBox={icon.viewBox} aria-hidden="true" focusable="false">
      {icon.paths.map((d) => <path key={d} d={d} />)}
    </svg>
  );
}

/** An SLDS utility icon inside a button (re-rendered only when its props change: icons never do). */
export const Icon = memo(function Icon({ name, size, position }: { name: string; size?: 'small' | 'large'; position?: 'left' }) {
  const classes = ['slds-button__icon', size ? `slds-button__icon_${size}` : '', position ? `slds-button__icon_${position}` : ''];
  return <SvgIcon name={`utility:${name}`} className={classes.filter(Boolean).join(' ')} />;
});
