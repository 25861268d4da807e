const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

/** A 12-key pad; each key's accessible name is its digit. */
export function DialPad({ onKey, label }: { onKey: (digit: string) => void; label: string }) {
  return (
    <div class="sp-dialpad" role="group" aria-label={label}>
      {KEYS.map(([digit, letters]) => (
        <button type="button" key={digit} class="slds-button slds-button_neutral sp-key" aria-label={digit} onClick={() => onKey(digit)}>
          <span class="sp-key-digit" aria-hidden="true">{digit}</span>
          <span class="sp-key-letters" aria-hidden="true">{letters}</span>
        </button>
      ))}
    </div>
  );
}
