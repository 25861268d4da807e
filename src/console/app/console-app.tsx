import { useMemo, useState } from 'preact/hooks';
import type { CallCenterSettings, SoftphoneLayout } from '../../salesforce/opencti/types.js';
import type { ConsoleController } from './controller.js';
import { ButtonIcon, ObjectIcon, UtilityIcon } from './icons.js';
import { NewRecordModal } from './new-record-modal.js';
import type { ClickToDialPayload, OpenCtiHost } from './opencti-host.js';
import { RecordPage } from './record-page.js';
import type { RecordContext } from './record-fields.js';
import { useConsoleState, type Tab } from './store.js';
import { UtilityBar } from './utility-bar.js';
import type { OmniChannelEmulator } from './omni-channel.js';
import type { OmniPackage } from '../../salesforce/packaging/types.js';
import { FlowPage, UrlPage } from './pop-pages.js';
import { SoftphoneLayoutEditor } from './softphone-layout-editor.js';
import { Home, ListView, SearchResults } from './views.js';
import { CONSOLE_USERS } from '../users.js';

/** Console settings from the server page. */
export interface ConsoleConfig {
  readonly apiVersion: string;
  readonly softphonePath: string;
  /** The port the server also listens on for the softphone: same site, other origin, as Lightning and Visualforce are. */
  readonly softphonePort?: number;
  /** The SIP lab's phone (a caller user agent), shown instead of the telephony simulator. */
  readonly labPhonePath?: string;
  readonly labAgent?: string;
  /** What `getCallCenterSettings` answers: the server derives it from the call centre `build` writes. */
  readonly callCenterSettings?: CallCenterSettings;
  /** The org's Softphone Layout, as Setup last saved it. */
  readonly softphoneLayout?: SoftphoneLayout;
  /** Omni-Channel's message channel and statuses, when the config syncs presence with it. */
  readonly omni?: OmniPackage;
}

/**
 * Where the softphone frame comes from: cross-origin as in a real org. With the server's second port
 * it is also same-site, as Lightning and Visualforce are, so the frame may use storage and locks;
 * without one, the other loopback name.
 */
export function softphoneOrigin(config: Pick<ConsoleConfig, 'softphonePort'>): string {
  if (config.softphonePort) return `${location.protocol}//${location.hostname}:${config.softphonePort}`;
  const swapped = location.hostname === '127.0.0.1' ? 'localhost' : location.hostname === 'localhost' ? '127.0.0.1' : location.hostname;
  return `${location.protocol}//${swapped}${location.port ? `:${location.port}` : ''}`;
}

function tabLabel(tab: Tab): string {
  switch (tab.kind) {
    case 'home': return 'Home';
    case 'record': return tab.title;
    case 'list': return `${tab.objectType}s`;
    case 'search': return `Search: ${tab.term}`;
    case 'url': return tab.external ? new URL(tab.url).host : tab.url.split('?')[0] ?? tab.url;
    case 'flow': return `Flow: ${tab.flowDevName}`;
    case 'setup': return 'Setup: Softphone Layout';
  }
}

/** Who is signed in: a picker of the org's users; choosing one reloads the console as them (`/?user=<alias>`). */
function UserPicker({ user }: { user: string }) {
  const known = CONSOLE_USERS.find((candidate) => candidate.alias === user);
  const initials = (known?.name ?? '?').split(' ').map((part) => part[0] ?? '').join('').slice(0, 2).toUpperCase();
  return (
    <div class="slds-grid slds-grid_vertical-align-center console-user">
      <label class="slds-assistive-text" for="console-user">Signed in as</label>
      <select id="console-user" class="slds-select console-user-select" data-testid="console-user" value={known ? user : ''}
        onChange={(event) => {
          const alias = (event.target as HTMLSelectElement).value;
          location.search = `?${new URLSearchParams({ user: alias }).toString()}`;
        }}>
        {known ? null : <option value="">Unknown user "{user}"</option>}
        {CONSOLE_USERS.map((candidate) => <option key={candidate.alias} value={candidate.alias}>{candidate.name} ({candidate.alias}{candidate.role === 'supervisor' ? ', supervisor' : ''})</option>)}
      </select>
      <span class="slds-avatar slds-avatar_circle slds-avatar_small console-avatar slds-m-left_x-small" title={known?.name ?? user}>{initials}</span>
    </div>
  );
}

function GlobalHeader({ controller, user }: { controller: ConsoleController; user: string }) {
  const [term, setTerm] = useState('');
  return (
    <header class="slds-global-header_container console-header">
      <div class="slds-global-header slds-grid slds-grid_align-spread">
        <div class="slds-global-header__item console-brand"><span class="console-logo" aria-hidden="true">☁</span> Service Console <span class="slds-badge slds-m-left_x-small">local</span></div>
        <div class="slds-global-header__item slds-global-header__item_search">
          <form role="search" onSubmit={(event) => { event.preventDefault(); if (term.trim().length >= 2) void controller.search(term.trim()); }}>
            <div class="slds-form-element__control slds-input-has-icon slds-input-has-icon_left">
              <UtilityIcon name="search" className="slds-icon slds-input__icon slds-input__icon_left slds-icon-text-default" />
              <input type="search" class="slds-input" placeholder="Search Contacts, Leads, Accounts, Cases…" aria-label="Search" value={term} onInput={(e) => setTerm((e.target as HTMLInputElement).value)} />
            </div>
          </form>
        </div>
        <div class="slds-global-header__item">
          <button type="button" class="slds-button slds-button_neutral slds-m-right_small" onClick={() => controller.openSetup()}>Setup</button>
          <UserPicker user={user} />
        </div>
      </div>
    </header>
  );
}

