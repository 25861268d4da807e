/**
 * Serves a built Salesforce package locally, as the org would: the softphone page (the Visualforce
 * page's HTML equivalent) with files from the static resource zip itself, under a strict
 * Content-Security-Policy (no inline script, no eval) that reports every violation to
 * `/package/csp-reports`. So "works under Lightning's CSP" is checked before deployment.
 */
import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { softphoneHtml, type SoftphonePackage } from '../salesforce/packaging/index.js';

/** A built package to preview: its description and its static resource (zip bytes). */
export interface PackagePreview {
  readonly pkg: SoftphonePackage;
  readonly staticResource: Uint8Array;
}

/** Path of the previewed softphone page. */
export const PACKAGE_SOFTPHONE_PATH = '/package/softphone/';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The strict policy of the previewed page. */
export function strictSoftphoneCsp(pkg: SoftphonePackage, frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...pkg.connectSources].join(' '),
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self' ${frameAncestors}`,
    // report-uri, not report-to: Chromium delivers report-uri reports at once, report-to ones batched a minute later.
    'report-uri /package/csp-reports',
  ].join('; ');
}

/** Registers the preview routes. Violations reported by browsers are kept in memory and listed by GET. */
export async function packagePreviewRoutes(app: FastifyInstance, preview: PackagePreview, frameAncestors: string): Promise<void> {
  const files = unzipSync(preview.staticResource);
  const reports: unknown[] = [];
  await app.register(async (scope) => {
    // Browsers post violations as application/csp-report (report-uri) or application/reports+json (Reporting API).
    scope.addContentTypeParser(['application/csp-report', 'application/reports+json'], { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.get(PACKAGE_SOFTPHONE_PATH, (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', strictSoftphoneCsp(preview.pkg, frameAncestors))
        .header('permissions-policy', 'microphone=(self)')
        .send(softphoneHtml(preview.pkg, {
          script: `/package/resource/${preview.pkg.scriptFile}`,
          style: `/package/resource/${preview.pkg.styleFile}`,
          // Stands in for <apex:slds/>: the design-system rules the softphone bundles use, built into dist/public.
          slds: '/assets/softphone-slds.css',
        })),
    );
    scope.get<{ Params: { '*': string } }>('/package/resource/*', (request, reply) => {
      const name = request.params['*'];
      const data = Object.hasOwn(files, name) ? files[name] : undefined;
      if (!data) return reply.code(404).send({ message: `${name} is not in static resource ${preview.pkg.resourceName}.` });
      return reply.type(TYPES[extname(name)] ?? 'application/octet-stream').send(Buffer.from(data));
    });
    scope.post('/package/csp-reports', (request, reply) => {
      const body = request.body;
      reports.push(...(Array.isArray(body) ? body : [body]));
      return reply.code(204).send();
    });
    scope.get('/package/csp-reports', () => reports);
  });
}
