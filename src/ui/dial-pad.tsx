const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

/**
 * A 12-key pad. A key's accessible name is what it shows, digit and letters ("2 ABC"), so speech
 * input finds it by its label (WCAG 2.5.3); the space before the letters is collapsed on screen.
 */
export function DialPad({ onKey, label }: { onKey: (digit: string) => void; label: string }) {
  return (
    <div class="sp-dialpad" role="group" aria-label={label}>
      {KEYS.map(([digit, letters]) => (
        <button type="button" key={digit} class="slds-button slds-button_neutral sp-key" onClick={() => onKey(digit)}>
          <span class="sp-key-digit">{digit}</span>
          <span class="sp-key-letters">{letters ? ` ${letters}` : ''}</span>
        </button>
      ))}
    </div>
  );
}
