import type { FastifyInstance } from 'fastify';
import { DEFAULT_SOFTPHONE_LAYOUT, SoftphoneLayoutError, validateSoftphoneLayout, type RecordStore } from '../../console/store/index.js';
import type { SoftphoneLayout } from '../../salesforce/opencti/types.js';

/** Key of the Softphone Layout among the local org's settings. */
const SOFTPHONE_LAYOUT = 'softphoneLayout';

/** The local org's Softphone Layout: the saved one, or the default until Setup saves one. */
export function softphoneLayoutOf(store: RecordStore): SoftphoneLayout {
  const saved = store.getSetting(SOFTPHONE_LAYOUT);
  if (saved === undefined) return DEFAULT_SOFTPHONE_LAYOUT;
  try {
    return validateSoftphoneLayout(saved);
  } catch {
    // Saved by an older console whose layouts had another shape: start again from the default.
    return DEFAULT_SOFTPHONE_LAYOUT;
  }
}

/**
 * Setup of the local org: `GET|PUT /api/setup/softphone-layout` reads or replaces the Softphone
 * Layout (checked, errors name the field, Salesforce-shaped), `DELETE` restores the default.
 */
export function setupRoutes(app: FastifyInstance, store: RecordStore): void {
  app.get('/api/setup/softphone-layout', () => softphoneLayoutOf(store));
  app.put('/api/setup/softphone-layout', (request, reply) => {
    try {
      const layout = validateSoftphoneLayout(request.body);
      store.setSetting(SOFTPHONE_LAYOUT, layout);
      return layout;
    } catch (error) {
      if (error instanceof SoftphoneLayoutError) return reply.code(400).send([{ message: error.message, errorCode: 'INVALID_FIELD', fields: [error.field] }]);
      throw error;
    }
  });
  app.delete('/api/setup/softphone-layout', () => {
    store.setSetting(SOFTPHONE_LAYOUT, DEFAULT_SOFTPHONE_LAYOUT);
    return DEFAULT_SOFTPHONE_LAYOUT;
  });
}
