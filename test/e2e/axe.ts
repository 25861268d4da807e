/**
 * axe-core (Deque's accessibility engine) in a page or frame driven by playwright-core: the engine's
 * own script is read from the `axe-core` package and evaluated in the frame (over the DevTools
 * protocol, so the pages' strict CSP does not have to allow an inline script), then `axe.run` checks
 * the WCAG 2.1 A and AA rules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** The WCAG levels checked: 2.0 and 2.1, A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;
/** Impacts that fail a test. */
export const FAILING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);

const require = createRequire(import.meta.url);
let source: string | undefined;
/** The engine's version, as its package says. */
export const AXE_VERSION = (require('axe-core/package.json') as { version: string }).version;

/** One rule broken on one page, as axe reports it. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[]; readonly failureSummary?: string }>;
}

/** What one check found. */
export interface AxeReport {
  readonly violations: readonly AxeViolation[];
  /** Ids of the rules that applied to something on the page (passed, failed or to be reviewed). */
  readonly rulesApplied: readonly string[];
}

/** Runs the WCAG 2.1 A/AA rules of axe-core on `target`'s document (`context` narrows it, e.g. to a selector). */
export async function runAxe(target: Page | Frame, context?: string): Promise<AxeReport> {
  source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // axe checks framed documents through the copy of itself in each frame.
  const frames = 'mainFrame' in target ? target.frames() : [target, ...target.childFrames()];
  for (const frame of frames) {
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(source);
  }
  type Result = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> };
  type Results = { violations: Result[]; passes: Result[]; incomplete: Result[] };
  // No named functions in here: tsx would wrap them in a helper the page does not have.
  const results = await target.evaluate(
    ({ tags, context }) => (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Results> } }).axe
      .run(context ?? document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((all) => JSON.parse(JSON.stringify({ violations: all.violations, passes: all.passes, incomplete: all.incomplete })) as Results),
    { tags: [...WCAG_TAGS], context },
  );
  return {
    violations: results.violations.map((result) => ({
      id: result.id,
      impact: result.impact,
      help: result.help,
      nodes: result.nodes.map((node) => ({ target: node.target, ...(node.failureSummary ? { failureSummary: node.failureSummary } : {}) })),
    })),
    rulesApplied: [...results.violations, ...results.passes, ...results.incomplete].map((result) => result.id),
  };
}

/** Ids of the rules that {@link runAxe} runs: every rule of axe-core tagged with one of {@link WCAG_TAGS}. */
export function rulesChecked(): string[] {
  const axe = require('axe-core') as { getRules(tags: string[]): Array<{ ruleId: string }> };
  return axe.getRules([...WCAG_TAGS]).map((rule) => rule.ruleId).sort();
}

/** The serious and critical violations of a report. */
export function failing(report: AxeReport): AxeViolation[] {
  return report.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
}

/** Violations as readable lines: rule id, impact, what it asks, and each failing node. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((violation) => [
      `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}`,
      ...violation.nodes.map((node) => `    ${node.target.map(String).join(' > ')}${node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : ''}`),
    ].join('\n'))
    .join('\n');
}
