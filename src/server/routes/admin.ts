import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../../core/index.js';
import type { FaultInjector } from '../faults.js';

/**
 * Test and demo switches of the local console: `GET|PUT /api/admin/faults` reads or changes fault
 * injection, `POST /api/admin/faults/drop-connections` cuts every softphone's WebSocket. The console
 * listens on loopback only.
 */
export function adminRoutes(app: FastifyInstance, faults: FaultInjector): void {
  app.get('/api/admin/faults', () => ({ settings: faults.settings, injected: faults.injected }));
  app.put('/api/admin/faults', (request, reply) => {
    try {
      return { settings: faults.update(request.body ?? {}), injected: faults.injected };
    } catch (error) {
      if (error instanceof ConfigError) return reply.code(400).send({ error: error.code, field: error.field, message: error.message });
      throw error;
    }
  });
  app.post('/api/admin/faults/drop-connections', () => ({ dropped: faults.dropConnections() }));
}
