// Pictures of the code-graph answers (vcr/impact, vcr/cycles) as self-contained SVG, for the graph webview.
// No VS Code API here, so the layout is unit-tested with plain Node. Everything is drawn here: the webview
// loads nothing from anywhere (its content security policy allows only this page's own nonce'd style and
// script). Colours come from the theme's CSS variables, through classes (inline style attributes would be
// blocked by that policy).

/** A symbol or a file's top level (kind "file"), as the server answers it; line and col are 1-based. */
export interface SymbolRef {
  name: string;
  qualifiedName: string;
  kind: string;
  path: string;
  line: number;
  col: number;
}

export interface Edge {
  from: string;
  to: string;
  role: string;
  confidence: string;
  sites: number;
}

export interface ImpactResult {
  roots: SymbolRef[];
  maxDepth: number;
  total: number;
  truncated: boolean;
  cursor?: number | null;
  perFile: Record<string, number>;
  hops: { depth: number; count: number; nodes: { symbol: SymbolRef; via: Edge[] }[] }[];
}

export interface Cycle {
  size: number;
  members: string[];
  symbols?: SymbolRef[] | null;
  edgeCount: number;
  edges: Edge[];
  closing: Edge[];
  shortestCycle: string[];
}

export interface CyclesResult {
  graph: string;
  file?: string | null;
  components: number;
  truncated: boolean;
  cursor?: number | null;
  cycles: Cycle[];
}

/** Where a clickable node of a picture leads: a workspace-relative path, 1-based line and column. */
export interface Target {
  path: string;
  line: number;
  col: number;
}

export interface Picture {
  title: string;
  summary: string;
  svg: string;
  width: number;
  height: number;
  /** The nodes' targets; the SVG's node elements carry data-node="index into this". */
  targets: Target[];
}

const CHAR = 7; // average width of a 12px UI font character, to fit labels without a DOM
const SMALL_CHAR = 6.2; // the same at 11px
const NODE_W = 230;
const NODE_H = 42;
const COL_GAP = 70;
const ROW_GAP = 12;
const MARGIN = 20;
const HEADER = 34;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** At most `width` pixels of `s`, cut at the start ("…Rules.percent", "…/shop/Order.java:5"). */
export function fitStart(s: string, width: number, charWidth = CHAR): string {
  const max = Math.max(2, Math.floor(width / charWidth));
  return s.length <= max ? s : '…' + s.slice(s.length - max + 1);
}

