import { describe, it } from 'node:test';
import { conformanceChecks } from './checks.js';
import type { ConformanceOptions } from './driver.js';

/**
 * Registers the conformance checks as node:test cases (`describe(<name> provider conformance)`).
 * Checks that need a capability the driver lacks are reported as skipped with the reason.
 */
export function conformanceSuite(options: ConformanceOptions): void {
  describe(`${options.name} provider conformance`, () => {
    for (const check of conformanceChecks) {
      it(check.name, async (t) => {
        if (check.skip) {
          const probe = await options.createProvider();
          const reason = check.skip(probe.capabilities, options.driver, options);
          if (reason) return t.skip(reason);
        }
        await check.run(options);
      });
    }
  });
}
