// A StrykerJS reporter that writes each mutant's result as it is known, one JSON line each, to
// reports/mutation/live.ndjson: survivors can be read (and tests written) while a long run goes on.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

const FILE = 'reports/mutation/live.ndjson';

class LiveReporter {
  onMutationTestingPlanReady() {
    mkdirSync('reports/mutation', { recursive: true });
    writeFileSync(FILE, '');
  }

  onMutantTested(result) {
    const line = {
      file: relative(process.cwd(), result.fileName),
      line: result.location.start.line,
      status: result.status,
      mutator: result.mutatorName,
      replacement: result.replacement,
    };
    appendFileSync(FILE, `${JSON.stringify(line)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'live', LiveReporter)];
