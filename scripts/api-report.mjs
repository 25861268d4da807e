// The public API of every subpath export as an API Extractor report (api/softphone-connector.<subpath>.api.md),
// read from the declarations in dist/types (`npm run build` writes them).
//   node scripts/api-report.mjs           fails when a report differs from the API (npm test runs this)
//   node scripts/api-report.mjs --update  rewrites the reports (npm run api); commit them with the change
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const update = process.argv.includes('--update');
const root = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** `./providers/sip` → `providers-sip`, with its declaration file. */
const entries = Object.entries(pkg.exports).map(([subpath, conditions]) => ({
  name: subpath.replace(/^\.\//, '').replace(/\//g, '-'),
  types: join(root, conditions.types),
}));

// Every finding goes into the report, where a reviewer sees it next to the API it concerns; an
// undocumented export is left to TypeDoc, which `npm run docs` runs without warnings.
const inReport = { logLevel: 'none', addToApiReportFile: true };

let failed = false;
for (const entry of entries) {
  if (!existsSync(entry.types)) {
    console.error(`✖ ${entry.types} is missing: run npm run build first`);
    process.exit(1);
  }
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry.types,
      compiler: {
        // The declarations only, under the settings a strict consumer uses.
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            strict: true, types: ['node'], jsx: 'react-jsx', jsxImportSource: 'preact', skipLibCheck: true,
          },
          files: [entry.types],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `softphone-connector.${entry.name}`,
        reportFolder: join(root, 'api'),
        reportTempFolder: join(root, 'node_modules/.cache/api-extractor'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: { default: inReport, 'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false } },
        // `@param name text`, without TSDoc's hyphen, is the form this code base writes (TypeDoc reads both).
        tsdocMessageReporting: { default: inReport, 'tsdoc-param-tag-missing-hyphen': { logLevel: 'none', addToApiReportFile: false } },
      },
    },
    configObjectFullPath: join(root, 'api/api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message) => {
      // API Extractor's own chatter ("Analysis will use the bundled TypeScript version…").
      if (message.category === 'console') message.handled = true;
    },
  });
  if (!result.succeeded) {
    failed = true;
    console.error(`✖ api/softphone-connector.${entry.name}.api.md: ${result.apiReportChanged ? 'the public API changed; review it and run npm run api to update the report' : `${result.errorCount} errors`}`);
  } else if (update && result.apiReportChanged) console.log(`updated api/softphone-connector.${entry.name}.api.md`);
}
if (failed) process.exit(1);
if (!update) console.log(`API reports match the declarations (${entries.length} subpaths)`);
