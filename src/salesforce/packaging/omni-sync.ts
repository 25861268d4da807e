/**
 * Omni-Channel presence sync for the Open CTI host: a Lightning Message Channel, the Aura utility
 * component that relays Omni-Channel over it, and the Apex class that resolves status API names to
 * ids. Aura because Omni-Channel's toolkit (`lightning:omniToolkitAPI`) and its events
 * (`lightning:omniChannelStatusChanged`, `…Logout`, `…LoginSuccess`) exist only for Aura
 * components; the softphone reaches the channel with `sforce.opencti.subscribe/publish`.
 */
import type { GeneratedFile, OmniPackage, SoftphonePackage } from './types.js';
import { el, METADATA_NS, parent, xmlDocument } from './xml.js';

/** The Aura component's (and folder's) name. */
export const OMNI_RELAY_COMPONENT = 'SoftphoneOmniRelay';
/** The Apex class that lists the mapped statuses' ids. */
export const OMNI_STATUSES_APEX = 'SoftphoneOmniStatuses';

/** The message's fields, as the channel declares them (every value a string, `status` null when logged out). */
const MESSAGE_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['source', 'Who sent the message: omni (the relay component) or softphone.'],
  ['type', 'status (omni: the current status), set-status, logout or query (softphone).'],
  ['status', 'An Omni-Channel presence status API name (DeveloperName); null when logged out.'],
  ['reason', "Why Omni's status changed: the event's reason, Query, or Loaded."],
];

/** The manual steps the relay needs in Setup, for `build`'s summary and the component's documentation. */
export function omniSetupSteps(pkg: SoftphonePackage & { readonly omni: OmniPackage }): string[] {
  return [
    `Setup → App Manager → your console app → Edit → Utility Items: add "${pkg.callCenterDisplayName} Omni-Channel relay" (${OMNI_RELAY_COMPONENT}) and tick "Load in the background when app is opened" (a message channel reaches only rendered components); keep "Omni-Channel" in the utility bar too.`,
    `Give agents access to the Apex class ${OMNI_STATUSES_APEX} (permission set → Apex Class Access); it reads ServicePresenceStatus, which needs View Setup and Configuration or View DeveloperName.`,
    `Setup → Presence Statuses: the API names ${pkg.omni.statuses.join(', ')} must exist and be in the agents' presence configuration.`,
  ];
}

const apexString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function apexClasses(pkg: SoftphonePackage & { readonly omni: OmniPackage }): GeneratedFile[] {
  const dir = 'force-app/main/default/classes';
  const meta = xmlDocument(parent('ApexClass', [el('apiVersion', pkg.apiVersion), el('status', 'Active')], { xmlns: METADATA_NS }));
  const names = pkg.omni.statuses.map(apexString).join(', ');
  const cls = `/**
 * The ids of the Omni-Channel presence statuses the softphone maps (by API name), for the
 * ${OMNI_RELAY_COMPONENT} component: Omni's toolkit sets a status by id, the config names it portably.
 */
public with sharing class ${OMNI_STATUSES_APEX} {
    @TestVisible
    static final Set<String> NAMES = new Set<String>{ ${names} };

    @AuraEnabled(cacheable=true)
    public static List<ServicePresenceStatus> statuses() {
        return [SELECT Id, DeveloperName, MasterLabel FROM ServicePresenceStatus WHERE DeveloperName IN :NAMES];
    }
}
`;
  const test = `@IsTest
private class ${OMNI_STATUSES_APEX}Test {
    @IsTest
    static void answersOnlyTheMappedStatuses() {
        for (ServicePresenceStatus status : ${OMNI_STATUSES_APEX}.statuses()) {
            System.assert(${OMNI_STATUSES_APEX}.NAMES.contains(status.DeveloperName), status.DeveloperName);
        }
    }
}
`;
  return [
    { path: `${dir}/${OMNI_STATUSES_APEX}.cls`, contents: cls },
    { path: `${dir}/${OMNI_STATUSES_APEX}.cls-meta.xml`, contents: meta },
    { path: `${dir}/${OMNI_STATUSES_APEX}Test.cls`, contents: test },
    { path: `${dir}/${OMNI_STATUSES_APEX}Test.cls-meta.xml`, contents: meta },
  ];
}

