#!/usr/bin/env node
// A tiny stand-in LSP server for checking the e2e *harness* (code-server, Chromium, extension, probe) when
// the real Vcr jar is not built yet: `run.sh --standin`. It is NOT Vcr. It understands just enough
// Java-like text (regexes: method declarations and calls by name) to answer references, definition,
// workspace/symbol and call hierarchy on testFixture/, and it reports its "indexing" as work-done progress
// the way Vcr does. Dependency-free on purpose.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');

const log = (...a) => process.stderr.write(`[standin] ${a.join(' ')}\n`);
let roots = [];
let files = new Map(); // fsPath -> text
let clientProgress = false;
let nextId = 1;
const pending = new Map();

// ---------------- JSON-RPC over stdio -----------------------------------------------------------
let buf = Buffer.alloc(0);
process.stdin.on('data', chunk => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const headerEnd = buf.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const m = /Content-Length: *(\d+)/i.exec(buf.slice(0, headerEnd).toString('ascii'));
    if (!m) throw new Error('no Content-Length');
    const len = Number(m[1]);
    if (buf.length < headerEnd + 4 + len) return;
    const body = buf.slice(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
    buf = buf.slice(headerEnd + 4 + len);
    handle(JSON.parse(body));
  }
});
process.stdin.on('end', () => process.exit(0));

function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}
function request(method, params) {
  const id = `s${nextId++}`;
  send({ id, method, params });
  return new Promise(resolve => pending.set(id, resolve));
}
const notify = (method, params) => send({ method, params });

function handle(msg) {
  if (msg.id !== undefined && msg.method === undefined) {
    const r = pending.get(msg.id);
    pending.delete(msg.id);
    if (r) r(msg);
    return;
  }
  const h = handlers[msg.method];
  if (msg.id === undefined) {
    if (h) h(msg.params);
    return;
  }
  if (!h) return send({ id: msg.id, error: { code: -32601, message: `unsupported: ${msg.method}` } });
  try {
    send({ id: msg.id, result: h(msg.params) ?? null });
  } catch (e) {
    send({ id: msg.id, error: { code: -32603, message: String(e && e.stack || e) } });
  }
}

// ---------------- "index" -------------------------------------------------------------------
function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.java')) out.push(p);
  }
  return out;
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'new', 'synchronized']);
const DECL = /^\s*(?:(?:public|private|protected|static|final|abstract)\s+)*(?:[\w<>\[\],.]+\s+)?(\w+)\s*\([^;]*$/;

/** Method/constructor declarations: {name, file, line, character, endLine}. */
function declarations() {
  const out = [];
  for (const [file, text] of files) {
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      const m = DECL.exec(l);
      if (!m || KEYWORDS.has(m[1]) || !/\)\s*(\{|throws|$)/.test(l)) return;
      if (/^\s*(return|new)\b/.test(l) || /=/.test(l.split('(')[0])) return;
      out.push({ name: m[1], file, line: i, character: l.indexOf(m[1], l.search(/\S/)) });
    });
  }
  for (const d of out) {
    const next = out.filter(o => o.file === d.file && o.line > d.line).sort((a, b) => a.line - b.line)[0];
    d.endLine = next ? next.line - 1 : files.get(d.file).split('\n').length - 1;
  }
  return out;
}

/** Call sites `name(` that are not declarations: {name, file, line, character}. */
function calls() {
  const decls = declarations();
  const out = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((l, i) => {
      const re = /\b([A-Za-z_]\w*)\s*\(/g;
      let m;
      while ((m = re.exec(l))) {
        if (KEYWORDS.has(m[1])) continue;
        if (decls.some(d => d.file === file && d.line === i && d.character === m.index)) continue;
        if (/\bnew\s+$/.test(l.slice(0, m.index))) continue;
        out.push({ name: m[1], file, line: i, character: m.index });
      }
    });
  }
  return out;
}

const uri = f => pathToFileURL(f).toString();
const rng = (line, c, len) => ({ start: { line, character: c }, end: { line, character: c + len } });
function wordAt(file, p) {
  const l = (files.get(file) || '').split('\n')[p.line] || '';
  const re = /\w+/g;
  let m;
  while ((m = re.exec(l))) if (m.index <= p.character && p.character <= m.index + m[0].length) return m[0];
  return undefined;
}
const enclosing = (decls, file, line) => decls.filter(d => d.file === file && d.line <= line && line <= d.endLine).sort((a, b) => b.line - a.line)[0];
const item = d => ({
  name: d.name, kind: 6, uri: uri(d.file), detail: path.basename(d.file),
  range: { start: { line: d.line, character: 0 }, end: { line: d.endLine, character: 0 } },
  selectionRange: rng(d.line, d.character, d.name.length),
});

