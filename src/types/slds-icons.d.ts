/** Generated at build time from the Lightning Design System's sprites (scripts/slds-icons.mjs). */
declare module 'slds-icons' {
  /** One icon: its view box and path data. */
  export interface IconData {
    readonly viewBox: string;
    readonly paths: readonly string[];
  }
  /** Icons by `sprite:name`, e.g. `utility:call`. */
  export const ICONS: Readonly<Record<string, IconData>>;
}
