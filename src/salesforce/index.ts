/** `softphone-connector/salesforce`: the Salesforce hosts of the connector. */
export * from './opencti/index.js';