async function indexAll() {
  let token;
  if (clientProgress) {
    token = 'standin-index';
    await request('window/workDoneProgress/create', { token });
    notify('$/progress', { token, value: { kind: 'begin', title: 'Indexing', percentage: 0 } });
  }
  const list = roots.flatMap(r => walk(r, []));
  for (let i = 0; i < list.length; i++) {
    files.set(list[i], fs.readFileSync(list[i], 'utf8'));
    if (token) notify('$/progress', { token, value: { kind: 'report', message: `${i + 1}/${list.length} files`, percentage: Math.round(((i + 1) * 100) / list.length) } });
    await new Promise(r => setTimeout(r, 150)); // make the progress visible
  }
  if (token) notify('$/progress', { token, value: { kind: 'end', message: `${list.length} files` } });
  log(`indexed ${list.length} files`);
}

// ---------------- handlers ------------------------------------------------------------------
const handlers = {
  initialize(p) {
    roots = (p.workspaceFolders || []).map(f => fileURLToPath(f.uri));
    if (roots.length === 0 && p.rootUri) roots = [fileURLToPath(p.rootUri)];
    clientProgress = !!(p.capabilities && p.capabilities.window && p.capabilities.window.workDoneProgress);
    log(`initialize roots=${roots.join(',')} initializationOptions=${JSON.stringify(p.initializationOptions)}`);
    return {
      capabilities: {
        textDocumentSync: 1, referencesProvider: true, definitionProvider: true,
        workspaceSymbolProvider: true, callHierarchyProvider: true,
      },
      serverInfo: { name: 'vcr-standin', version: '0' },
    };
  },
  initialized() { void indexAll(); },
  shutdown() { return null; },
  exit() { process.exit(0); },
  'textDocument/didOpen'(p) { files.set(fileURLToPath(p.textDocument.uri), p.textDocument.text); },
  'textDocument/didChange'(p) { files.set(fileURLToPath(p.textDocument.uri), p.contentChanges[p.contentChanges.length - 1].text); },
  'textDocument/didClose'() {},
  'workspace/didChangeWatchedFiles'() {},
  'workspace/didChangeConfiguration'() {},
  '$/setTrace'() {},
  'vcr/reindex'() { void indexAll(); return null; },
  'vcr/stats'() { return { files: files.size, declarations: declarations().length, standin: true }; },
  'textDocument/references'(p) {
    const name = wordAt(fileURLToPath(p.textDocument.uri), p.position);
    if (!name) return [];
    const decls = declarations().filter(d => d.name === name);
    const locs = calls().filter(c => c.name === name).map(c => ({ uri: uri(c.file), range: rng(c.line, c.character, name.length) }));
    if (p.context && p.context.includeDeclaration) locs.unshift(...decls.map(d => ({ uri: uri(d.file), range: rng(d.line, d.character, name.length) })));
    return locs;
  },
  'textDocument/definition'(p) {
    const name = wordAt(fileURLToPath(p.textDocument.uri), p.position);
    return declarations().filter(d => d.name === name).map(d => ({ uri: uri(d.file), range: rng(d.line, d.character, d.name.length) }));
  },
  'workspace/symbol'(p) {
    const q = (p.query || '').toLowerCase();
    return declarations().filter(d => d.name.toLowerCase().includes(q)).map(d => ({
      name: d.name, kind: 6, containerName: path.basename(d.file, '.java'),
      location: { uri: uri(d.file), range: rng(d.line, d.character, d.name.length) },
    }));
  },
  'textDocument/prepareCallHierarchy'(p) {
    const file = fileURLToPath(p.textDocument.uri);
    const name = wordAt(file, p.position);
    const decls = declarations();
    const d = decls.find(x => x.file === file && x.line === p.position.line && x.name === name) || decls.find(x => x.name === name);
    return d ? [item(d)] : [];
  },
  'callHierarchy/incomingCalls'(p) {
    const decls = declarations();
    const byCaller = new Map();
    for (const c of calls().filter(x => x.name === p.item.name)) {
      const from = enclosing(decls, c.file, c.line);
      if (!from) continue;
      const key = `${from.file}:${from.line}`;
      if (!byCaller.has(key)) byCaller.set(key, { from: item(from), fromRanges: [] });
      byCaller.get(key).fromRanges.push(rng(c.line, c.character, c.name.length));
    }
    return [...byCaller.values()];
  },
  'callHierarchy/outgoingCalls'(p) {
    const decls = declarations();
    const file = fileURLToPath(p.item.uri);
    const self = decls.find(d => d.file === file && d.line === p.item.selectionRange.start.line);
    if (!self) return [];
    const byCallee = new Map();
    for (const c of calls().filter(x => x.file === file && x.line >= self.line && x.line <= self.endLine)) {
      const to = decls.find(d => d.name === c.name);
      if (!to) continue;
      const key = `${to.file}:${to.line}`;
      if (!byCallee.has(key)) byCallee.set(key, { to: item(to), fromRanges: [] });
      byCallee.get(key).fromRanges.push(rng(c.line, c.character, c.name.length));
    }
    return [...byCallee.values()];
  },
};
