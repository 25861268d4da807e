import { Component, h, type ComponentChild, type FunctionComponent } from 'preact';

/**
 * `component`, re-rendered only when one of its props changed (by identity). The call list re-renders
 * on every connector state change; parts inside it that depend on a few props (the dialler, icons)
 * skip the diff.
 * (`memo` from `preact/compat` would bring the whole compatibility layer: +2.1 KB gzipped.)
 */
export function memo<P extends object>(component: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: Readonly<P>): boolean {
      const current = this.props as Readonly<Record<string, unknown>>;
      const incoming = next as Readonly<Record<string, unknown>>;
      for (const key in incoming) if (incoming[key] !== current[key]) return true;
      for (const key in current) if (!(key in incoming)) return true;
      return false;
    }

    override render(props: P): ComponentChild {
      return h(component, props);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
