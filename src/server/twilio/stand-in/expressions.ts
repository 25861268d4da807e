/**
 * The part of TaskRouter's expression language the stand-in evaluates: `1==1`, and clauses
 * `path == "v"`, `path != "v"`, `path HAS "v"`, `path IN ["a", "b"]` joined by `AND`. Anything else
 * is refused with Twilio's 400 when the queue or workflow is created, so a routing rule is never
 * silently misread.
 */
import { TwilioApiError } from './model.js';

type Clause = { readonly path: readonly string[]; readonly op: '==' | '!=' | 'HAS' | 'IN'; readonly values: readonly string[] };

/** A parsed expression: a test over JSON attributes. */
export type Expression = (attributes: unknown) => boolean;

const CLAUSE = /^([A-Za-z_][\w.]*)\s*(==|!=|\bHAS\b|\bIN\b)\s*(.+)$/i;

/** Parses an expression, or throws Twilio's 400 naming the field and what the stand-in understands. */
export function parseExpression(text: string, field: string): Expression {
  const trimmed = text.trim();
  if (trimmed === '' || /^1\s*==\s*1$/.test(trimmed)) return () => true;
  const clauses = trimmed.split(/\s+AND\s+/i).map((part) => parseClause(part.trim(), field));
  return (attributes) => clauses.every((clause) => matches(clause, attributes));
}

function parseClause(text: string, field: string): Clause {
  const match = CLAUSE.exec(text);
  const unsupported = () => new TwilioApiError(400, 20001, `${field}: the Twilio stand-in evaluates 1==1 and clauses "attr == 'v'", "attr != 'v'", "attr HAS 'v'", "attr IN ['a','b']" joined by AND, got ${text}`);
  if (!match) throw unsupported();
  const [, path = '', rawOp = '', rawValue = ''] = match;
  const op = rawOp.toUpperCase() as Clause['op'];
  const value = rawValue.trim();
  if (op === 'IN') {
    if (!/^\[.*\]$/.test(value)) throw unsupported();
    const values = value.slice(1, -1).split(',').map((item) => unquote(item.trim()));
    if (values.some((item) => item === undefined)) throw unsupported();
    return { path: path.split('.'), op, values: values as string[] };
  }
  const single = unquote(value);
  if (single === undefined) throw unsupported();
  return { path: path.split('.'), op, values: [single] };
}

function unquote(text: string): string | undefined {
  const match = /^(["'])(.*)\1$/.exec(text);
  if (match) return match[2];
  return /^-?\d+(\.\d+)?$|^(true|false)$/.test(text) ? text : undefined;
}

function lookup(attributes: unknown, path: readonly string[]): unknown {
  let value = attributes;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function matches(clause: Clause, attributes: unknown): boolean {
  const value = lookup(attributes, clause.path);
  const text = (item: unknown) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined);
  switch (clause.op) {
    case '==':
      return text(value) === clause.values[0];
    case '!=':
      return text(value) !== clause.values[0];
    case 'HAS':
      return Array.isArray(value) && value.some((item) => text(item) === clause.values[0]);
    case 'IN':
      return clause.values.includes(text(value) ?? '\u0000');
  }
}

/** A workflow's routing as the stand-in understands it: ordered filters, each to one queue, and a default queue. */
export interface WorkflowRouting {
  readonly filters: readonly { readonly matches: Expression; readonly queueSid: string }[];
  readonly defaultQueueSid?: string;
}

/** Parses a workflow's `Configuration` (`task_routing.filters[].expression/targets[].queue`, `default_filter.queue`). */
export function parseWorkflow(configuration: string): WorkflowRouting {
  const bad = (what: string) => new TwilioApiError(400, 20001, `Configuration: ${what}`);
  let document: unknown;
  try {
    document = JSON.parse(configuration);
  } catch {
    throw bad('must be a JSON document');
  }
  const routing = lookup(document, ['task_routing']) as { filters?: unknown; default_filter?: { queue?: unknown } } | undefined;
  if (!routing || typeof routing !== 'object') throw bad('must have task_routing');
  const filters = Array.isArray(routing.filters) ? routing.filters : [];
  return {
    filters: filters.map((filter: { expression?: unknown; targets?: unknown }, index: number) => {
      const targets = Array.isArray(filter.targets) ? (filter.targets as { queue?: unknown; expression?: unknown }[]) : [];
      const target = targets[0];
      if (targets.length !== 1 || typeof target?.queue !== 'string') throw bad(`task_routing.filters[${index}] needs exactly one target with a queue in the Twilio stand-in`);
      if (target.expression !== undefined) throw bad(`task_routing.filters[${index}].targets[0].expression is not evaluated by the Twilio stand-in`);
      return { matches: parseExpression(typeof filter.expression === 'string' ? filter.expression : '1==1', `task_routing.filters[${index}].expression`), queueSid: target.queue };
    }),
    ...(typeof routing.default_filter?.queue === 'string' ? { defaultQueueSid: routing.default_filter.queue } : {}),
  };
}
