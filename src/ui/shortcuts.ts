import { useEffect, type MutableRef } from 'preact/hooks';

/**
 * Keyboard shortcuts of the call controls, as `aria-keyshortcuts` writes them. Alt+Shift with a
 * letter: the browsers bind Alt alone (Chrome: Alt+D, Alt+E, Alt+F; Firefox's menus: Alt+F, E, V,
 * S, B, T, H), and with Shift only A, B, I and T (Chrome), none of which is used here. Salesforce's
 * own shortcuts never see these keys: the softphone is a frame of its own. The key is read from
 * `KeyboardEvent.code`, so they work on every layout and on a Mac, where Option types a character.
 */
export const SHORTCUTS = {
  answer: 'Alt+Shift+P',
  decline: 'Alt+Shift+D',
  hangUp: 'Alt+Shift+E',
  mute: 'Alt+Shift+M',
  hold: 'Alt+Shift+H',
  keypad: 'Alt+Shift+K',
  transfer: 'Alt+Shift+X',
  record: 'Alt+Shift+R',
} as const;

/** The attributes that give a control its shortcut: `aria-keyshortcuts`, and a tooltip that shows it. */
export function shortcut(keys: string): { 'aria-keyshortcuts': string; title: string } {
  return { 'aria-keyshortcuts': keys, title: `Shortcut: ${keys}` };
}

/**
 * Presses the control whose `aria-keyshortcuts` matches a key pressed anywhere in the softphone, in
 * the first shown call card that has it enabled: the shortcut does what the click does, no more.
 */
export function useShortcuts(root: MutableRef<HTMLElement | null>): void {
  useEffect(() => {
    const element = root.current;
    if (!element) return undefined;
    const doc = element.ownerDocument;
    const press = (event: KeyboardEvent): void => {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.repeat || event.isComposing) return;
      const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
      if (!letter) return;
      const control = element.querySelector<HTMLElement>(`.sp-call:not([hidden]) [aria-keyshortcuts="Alt+Shift+${letter}"]:not(:disabled)`);
      if (!control) return;
      event.preventDefault();
      control.click();
    };
    doc.addEventListener('keydown', press);
    return () => doc.removeEventListener('keydown', press);
  }, [root]);
}