/** The key that edges use for a symbol: its path for a file's top level, else path:line:col. */
export function keyOf(s: SymbolRef): string {
  return s.kind === 'file' ? s.path : `${s.path}:${s.line}:${s.col}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Placed {
  key: string;
  symbol: SymbolRef;
  x: number;
  y: number;
  node: number;
  root: boolean;
}

/**
 * The impact answer as columns: the roots, then one column per hop, each node a symbol with its file:line,
 * and the edges from what is used to its users (the way a change spreads), styled by confidence. Nodes of
 * a column are ordered by the mean row of what they use in the previous column (fewer crossings), then as
 * the server ordered them (by path and position), so the same answer gives the same picture.
 */
export function impactPicture(r: ImpactResult): Picture {
  const columns: { title: string; symbols: SymbolRef[]; via: Edge[][] }[] = [
    { title: r.roots.length === 1 ? 'changed symbol' : plural(r.roots.length, 'changed symbol'), symbols: r.roots, via: r.roots.map(() => []) },
  ];
  for (const h of r.hops) {
    columns.push({ title: `hop ${h.depth} · ${plural(h.nodes.length, 'user')}`, symbols: h.nodes.map(n => n.symbol), via: h.nodes.map(n => n.via) });
  }
  const placed = new Map<string, Placed>();
  const targets: Target[] = [];
  const nodesSvg: string[] = [];
  let rows = 0;
  columns.forEach((col, ci) => {
    const order = col.symbols.map((s, i) => {
      const ys = col.via[i].map(e => placed.get(e.to)).filter((p): p is Placed => !!p).map(p => p.y);
      return { i, bary: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.MAX_SAFE_INTEGER };
    });
    order.sort((a, b) => a.bary - b.bary || a.i - b.i);
    rows = Math.max(rows, order.length);
    order.forEach(({ i }, row) => {
      const s = col.symbols[i];
      const p: Placed = {
        key: keyOf(s),
        symbol: s,
        x: MARGIN + ci * (NODE_W + COL_GAP),
        y: MARGIN + HEADER + row * (NODE_H + ROW_GAP),
        node: targets.length,
        root: ci === 0,
      };
      targets.push({ path: s.path, line: s.line, col: s.col });
      if (!placed.has(p.key)) placed.set(p.key, p);
      nodesSvg.push(symbolNode(p));
    });
  });
  const edgesSvg: string[] = [];
  columns.forEach((col, ci) => {
    if (ci === 0) return;
    col.symbols.forEach((s, i) => {
      const user = placed.get(keyOf(s));
      for (const e of col.via[i]) {
        const used = placed.get(e.to);
        if (!user || !used) continue; // on an earlier page
        edgesSvg.push(impactEdge(used, user, e));
      }
    });
  });
  const width = MARGIN * 2 + columns.length * NODE_W + (columns.length - 1) * COL_GAP;
  const height = MARGIN * 2 + HEADER + Math.max(1, rows) * (NODE_H + ROW_GAP);
  const heads = columns.map((c, ci) =>
    `<text class="column" x="${MARGIN + ci * (NODE_W + COL_GAP)}" y="${MARGIN + 14}">${escapeXml(c.title)}</text>`);
  const files = Object.keys(r.perFile).length;
  const more = r.cursor != null ? `; more after ${r.cursor} (the view shows one page)` : r.truncated ? `; more beyond ${plural(r.maxDepth, 'hop')}` : '';
  const rootNames = r.roots.map(s => s.qualifiedName).join(', ');
  return {
    title: `Impact of ${rootNames}`,
    summary: `${plural(r.total, 'symbol')} in ${plural(files, 'file')} within ${plural(r.maxDepth, 'hop')}${more}`,
    svg: svgDocument(width, height, `impact of ${rootNames}`, [...heads, ...edgesSvg, ...nodesSvg]),
    width,
    height,
    targets,
  };
}

function symbolNode(p: Placed): string {
  const s = p.symbol;
  const where = s.kind === 'file' ? s.path : `${s.path}:${s.line}`;
  const name = s.kind === 'file' ? `${s.name} (top level)` : s.qualifiedName;
  const tx = p.x + 10;
  return `<g class="node${p.root ? ' root' : ''}" data-node="${p.node}" tabindex="0" role="link">`
    + `<title>${escapeXml(`${s.qualifiedName} [${s.kind}]\n${s.path}:${s.line}:${s.col}`)}</title>`
    + `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>`
    + `<text class="name" x="${tx}" y="${p.y + 17}">${escapeXml(fitStart(name, NODE_W - 20))}</text>`
    + `<text class="where" x="${tx}" y="${p.y + 33}">${escapeXml(fitStart(where, NODE_W - 20, SMALL_CHAR))}</text></g>`;
}

function confidenceClass(c: string): string {
  return c === 'exact' || c === 'inferred' ? c : 'name';
}

function impactEdge(used: Placed, user: Placed, e: Edge): string {
  const x1 = used.x + NODE_W;
  const y1 = used.y + NODE_H / 2;
  const x2 = user.x - 2;
  const y2 = user.y + NODE_H / 2;
  const mid = (x1 + x2) / 2;
  const tip = `${user.symbol.qualifiedName} uses ${used.symbol.qualifiedName}: ${e.role}, ${e.confidence}, ${plural(e.sites, 'site')}`;
  return `<path class="edge ${confidenceClass(e.confidence)}" d="M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}" marker-end="url(#arrow)">`
    + `<title>${escapeXml(tip)}</title></path>`;
}

function svgDocument(width: number, height: number, label: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" data-width="${width}" data-height="${height}"`
    + ` viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
    + '<path class="arrowhead" d="M0 0 L10 5 L0 10 z"/></marker>'
    + '<marker id="arrow-closing" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
    + '<path class="arrowhead closing" d="M0 0 L10 5 L0 10 z"/></marker></defs>'
    + parts.join('') + '</svg>';
}

const DOT = 7;
const LABEL_W = 190;

/**
 * Each cycle (strongly connected component) as a ring: its members on a circle in order, its edges as
 * chords, the edges that close its cycles highlighted, and `file` (the open file) marked. Rings are
 * stacked top to bottom, biggest first, as the server ranks them.
 */
export function cyclesPicture(r: CyclesResult): Picture {
  const parts: string[] = [];
  const targets: Target[] = [];
  let y = MARGIN;
  let width = 2 * MARGIN + 2 * LABEL_W + 180; // the smallest ring
  r.cycles.forEach((c, ci) => {
    const n = c.members.length;
    const radius = Math.max(90, (n * 34) / (2 * Math.PI));
    width = Math.max(width, 2 * MARGIN + 2 * LABEL_W + 2 * radius);
    const cx = width / 2;
    const title = `cycle ${ci + 1}: ${plural(n, r.graph === 'calls' ? 'symbol' : 'file')}, ${plural(c.edgeCount, 'edge')}, ${c.closing.length} closing`;
    parts.push(`<text class="column" x="${MARGIN}" y="${y + 14}">${escapeXml(title)}</text>`);
    const cy = y + HEADER + radius + 36;
    const at = new Map<string, { x: number; y: number }>();
    c.members.forEach((m, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      at.set(m, { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) });
    });
    const closing = new Set(c.closing.map(e => `${e.from}\u0000${e.to}`));
    const edges = [...c.edges];
    for (const e of c.closing) if (!edges.some(x => x.from === e.from && x.to === e.to)) edges.push(e);
    // Plain edges first, the closing ones over them.
    edges.sort((a, b) => Number(closing.has(`${a.from}\u0000${a.to}`)) - Number(closing.has(`${b.from}\u0000${b.to}`)));
    for (const e of edges) {
      const p = at.get(e.from);
      const q = at.get(e.to);
      if (p && q) parts.push(chord(p, q, e, closing.has(`${e.from}\u0000${e.to}`)));
    }
    c.members.forEach((m, i) => {
      const p = at.get(m) as { x: number; y: number };
      const sym = c.symbols ? c.symbols[i] : undefined;
      const target: Target = sym ? { path: sym.path, line: sym.line, col: sym.col } : { path: m, line: 1, col: 1 };
      const slash = m.lastIndexOf('/');
      const name = sym ? sym.qualifiedName : m.slice(slash + 1);
      const where = sym ? `${sym.path}:${sym.line}` : slash > 0 ? m.slice(0, slash) : '';
      const current = r.file != null && (sym ? sym.path : m) === r.file;
      // Labels outside the ring: to the right or left of a dot, above the top one and below the bottom one.
      const dx = (p.x - cx) / radius;
      const side = Math.abs(dx) < 0.3 ? 'middle' : dx > 0 ? 'start' : 'end';
      const lx = side === 'middle' ? p.x : p.x + (side === 'start' ? DOT + 6 : -DOT - 6);
      const ly = side === 'middle' ? (p.y < cy ? p.y - DOT - 22 : p.y + DOT + 14) : p.y - 2;
      parts.push(`<g class="node member${current ? ' current' : ''}" data-node="${targets.length}" tabindex="0" role="link">`
        + `<title>${escapeXml(sym ? `${sym.qualifiedName} [${sym.kind}]\n${sym.path}:${sym.line}:${sym.col}` : m)}</title>`
        + `<circle cx="${round(p.x)}" cy="${round(p.y)}" r="${DOT}"/>`
        + `<text class="name" x="${round(lx)}" y="${round(ly)}" text-anchor="${side}">${escapeXml(fitStart(name, LABEL_W - 20))}</text>`
        + `<text class="where" x="${round(lx)}" y="${round(ly + 14)}" text-anchor="${side}">${escapeXml(fitStart(where, LABEL_W - 20, SMALL_CHAR))}</text></g>`);
      targets.push(target);
    });
    y = cy + radius + 50;
  });
  const height = Math.max(y, MARGIN * 2 + HEADER);
  const where = r.file ? ` through ${r.file}` : '';
  const more = r.cursor != null ? `; ${r.cycles.length} shown, more after ${r.cursor}` : '';
  return {
    title: `Cycles${where}`,
    summary: r.components === 0
      ? `no cycle in the ${r.graph === 'calls' ? 'call' : 'file'} graph${where}`
      : `${plural(r.components, 'cycle')} in the ${r.graph === 'calls' ? 'call' : 'file'} graph${where}${more}`,
    svg: svgDocument(round(width), round(height), `cycles${where}`, parts),
    width: round(width),
    height: round(height),
    targets,
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** An edge between two members of a ring, shortened to end at the dots' rims, bent slightly outward. */
function chord(p: { x: number; y: number }, q: { x: number; y: number }, e: Edge, closing: boolean): string {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = Math.max(1, Math.hypot(dx, dy));
  const ux = dx / len;
  const uy = dy / len;
  const x1 = p.x + ux * DOT;
  const y1 = p.y + uy * DOT;
  const x2 = q.x - ux * (DOT + 2);
  const y2 = q.y - uy * (DOT + 2);
  // A bend to the left of the direction of travel, so that a → b and b → a do not overlap.
  const bx = (x1 + x2) / 2 - uy * len * 0.12;
  const by = (y1 + y2) / 2 + ux * len * 0.12;
  const tip = `${e.from} → ${e.to}: ${e.role}, ${e.confidence}, ${plural(e.sites, 'site')}${closing ? ' (closes a cycle)' : ''}`;
  return `<path class="edge ${closing ? 'closing' : confidenceClass(e.confidence)}" d="M${round(x1)} ${round(y1)} Q${round(bx)} ${round(by)} ${round(x2)} ${round(y2)}"`
    + ` marker-end="url(#${closing ? 'arrow-closing' : 'arrow'})"><title>${escapeXml(tip)}</title></path>`;
}

/**
 * The webview's whole page: the picture, a legend, and a script that scales the picture down to the
 * panel's width (to 60 % at least; wider pictures scroll) and posts {type: "open", node} when a node is
 * clicked (or Enter is pressed on it). Nothing else loads: the policy allows only the nonce'd style and script.
 */
export function graphPage(p: Picture, nonce: string, legend: 'impact' | 'cycles'): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  const keys = legend === 'impact'
    ? '<span class="key exact">exact</span><span class="key inferred">inferred</span><span class="key name">by name only</span>'
      + '<span class="hint">arrows go from a symbol to its users; click a node to open it</span>'
    : '<span class="key plain">dependency</span><span class="key closing">closes a cycle</span><span class="key current">this file</span>'
      + '<span class="hint">click a node to open it</span>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeXml(p.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: 12px; color: var(--vscode-foreground); padding: 0 12px; }
h1 { font-size: 15px; font-weight: 600; margin: 12px 0 2px; }
.summary { color: var(--vscode-descriptionForeground); margin-bottom: 6px; }
.legend { margin-bottom: 8px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.key::before { content: ""; display: inline-block; width: 28px; height: 0; margin-right: 6px; vertical-align: middle; border-top: 2px solid var(--vscode-foreground); }
.key.inferred::before { border-top-style: dashed; }
.key.name::before { border-top-style: dotted; opacity: 0.7; }
.key.plain::before { border-top-color: var(--vscode-descriptionForeground); }
.key.closing::before { border-top: 3px solid var(--vscode-charts-orange, #d18616); }
.key.current::before { width: 10px; height: 10px; border: 2px solid var(--vscode-focusBorder, #007fd4); border-radius: 50%; background: var(--vscode-charts-blue, #3794ff); }
.hint { color: var(--vscode-descriptionForeground); }
svg { display: block; }
svg text { font-family: var(--vscode-font-family); font-size: 12px; fill: var(--vscode-foreground); }
svg text.column { font-weight: 600; fill: var(--vscode-descriptionForeground); }
svg text.where { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.node { cursor: pointer; }
.node rect { fill: var(--vscode-editorWidget-background, #252526); stroke: var(--vscode-editorWidget-border, #454545); stroke-width: 1; }
.node.root rect { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 2; }
.node:hover rect, .node:focus rect { stroke: var(--vscode-focusBorder, #007fd4); }
.node:focus { outline: none; }
.node circle { fill: var(--vscode-editorWidget-background, #252526); stroke: var(--vscode-foreground); stroke-width: 1.5; }
.node.current circle { fill: var(--vscode-charts-blue, #3794ff); stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 2; }
.node.current text { font-weight: 600; }
.node:hover text.name { text-decoration: underline; }
.edge { fill: none; stroke: var(--vscode-foreground); stroke-opacity: 0.75; stroke-width: 1.4; }
.edge.inferred { stroke-dasharray: 6 4; }
.edge.name { stroke-dasharray: 2 3; stroke-opacity: 0.5; }
.edge.closing { stroke: var(--vscode-charts-orange, #d18616); stroke-opacity: 1; stroke-width: 2.6; }
.arrowhead { fill: var(--vscode-foreground); fill-opacity: 0.75; }
.arrowhead.closing { fill: var(--vscode-charts-orange, #d18616); fill-opacity: 1; }
</style></head>
<body>
<h1>${escapeXml(p.title)}</h1>
<div class="summary">${escapeXml(p.summary)}</div>
<div class="legend">${keys}</div>
${p.svg}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const svg = document.querySelector('svg');
function fit() {
  const w = Number(svg.getAttribute('data-width'));
  const h = Number(svg.getAttribute('data-height'));
  const scale = Math.max(0.6, Math.min(1, (document.body.clientWidth - 2) / w));
  svg.setAttribute('width', String(w * scale));
  svg.setAttribute('height', String(h * scale));
}
window.addEventListener('resize', fit);
fit();
function open(el) { vscode.postMessage({ type: 'open', node: Number(el.getAttribute('data-node')) }); }
for (const el of document.querySelectorAll('[data-node]')) {
  el.addEventListener('click', () => open(el));
  el.addEventListener('keydown', e => { if (e.key === 'Enter') open(el); });
}
</script>
</body></html>`;
}
