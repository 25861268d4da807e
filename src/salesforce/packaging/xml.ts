/** A little XML writer for metadata files: values are always escaped, output is indented. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML text node or a double-quoted attribute. */
export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than producing a file Salesforce rejects.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** An element: text content, child elements, or nothing. */
export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | number>>;
  readonly children?: readonly XmlElement[];
  readonly text?: string | number | boolean;
}

/** Shorthand for an element with text. */
export const el = (name: string, text: string | number | boolean, attributes?: XmlElement['attributes']): XmlElement => ({ name, text, ...(attributes ? { attributes } : {}) });
/** Shorthand for an element with children. */
export const parent = (name: string, children: readonly XmlElement[], attributes?: XmlElement['attributes']): XmlElement => ({ name, children, ...(attributes ? { attributes } : {}) });

function render(node: XmlElement, depth: number): string {
  const pad = '    '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {}).map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`).join('');
  if (node.children && node.children.length > 0) {
    return `${pad}<${node.name}${attributes}>\n${node.children.map((child) => render(child, depth + 1)).join('\n')}\n${pad}</${node.name}>`;
  }
  if (node.text === undefined || node.text === '') return `${pad}<${node.name}${attributes}/>`;
  return `${pad}<${node.name}${attributes}>${escapeXml(String(node.text))}</${node.name}>`;
}

/** A whole XML document with its declaration. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}

/** The Metadata API namespace of every `*-meta.xml` file. */
export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
