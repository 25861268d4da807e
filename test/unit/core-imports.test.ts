/**
 * The core stays simple to read: no module imports itself back through others (type-only imports
 * count too), and no file grows past 500 lines.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CORE = join(import.meta.dirname, '../../src/core');

/** Each core module's relative imports (`from './x.js'`), by module name. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(CORE).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(CORE, file), 'utf8');
    const targets = [...source.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((match) => `${match[1]}.ts`);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The first cycle found, as a path of modules, or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('core module structure', () => {
  it('has no import cycles', () => {
    const graph = importGraph();
    assert.ok(graph.size > 10, 'the core modules were read');
    assert.equal(findCycle(graph)?.join(' → '), undefined);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]);
    assert.deepEqual(findCycle(graph), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });

  it('keeps every file under 500 lines', () => {
    for (const file of readdirSync(CORE).filter((name) => name.endsWith('.ts'))) {
      const lines = readFileSync(join(CORE, file), 'utf8').split('\n').length;
      assert.ok(lines <= 500, `src/core/${file} has ${lines} lines`);
    }
  });
});
