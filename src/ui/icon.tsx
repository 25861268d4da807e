/** An SLDS utility icon inside a button. */
export function Icon({ name, base, size }: { name: string; base: string; size?: 'small' | 'large' }) {
  return (
    <svg class={`slds-button__icon${size ? ` slds-button__icon_${size}` : ''}`} aria-hidden="true">
      <use href={`${base}/icons/utility-sprite/svg/symbols.svg#${name}`} />
    </svg>
  );
}