function TabBar({ tabs, active, controller }: { tabs: readonly Tab[]; active: string; controller: ConsoleController }) {
  return (
    <div class="slds-context-bar console-tabbar">
      <div class="slds-context-bar__primary">
        <div class="slds-context-bar__item slds-no-hover"><span class="slds-context-bar__label-action slds-context-bar__app-name"><span class="slds-truncate">Service</span></span></div>
      </div>
      <ul class="slds-tabs_default__nav console-tabs" role="tablist">
        {tabs.map((tab) => (
          <li key={tab.key} class={`slds-tabs_default__item${tab.key === active ? ' slds-is-active' : ''}`} role="presentation">
            <a class="slds-tabs_default__link" href="#" role="tab" aria-selected={tab.key === active} tabIndex={tab.key === active ? 0 : -1}
              onClick={(event) => { event.preventDefault(); controller.activate(tab.key); }}>
              {tab.kind === 'record' ? <span class="slds-m-right_xx-small"><ObjectIcon objectType={tab.objectType} size="x-small" /></span> : null}
              <span class="slds-truncate console-tab-title">{tabLabel(tab)}</span>
            </a>
            {tab.kind !== 'home' ? (
              <button class="slds-button slds-button_icon slds-button_icon-x-small console-tab-close" title={`Close ${tabLabel(tab)}`} onClick={() => controller.closeTab(tab.key)}>
                <ButtonIcon name="close" /><span class="slds-assistive-text">Close {tabLabel(tab)}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The whole console: header, workspace tabs, the focused page, utility bar, modal and toasts. */
export function ConsoleApp({ controller, config, host, omni, user = CONSOLE_USERS[0]?.alias ?? 'agent' }: { controller: ConsoleController; config: ConsoleConfig; host: OpenCtiHost; omni?: OmniChannelEmulator; user?: string }) {
  const state = useConsoleState(controller.store);
  const origin = useMemo(() => softphoneOrigin(config), [config]);
  const softphoneUrl = `${origin}${config.softphonePath}?${new URLSearchParams({ sfdcIframeOrigin: location.origin, mode: 'Lightning', ...consoleUser() }).toString()}`;
  const ctx: RecordContext = { controller, clickToDial: state.clickToDial, dial: (payload: ClickToDialPayload) => host.clickToDial(payload) };
  const tab = state.tabs.find((candidate) => candidate.key === state.active);
  return (
    <div class="console-shell">
      <GlobalHeader controller={controller} user={user} />
      <TabBar tabs={state.tabs} active={state.active} controller={controller} />
      <main class="console-main" role="tabpanel" aria-label={tab ? tabLabel(tab) : 'Home'}>
        {tab?.kind === 'record' ? <RecordPage key={tab.recordId} recordId={tab.recordId} objectType={tab.objectType} initial={tab.record} ctx={ctx} revision={state.revision} /> : null}
        {tab?.kind === 'list' ? <ListView objectType={tab.objectType} listViewId={tab.listViewId} ctx={ctx} revision={state.revision} /> : null}
        {tab?.kind === 'search' ? <SearchResults term={tab.term} results={tab.results} ctx={ctx} /> : null}
        {tab?.kind === 'url' ? <UrlPage url={tab.url} external={tab.external} /> : null}
        {tab?.kind === 'flow' ? <FlowPage flowDevName={tab.flowDevName} flowArgs={tab.flowArgs} /> : null}
        {tab?.kind === 'setup' ? <SoftphoneLayoutEditor controller={controller} layout={state.softphoneLayout} /> : null}
        {tab?.kind === 'home' || !tab ? <Home ctx={ctx} /> : null}
      </main>
      <UtilityBar state={state} controller={controller} softphoneUrl={softphoneUrl} labPhonePath={config.labPhonePath} omni={omni} />
      {state.modal ? <NewRecordModal key={JSON.stringify(state.modal)} modal={state.modal} controller={controller} /> : null}
      <div class="slds-notify_container console-toasts" aria-live="polite">
        {state.toasts.map((toast) => (
          <div key={toast.id} class={`slds-notify slds-notify_toast slds-theme_${toast.variant}`} role="status">
            <div class="slds-notify__content"><h2 class="slds-text-heading_small">{toast.text}</h2></div>
            <button class="slds-button slds-button_icon slds-notify__close slds-button_icon-inverse" title="Close" onClick={() => controller.dismissToast(toast.id)}>
              <ButtonIcon name="close" /><span class="slds-assistive-text">Close</span>
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}

/** The signed-in console user (`/?user=<alias>`), handed to the softphone frame, whose agent it picks (src/server/console-user.ts). */
function consoleUser(): { user?: string } {
  const user = new URLSearchParams(location.search).get('user');
  return user ? { user } : {};
}
