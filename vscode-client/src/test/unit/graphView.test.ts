import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CyclesResult, cyclesPicture, escapeXml, fitStart, graphPage, ImpactResult, impactPicture, keyOf, SymbolRef } from '../../graphView';

function sym(name: string, path: string, line: number, kind = 'method'): SymbolRef {
  return { name, qualifiedName: `demo.${name}`, kind, path, line, col: 5 };
}

const greet = sym('greet', 'src/Greeter.java', 11);
const main = sym('main', 'src/App.java', 5);
const shout = sym('shout', 'src/Format.java', 12);
const run = sym('run', 'src/Runner.java', 3);
const top = sym('Boot.java', 'src/Boot.java', 1, 'file');

function edge(from: SymbolRef, to: SymbolRef, confidence = 'exact') {
  return { from: keyOf(from), to: keyOf(to), role: 'call', confidence, sites: 1 };
}

/** greet ← shout, main (hop 1); main ← run (inferred), shout ← Boot's top level (by name) (hop 2). */
function impact(): ImpactResult {
  return {
    roots: [greet],
    maxDepth: 3,
    total: 4,
    truncated: false,
    cursor: null,
    perFile: { 'src/App.java': 1, 'src/Boot.java': 1, 'src/Format.java': 1, 'src/Runner.java': 1 },
    hops: [
      { depth: 1, count: 2, nodes: [{ symbol: main, via: [edge(main, greet)] }, { symbol: shout, via: [edge(shout, greet)] }] },
      { depth: 2, count: 2, nodes: [{ symbol: top, via: [edge(top, shout, 'name')] }, { symbol: run, via: [edge(run, main, 'inferred')] }] },
    ],
  };
}

/** The start tags of the elements with every class of `classes` ("edge closing"), in document order. */
function elements(svg: string, tag: string, classes: string): string[] {
  return [...svg.matchAll(new RegExp(`<${tag} class="([^"]*)"[^>]*>`, 'g'))]
    .filter(m => classes.split(' ').every(c => m[1].split(' ').includes(c))).map(m => m[0]);
}

function attr(el: string, name: string): number {
  const m = new RegExp(` ${name}="([^"]*)"`).exec(el);
  assert.ok(m, `${name} in ${el}`);
  return Number(m[1]);
}

test('impact: a column per hop, a node per symbol with file:line, an edge per use', () => {
  const p = impactPicture(impact());
  assert.equal(p.title, 'Impact of demo.greet');
  assert.equal(p.summary, '4 symbols in 4 files within 3 hops');
  const nodes = elements(p.svg, 'g', 'node');
  assert.equal(nodes.length, 5);
  assert.deepEqual(p.targets.map(t => `${t.path}:${t.line}`), ['src/Greeter.java:11', 'src/App.java:5', 'src/Format.java:12', 'src/Runner.java:3', 'src/Boot.java:1']);
  assert.deepEqual(nodes.map(n => attr(n, 'data-node')), [0, 1, 2, 3, 4]);
  const rects = [...p.svg.matchAll(/<rect x="(\d+)" y="(\d+)"/g)].map(m => [Number(m[1]), Number(m[2])]);
  assert.deepEqual([...new Set(rects.map(r => r[0]))].length, 3, 'three columns: the root and two hops');
  assert.ok(rects[1][0] > rects[0][0] && rects[3][0] > rects[1][0], 'hops go left to right');
  assert.match(p.svg, /<text class="where" x="\d+" y="\d+">src\/App\.java:5<\/text>/);
  assert.match(p.svg, /<text class="name" x="\d+" y="\d+">Boot\.java \(top level\)<\/text>/);
  assert.match(p.svg, /hop 1 · 2 users/);
  // Confidence styling: two exact edges, one inferred, one by name.
  assert.equal(elements(p.svg, 'path', 'exact').length, 2);
  assert.equal(elements(p.svg, 'path', 'inferred').length, 1);
  assert.equal(elements(p.svg, 'path', 'name').length, 1);
  assert.match(p.svg, /<title>demo\.run uses demo\.main: call, inferred, 1 site<\/title>/);
});

test('impact: a hop is ordered by the rows of what it uses, so edges do not cross', () => {
  const p = impactPicture(impact());
  // Hop 2 came as [Boot (uses shout, row 2), run (uses main, row 1)]: run is drawn first.
  assert.equal(p.targets[3].path, 'src/Runner.java');
  assert.equal(p.targets[4].path, 'src/Boot.java');
  const ys = [...p.svg.matchAll(/<rect x="(\d+)" y="(\d+)"/g)].map(m => Number(m[2]));
  assert.ok(ys[3] < ys[4]);
  assert.equal(impactPicture(impact()).svg, p.svg, 'same answer, same picture');
});

