import type { ConsoleController } from './controller.js';
import { ButtonIcon, UtilityIcon } from './icons.js';
import { OmniStatusPicker, type OmniChannelEmulator } from './omni-channel.js';
import { SimulatorPanel } from './simulator-panel.js';
import type { ConsoleState } from './store.js';

/**
 * The utility bar at the bottom, with the softphone panel (always loaded, shown on demand) and the
 * telephony simulator's panel, or in the SIP lab the lab phone's (also always loaded: it keeps calls).
 */
export function UtilityBar({ state, controller, softphoneUrl, labPhonePath, omni }: { state: ConsoleState; controller: ConsoleController; softphoneUrl: string; labPhonePath?: string; omni?: OmniChannelEmulator }) {
  const toggle = (item: 'phone' | 'simulator'): void => controller.store.set({ utility: state.utility === item ? undefined : item });
  const phoneOpen = state.utility === 'phone';
  return (
    <footer class="slds-utility-bar_container console-utility" aria-label="Utility Bar">
      <h2 class="slds-assistive-text">Utility Bar</h2>
      <ul class="slds-utility-bar">
        <li class="slds-utility-bar__item">
          <button class={`slds-button slds-utility-bar__action${phoneOpen ? ' slds-is-active' : ''}`} aria-pressed={phoneOpen} aria-label={`Softphone: ${state.phoneLabel}`} onClick={() => toggle('phone')}>
            <ButtonIcon name={state.phoneIcon || 'call'} position="left" />
            <span class="slds-utility-bar__text" data-testid="phone-item-label">{state.phoneLabel}</span>
            {state.softphoneReady ? null : <span class="slds-m-left_x-small slds-text-color_weak">(loading)</span>}
          </button>
        </li>
        <li class="slds-utility-bar__item">
          <button class={`slds-button slds-utility-bar__action${state.utility === 'simulator' ? ' slds-is-active' : ''}`} aria-pressed={state.utility === 'simulator'} onClick={() => toggle('simulator')}>
            <ButtonIcon name="broadcast" position="left" />
            <span class="slds-utility-bar__text">{labPhonePath ? 'Lab phone' : 'Telephony Simulator'}</span>
          </button>
        </li>
        {omni ? <li class="slds-utility-bar__item"><OmniStatusPicker omni={omni} /></li> : null}
      </ul>
      <section class={`slds-utility-panel slds-grid slds-grid_vertical console-panel${phoneOpen ? ' slds-is-open' : ''}`} role="dialog" aria-label={state.panelLabel}
        aria-hidden={!phoneOpen} inert={!phoneOpen} style={{ width: `${state.panelWidth}px`, height: `${state.panelHeight}px` }}>
        <div class="slds-utility-panel__header slds-grid slds-shrink-none">
          <div class="slds-media slds-media_center">
            <div class="slds-media__figure slds-m-right_x-small"><UtilityIcon name="call" /></div>
            <div class="slds-media__body"><h2>{state.panelLabel}</h2></div>
          </div>
          <div class="slds-col_bump-left slds-shrink-none">
            <button class="slds-button slds-button_icon slds-button_icon" title="Minimize" onClick={() => controller.store.set({ utility: undefined })}>
              <ButtonIcon name="minimize_window" /><span class="slds-assistive-text">Minimize softphone</span>
            </button>
          </div>
        </div>
        <div class="slds-utility-panel__body console-panel-body">
          <iframe id="softphone-frame" src={softphoneUrl} title="Softphone" class="console-softphone-frame" allow="microphone; autoplay; cross-origin-isolated" />
        </div>
      </section>
      {labPhonePath ? (
        <section class={`slds-utility-panel slds-grid slds-grid_vertical console-panel console-panel_simulator console-panel_lab${state.utility === 'simulator' ? ' slds-is-open' : ''}`} role="dialog" aria-label="Lab phone"
          aria-hidden={state.utility !== 'simulator'} inert={state.utility !== 'simulator'}>
          <div class="slds-utility-panel__header slds-grid slds-shrink-none">
            <h2>Lab phone (SIP caller)</h2>
            <div class="slds-col_bump-left">
              <button class="slds-button slds-button_icon" title="Minimize" onClick={() => controller.store.set({ utility: undefined })}>
                <ButtonIcon name="minimize_window" /><span class="slds-assistive-text">Minimize lab phone</span>
              </button>
            </div>
          </div>
          <div class="slds-utility-panel__body console-panel-body">
            <iframe id="lab-phone-frame" src={labPhonePath} title="Lab phone" class="console-softphone-frame" allow="microphone; autoplay; cross-origin-isolated" />
          </div>
        </section>
      ) : state.utility === 'simulator' ? (
        <section class="slds-utility-panel slds-grid slds-grid_vertical slds-is-open console-panel console-panel_simulator" role="dialog" aria-label="Telephony Simulator">
          <div class="slds-utility-panel__header slds-grid slds-shrink-none">
            <h2>Telephony Simulator</h2>
            <div class="slds-col_bump-left">
              <button class="slds-button slds-button_icon" title="Minimize" onClick={() => controller.store.set({ utility: undefined })}>
                <ButtonIcon name="minimize_window" /><span class="slds-assistive-text">Minimize simulator</span>
              </button>
            </div>
          </div>
          <div class="slds-utility-panel__body"><SimulatorPanel controller={controller} /></div>
        </section>
      ) : null}
    </footer>
  );
}
