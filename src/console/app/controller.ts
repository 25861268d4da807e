import type { AppViewInfo, FlowArg } from '../../salesforce/opencti/types.js';
import { api, typeOfId, type ConsoleRecord } from './api.js';
import type { Store, Tab } from './store.js';

/** What the agent is looking at, as Open CTI's `getAppViewInfo` and `onNavigationChange` report it. */
export type PageInfo = AppViewInfo;

/** The console's actions: tabs, records, modals, toasts. Everything the UI and the Open CTI host do goes through here. */
export class ConsoleController {
  private toastId = 0;
  private readonly navigationListeners = new Set<(page: PageInfo) => void>();

  constructor(readonly store: Store) {}

  /** Opens (or focuses) a record's tab; `known` is the record when the caller has it already (a search result). */
  async openRecord(recordId: string, known?: ConsoleRecord): Promise<void> {
    const existing = this.store.get().tabs.find((tab) => tab.kind === 'record' && tab.recordId === recordId);
    if (existing) return this.activate(existing.key);
    const objectType = typeOfId(recordId);
    if (!objectType) throw new Error(`${recordId} is not the id of a Contact, Lead, Account, Case or Task.`);
    const record = known?.Id === recordId ? known : await api.get(recordId, objectType);
    this.addTab({ key: `record:${recordId}`, kind: 'record', recordId, objectType, title: record.Name || objectType, record });
  }

  /** Opens an object's list view (its home), or one list view of it. */
  openList(objectType: string, listViewId?: string): void {
    const key = `list:${objectType}${listViewId ? `:${listViewId}` : ''}`;
    if (this.store.get().tabs.some((tab) => tab.key === key)) return this.activate(key);
    this.addTab({ key, kind: 'list', objectType, ...(listViewId ? { listViewId } : {}) });
  }

  /** Opens a page by URL in a tab: a relative one as a page of the app, an absolute one as Salesforce's "opens in a new browser tab". */
  openUrl(url: string, external: boolean): void {
    this.replaceTab({ key: `url:${url}`, kind: 'url', url, external });
  }

  /** Opens a flow's tab with the input variables it was started with. */
  openFlow(flowDevName: string, flowArgs: readonly FlowArg[]): void {
    this.replaceTab({ key: `flow:${flowDevName}`, kind: 'flow', flowDevName, flowArgs });
  }

  /** Opens Setup → Softphone Layout. */
  openSetup(): void {
    const key = 'setup:softphone-layout';
    if (this.store.get().tabs.some((tab) => tab.key === key)) return this.activate(key);
    this.addTab({ key, kind: 'setup' });
  }

  /** Opens a search result page. */
  openSearch(term: string, results: readonly ConsoleRecord[]): void {
    this.replaceTab({ key: `search:${term}`, kind: 'search', term, results });
  }

  /** Runs a global search and shows its results (one record: opens it). */
  async search(term: string): Promise<ConsoleRecord[]> {
    const results = await api.search(term, ['Contact', 'Lead', 'Account', 'Case']);
    this.openSearch(term, results);
    return results;
  }

  /** Focuses a tab. */
  activate(key: string): void {
    if (this.store.get().active === key) return;
    this.store.set({ active: key });
    this.notifyNavigation();
  }

  /** Closes a tab (never the home tab). */
  closeTab(key: string): void {
    if (key === 'home') return;
    const { tabs, active } = this.store.get();
    const index = tabs.findIndex((tab) => tab.key === key);
    const remaining = tabs.filter((tab) => tab.key !== key);
    const nextActive = active === key ? (remaining[Math.max(0, index - 1)]?.key ?? 'home') : active;
    this.store.set({ tabs: remaining, active: nextActive });
    if (active === key) this.notifyNavigation();
  }

  /** Opens the new-record form, prefilled. */
  openNewRecord(objectType: string, defaults: Record<string, string> = {}): void {
    this.store.set({ modal: { objectType, defaults } });
  }

  closeModal(): void {
    this.store.set({ modal: undefined });
  }

  /** Creates a record from the form and opens it. */
  async createRecord(objectType: string, fields: Record<string, string>): Promise<string> {
    const { id } = await api.create(objectType, fields);
    this.store.set({ modal: undefined });
    this.changed();
    this.toast('success', `${objectType} "${[fields.FirstName, fields.LastName].filter(Boolean).join(' ') || fields.Name || fields.Subject || id}" was created.`);
    await this.openRecord(id);
    return id;
  }

  /** Tells record pages to refetch. */
  changed(): void {
    this.store.set((state) => ({ revision: state.revision + 1 }));
  }

  toast(variant: 'success' | 'error' | 'info', text: string): void {
    const id = ++this.toastId;
    this.store.set((state) => ({ toasts: [...state.toasts, { id, variant, text }].slice(-3) }));
    setTimeout(() => this.dismissToast(id), 5000);
  }

  dismissToast(id: number): void {
    this.store.set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  }

  /** The page in focus, as Open CTI reports it. */
  currentPage(): PageInfo {
    const { tabs, active } = this.store.get();
    const tab = tabs.find((candidate) => candidate.key === active);
    return tab ? pageInfo(tab) : offRecord(location.href);
  }

  /** Tells navigation listeners the page again (Open CTI does when the window regains focus). */
  renotifyNavigation(): void {
    this.notifyNavigation();
  }

  onNavigation(listener: (page: PageInfo) => void): () => void {
    this.navigationListeners.add(listener);
    return () => this.navigationListeners.delete(listener);
  }

  /** Opens `tab` in place of an open one with its key (its content may differ), focused. */
  private replaceTab(tab: Tab): void {
    const tabs = this.store.get().tabs.filter((candidate) => candidate.key !== tab.key);
    this.store.set({ tabs: [...tabs, tab], active: tab.key });
    this.notifyNavigation();
  }

  private addTab(tab: Tab): void {
    this.store.set((state) => ({ tabs: [...state.tabs, tab], active: tab.key }));
    this.notifyNavigation();
  }

  private notifyNavigation(): void {
    const page = this.currentPage();
    for (const listener of this.navigationListeners) listener(page);
  }
}

/** A page that shows no record: Open CTI's record fields are empty strings there. */
const offRecord = (url: string): PageInfo => ({ url, recordId: '', recordName: '', objectType: '' });

function pageInfo(tab: Tab): PageInfo {
  const base = `${location.origin}/lightning`;
  switch (tab.kind) {
    case 'record':
      return { url: `${base}/r/${tab.objectType}/${tab.recordId}/view`, recordId: tab.recordId, recordName: tab.title, objectType: tab.objectType };
    case 'list':
      return offRecord(`${base}/o/${tab.objectType}/list${tab.listViewId ? `?filterName=${encodeURIComponent(tab.listViewId)}` : ''}`);
    case 'search':
      return offRecord(`${base}/search?term=${encodeURIComponent(tab.term)}`);
    case 'url':
      return offRecord(tab.external ? tab.url : `${location.origin}${tab.url}`);
    case 'flow':
      return offRecord(`${base}/flow/${encodeURIComponent(tab.flowDevName)}`);
    case 'setup':
      return offRecord(`${base}/setup/SoftphoneLayout/home`);
    case 'home':
      return offRecord(`${base}/page/home`);
  }
}