test('impact: an edge to a symbol of an earlier page is left out, and the summary says there is more', () => {
  const r = impact();
  r.hops = [r.hops[1]];
  r.cursor = 150;
  r.truncated = true;
  const p = impactPicture(r);
  assert.equal(elements(p.svg, 'path', 'edge').length, 0);
  assert.match(p.summary, /more after 150/);
});

test('text is escaped, and cut at the start to fit', () => {
  const r = impact();
  r.roots = [{ ...greet, qualifiedName: 'List<String> & "x"' }];
  const p = impactPicture(r);
  assert.ok(p.svg.includes('List&lt;String&gt; &amp; &quot;x&quot;'));
  assert.ok(!p.svg.includes('<String>'));
  assert.equal(escapeXml(`<a href='x'>`), '&lt;a href=&#39;x&#39;&gt;');
  assert.equal(fitStart('short', 100), 'short');
  const long = fitStart('a/very/long/path/to/some/File.java:12', 70);
  assert.equal(long.length, 10);
  assert.ok(long.startsWith('…') && long.endsWith('File.java:12'.slice(-9)));
});

function cycles(): CyclesResult {
  const e = (from: string, to: string) => ({ from, to, role: 'call', confidence: 'exact', sites: 1 });
  return {
    graph: 'files',
    file: 'b.c',
    components: 1,
    truncated: false,
    cursor: null,
    cycles: [{
      size: 4,
      members: ['a.c', 'b.c', 'c.c', 'd.c'],
      edgeCount: 5,
      edges: [e('a.c', 'b.c'), e('b.c', 'c.c'), e('c.c', 'd.c'), e('d.c', 'a.c'), e('c.c', 'a.c')],
      closing: [e('d.c', 'a.c'), e('c.c', 'a.c')],
      shortestCycle: ['a.c', 'b.c', 'c.c'],
    }],
  };
}

test('cycles: members on a circle, closing edges highlighted, the open file marked', () => {
  const p = cyclesPicture(cycles());
  assert.equal(p.title, 'Cycles through b.c');
  assert.equal(p.summary, '1 cycle in the file graph through b.c');
  const dots = [...p.svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="7"\/>/g)].map(m => [Number(m[1]), Number(m[2])]);
  assert.equal(dots.length, 4);
  const cx = dots.reduce((s, d) => s + d[0], 0) / 4;
  const cy = dots.reduce((s, d) => s + d[1], 0) / 4;
  const radii = dots.map(d => Math.hypot(d[0] - cx, d[1] - cy));
  for (const r of radii) assert.ok(Math.abs(r - radii[0]) < 0.5, `on one circle: ${radii}`);
  assert.ok(dots[0][1] < dots[2][1], 'the first member at the top');
  assert.equal(elements(p.svg, 'path', 'edge closing').length, 2);
  assert.equal(elements(p.svg, 'path', 'exact').length, 3);
  assert.ok(p.svg.indexOf('class="edge closing"') > p.svg.lastIndexOf('class="edge exact"'), 'closing edges drawn on top');
  const current = elements(p.svg, 'g', 'current');
  assert.equal(current.length, 1);
  assert.equal(p.targets[attr(current[0], 'data-node')].path, 'b.c');
  assert.deepEqual(p.targets[0], { path: 'a.c', line: 1, col: 1 });
  assert.match(p.svg, /text-anchor="middle">a\.c<\/text>/, 'the top member labelled above its dot');
  assert.match(p.svg, /text-anchor="start">b\.c<\/text>/, 'the right member labelled to the right');
  assert.match(p.svg, /cycle 1: 4 files, 5 edges, 2 closing/);
});

test('cycles: none through the file says so', () => {
  const p = cyclesPicture({ graph: 'files', file: 'x.c', components: 0, truncated: false, cursor: null, cycles: [] });
  assert.equal(p.summary, 'no cycle in the file graph through x.c');
  assert.equal(p.targets.length, 0);
});

test('the page loads nothing: a strict content security policy, nonce-only style and script', () => {
  const html = graphPage(impactPicture(impact()), 'N0nce', 'impact');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce';">/);
  assert.match(html, /<style nonce="N0nce">/);
  assert.match(html, /<script nonce="N0nce">/);
  assert.equal((html.match(/<script/g) || []).length, 1);
  assert.ok(!/ style="/.test(html), 'no inline style attributes (the policy would block them)');
  assert.ok(!/(src|href)="http/.test(html), 'nothing from the network');
  assert.match(html, /postMessage\(\{ type: 'open', node:/);
});