function auraBundle(pkg: SoftphonePackage & { readonly omni: OmniPackage }): GeneratedFile[] {
  const dir = `force-app/main/default/aura/${OMNI_RELAY_COMPONENT}`;
  const channel = `${pkg.omni.channel}__c`;
  const cmp = `<aura:component implements="flexipage:availableForAllPageTypes" controller="${OMNI_STATUSES_APEX}" access="global"
    description="Relays Omni-Channel presence to and from the ${pkg.callCenterDisplayName} softphone over the ${channel} message channel.">
    <aura:attribute name="statusIds" type="Map" default="{}" access="private"/>
    <aura:attribute name="statusNames" type="Map" default="{}" access="private"/>
    <aura:handler name="init" value="{!this}" action="{!c.init}"/>
    <lightning:omniToolkitAPI aura:id="omniToolkit"/>
    <lightning:messageChannel type="${channel}" aura:id="channel" scope="APPLICATION" onMessage="{!c.onMessage}"/>
    <aura:handler event="lightning:omniChannelStatusChanged" action="{!c.onStatusChanged}"/>
    <aura:handler event="lightning:omniChannelLogout" action="{!c.onLogout}"/>
    <aura:handler event="lightning:omniChannelLoginSuccess" action="{!c.onLoginSuccess}"/>
    <div class="slds-p-around_small slds-text-body_small">Keeps Omni-Channel and the softphone's status in step.</div>
</aura:component>
`;
  const controller = `({
    init: function (component, event, helper) {
        helper.loadStatuses(component, function () {
            helper.report(component, 'Loaded');
        });
    },
    onMessage: function (component, message, helper) {
        if (!message || message.getParam('source') !== 'softphone') return;
        var type = message.getParam('type');
        if (type === 'query') helper.report(component, 'Query');
        else if (type === 'set-status') helper.setStatus(component, message.getParam('status'));
        else if (type === 'logout') component.find('omniToolkit').logout().catch(helper.warn);
    },
    onStatusChanged: function (component, event, helper) {
        helper.send(component, event.getParam('statusApiName') || helper.nameOf(component, event.getParam('statusId')), event.getParam('reason') || 'OmniManualStatusChange');
    },
    onLogout: function (component, event, helper) {
        helper.send(component, null, event.getParam('reason') || 'Logout');
    },
    onLoginSuccess: function (component, event, helper) {
        var name = helper.nameOf(component, event.getParam('statusId'));
        if (name) helper.send(component, name, 'OmniLoginStatusChange');
    }
})
`;
  const helper = `({
    loadStatuses: function (component, done) {
        var action = component.get('c.statuses');
        action.setCallback(this, function (response) {
            var ids = {};
            var names = {};
            if (response.getState() === 'SUCCESS') {
                response.getReturnValue().forEach(function (status) {
                    ids[status.DeveloperName] = status.Id;
                    // Omni's events carry 15-character ids, SOQL answers 18.
                    names[status.Id.substring(0, 15)] = status.DeveloperName;
                });
            } else {
                console.warn('${OMNI_RELAY_COMPONENT}: cannot read the presence statuses', response.getError());
            }
            component.set('v.statusIds', ids);
            component.set('v.statusNames', names);
            done();
        });
        $A.enqueueAction(action);
    },
    nameOf: function (component, statusId) {
        return statusId ? component.get('v.statusNames')[String(statusId).substring(0, 15)] || null : null;
    },
    report: function (component, reason) {
        var helper = this;
        component.find('omniToolkit').getServicePresenceStatusId()
            .then(function (result) {
                helper.send(component, result.statusApiName || helper.nameOf(component, result.statusId), reason);
            })
            .catch(function () {
                helper.send(component, null, reason);
            });
    },
    setStatus: function (component, name) {
        var id = component.get('v.statusIds')[name];
        if (!id) return this.warn('no presence status with the API name ' + name);
        component.find('omniToolkit').setServicePresenceStatus({ statusId: id }).catch(this.warn);
    },
    send: function (component, status, reason) {
        component.find('channel').publish({ source: 'omni', type: 'status', status: status, reason: reason });
    },
    warn: function (error) {
        console.warn('${OMNI_RELAY_COMPONENT}:', error);
    }
})
`;
  const meta = xmlDocument(parent('AuraDefinitionBundle', [el('apiVersion', pkg.apiVersion), el('description', `${pkg.callCenterDisplayName} Omni-Channel relay`)], { xmlns: METADATA_NS }));
  const doc = `<aura:documentation>
    <aura:description>
        <p>Relays Omni-Channel presence to and from the ${pkg.callCenterDisplayName} softphone over the ${channel} message channel.</p>
        <ol>
${omniSetupSteps(pkg).map((step) => `            <li>${step.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</li>`).join('\n')}
        </ol>
    </aura:description>
</aura:documentation>
`;
  return [
    { path: `${dir}/${OMNI_RELAY_COMPONENT}.cmp`, contents: cmp },
    { path: `${dir}/${OMNI_RELAY_COMPONENT}.cmp-meta.xml`, contents: meta },
    { path: `${dir}/${OMNI_RELAY_COMPONENT}Controller.js`, contents: controller },
    { path: `${dir}/${OMNI_RELAY_COMPONENT}Helper.js`, contents: helper },
    { path: `${dir}/${OMNI_RELAY_COMPONENT}.auradoc`, contents: doc },
  ];
}

/** The message channel's metadata. */
export function omniMessageChannel(pkg: SoftphonePackage & { readonly omni: OmniPackage }): GeneratedFile {
  return {
    path: `force-app/main/default/messageChannels/${pkg.omni.channel}.messageChannel-meta.xml`,
    contents: xmlDocument(
      parent('LightningMessageChannel', [
        el('masterLabel', `${pkg.callCenterDisplayName} Omni sync`.slice(0, 40)),
        el('isExposed', true),
        el('description', 'Omni-Channel presence between the Omni relay component and the Open CTI softphone.'),
        ...MESSAGE_FIELDS.map(([name, description]) => parent('lightningMessageFields', [el('description', description), el('fieldName', name)])),
      ], { xmlns: METADATA_NS }),
    ),
  };
}

/** Every file of the Omni sync, or none when the package has no Omni mapping. */
export function omniSyncFiles(pkg: SoftphonePackage): GeneratedFile[] {
  const omni = pkg.omni;
  if (!omni) return [];
  const withOmni = { ...pkg, omni };
  return [omniMessageChannel(withOmni), ...auraBundle(withOmni), ...apexClasses(withOmni)];
}
