/** The Salesforce DX project around the generated metadata, and the static resource's metadata. */
import type { GeneratedFile, SoftphonePackage } from './types.js';
import { el, METADATA_NS, parent, xmlDocument } from './xml.js';

/** `sfdx-project.json`: one default package directory, `force-app`. */
export function sfdxProject(name: string, apiVersion: string): GeneratedFile {
  const project = {
    packageDirectories: [{ path: 'force-app', default: true }],
    name,
    namespace: '',
    sfdcLoginUrl: 'https://login.salesforce.com',
    sourceApiVersion: apiVersion,
  };
  return { path: 'sfdx-project.json', contents: `${JSON.stringify(project, null, 2)}\n` };
}

/** `.forceignore`: the hand-imported call-centre file and local files are never deployed. */
export function forceIgnore(): GeneratedFile {
  return { path: '.forceignore', contents: '# Not metadata: the call-centre definition file is imported in Setup.\ncall-center/\n**/.eslintrc.json\n**/jsconfig.json\n' };
}

/** The static resource (a zip of the softphone bundle) and its metadata. */
export function staticResource(pkg: SoftphonePackage, zip: Uint8Array): GeneratedFile[] {
  const meta = xmlDocument(
    parent('StaticResource', [
      el('cacheControl', 'Private'),
      el('contentType', 'application/zip'),
      el('description', `Softphone bundle (${pkg.scriptFile}, ${pkg.styleFile}) of ${pkg.callCenterDisplayName}.`),
    ], { xmlns: METADATA_NS }),
  );
  return [
    { path: `force-app/main/default/staticresources/${pkg.resourceName}.resource`, contents: zip },
    { path: `force-app/main/default/staticresources/${pkg.resourceName}.resource-meta.xml`, contents: meta },
  ];
}
