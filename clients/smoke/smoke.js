#!/usr/bin/env node
// Headless LSP smoke test for Vcr: `vcr smoke DIR [options] [-- server command...]`.
//
// Spawns the server, initializes it like VS Code's language client does (vscode-jsonrpc 8.2.0 +
// vscode-languageserver-protocol 3.17.5), waits for the indexing progress to end, picks a function with
// callers (or the --file/--line/--character position), then runs references, call hierarchy (prepare,
// incoming, outgoing), workspace symbol and definition, makes an unsaved incremental edit that adds a new
// caller of the target and checks that references and incoming calls see it, and finally shuts the server
// down and checks that the process exits within 3 s.
//
// Output: one JSON line per step on stdout ({"step", "ok", "ms", ...}), then `smoke: N passed, N failed`.
// Exit codes: 0 all passed, 1 a request or check failed, 2 usage or missing install, 3 a request or the
// indexing timed out, 4 the server failed to start or died.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');

let rpc;
let proto;
try {
  rpc = require('vscode-jsonrpc/node');
  proto = require('vscode-languageserver-protocol');
} catch (e) {
  process.stderr.write(`smoke: node dependencies missing (${e.message}); run: npm ci --prefix ${__dirname}\n`);
  process.exit(2);
}

const EXIT = { OK: 0, FAILED: 1, USAGE: 2, TIMEOUT: 3, SERVER: 4 };
const REPO = path.resolve(__dirname, '..', '..');
const KIND = { Method: 6, Function: 12, Constructor: 9, Class: 5, Interface: 11, Enum: 10, Struct: 23 };
const LANGUAGES = {
  '.java': 'java', '.py': 'python', '.pyi': 'python', '.js': 'javascript', '.mjs': 'javascript',
  '.cjs': 'javascript', '.jsx': 'javascriptreact', '.ts': 'typescript', '.mts': 'typescript',
  '.cts': 'typescript', '.tsx': 'typescriptreact', '.go': 'go', '.rs': 'rust', '.c': 'c', '.h': 'c',
  '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.hpp': 'cpp', '.hh': 'cpp', '.cs': 'csharp', '.rb': 'ruby',
  '.php': 'php',
};
const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'build', 'dist', 'out', 'vendor', 'venv']);

const USAGE = `usage: vcr smoke DIR [options] [-- SERVER COMMAND...]
       node clients/smoke/smoke.js DIR [options] [-- SERVER COMMAND...]

  DIR / --workspace DIR   workspace folder to open
  --file FILE             file of the target symbol (relative to DIR or absolute)
  --line L --character C  0-based LSP position of the target (UTF-16 character)
  --query NAME            workspace/symbol query (default: the target's name)
  --server-cmd JSON       server command as a JSON array (default: ["bin/vcr","lsp","--stdio"] of this repo)
  --encodings LIST        positionEncodings to advertise, in order (default: utf-8,utf-16)
  --timeout MS            per-request timeout (default 15000)
  --init-timeout MS       spawn → initialize answer timeout (default 60000)
  --index-timeout MS      how long to wait for indexing to end (default 300000)
  --max-probe N           auto pick: at most N files probed (default 60)
  --no-edit               skip the edit step
  --strict                treat -32601 (method not found) as a failure, not "unsupported"
  --log FILE              write the server's stderr here (default: a temporary file)
  -h, --help

Exit: 0 ok, 1 a check failed, 2 usage/missing install, 3 timeout, 4 server failed to start or died.`;

// ---------------------------------------------------------------------------------------------- args

function parseArgs(argv) {
  const o = {
    workspace: null, file: null, line: null, character: null, query: null, serverCmd: null,
    encodings: ['utf-8', 'utf-16'], timeout: 15000, initTimeout: 60000, indexTimeout: 300000, maxProbe: 60, edit: true,
    strict: false, log: null,
  };
  const need = (i, name) => {
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i + 1];
  };
  const int = (v, name) => {
    if (!/^\d+$/.test(v)) throw new Error(`${name} must be a non-negative integer, not '${v}'`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--': o.serverCmd = argv.slice(i + 1); i = argv.length; break;
      case '-h': case '--help': o.help = true; break;
      case '--workspace': o.workspace = need(i, a); i++; break;
      case '--file': o.file = need(i, a); i++; break;
      case '--line': o.line = int(need(i, a), a); i++; break;
      case '--character': o.character = int(need(i, a), a); i++; break;
      case '--query': o.query = need(i, a); i++; break;
      case '--server-cmd': {
        const v = need(i, a); i++;
        let cmd;
        try { cmd = JSON.parse(v); } catch (e) { throw new Error(`--server-cmd is not JSON: ${e.message}`); }
        if (!Array.isArray(cmd) || cmd.length === 0 || !cmd.every((s) => typeof s === 'string')) {
          throw new Error('--server-cmd must be a non-empty JSON array of strings');
        }
        o.serverCmd = cmd;
        break;
      }
      case '--encodings': o.encodings = need(i, a).split(',').map((s) => s.trim()).filter(Boolean); i++; break;
      case '--timeout': o.timeout = int(need(i, a), a); i++; break;
      case '--init-timeout': o.initTimeout = int(need(i, a), a); i++; break;
      case '--index-timeout': o.indexTimeout = int(need(i, a), a); i++; break;
      case '--max-probe': o.maxProbe = int(need(i, a), a); i++; break;
      case '--no-edit': o.edit = false; break;
      case '--strict': o.strict = true; break;
      case '--log': o.log = need(i, a); i++; break;
      default:
        if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
        if (o.workspace) throw new Error(`unexpected argument ${a}`);
        o.workspace = a;
    }
  }
  if (o.help) return o;
  if (!o.workspace) throw new Error('a workspace folder is required');
  const pos = [o.file, o.line, o.character].filter((v) => v !== null).length;
  if (pos !== 0 && pos !== 3) throw new Error('--file, --line and --character go together');
  if (o.encodings.length === 0) throw new Error('--encodings is empty');
  return o;
}

// ----------------------------------------------------------------------------------------- text utils

function splitLines(text) {
  return text.split(/\r\n|\r|\n/);
}

function utf8Len(cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** LSP character (in the negotiated encoding) → JS string index within `line`. */
function toIndex(line, character, encoding) {
  if (encoding === 'utf-16') return Math.min(character, line.length);
  let units = 0;
  let i = 0;
  while (i < line.length && units < character) {
    const c = line.codePointAt(i);
    units += encoding === 'utf-8' ? utf8Len(c) : 1;
    i += c > 0xffff ? 2 : 1;
  }
  return i;
}

/** JS string index within `line` → LSP character in the negotiated encoding. */
function fromIndex(line, index, encoding) {
  if (encoding === 'utf-16') return index;
  let units = 0;
  let i = 0;
  while (i < index && i < line.length) {
    const c = line.codePointAt(i);
    units += encoding === 'utf-8' ? utf8Len(c) : 1;
    i += c > 0xffff ? 2 : 1;
  }
  return units;
}

function cmpPos(a, b) {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function contains(range, pos) {
  return cmpPos(range.start, pos) <= 0 && cmpPos(pos, range.end) <= 0;
}

function overlaps(a, b) {
  return cmpPos(a.start, b.end) <= 0 && cmpPos(b.start, a.end) <= 0;
}

function sameRange(a, b) {
  return cmpPos(a.start, b.start) === 0 && cmpPos(a.end, b.end) === 0;
}

function fileUri(p) {
  return require('url').pathToFileURL(p).href;
}

function uriPath(u) {
  try { return require('url').fileURLToPath(u); } catch (e) { return u; }
}

function fmtLoc(uri, range, root) {
  const p = path.relative(root, uriPath(uri));
  return `${p}:${range.start.line}:${range.start.character}`;
}

/** Source files under `root`, sorted by relative path; hidden and build folders skipped. */
function sourceFiles(root, limit = 50000) {
  const out = [];
  const walk = (dir) => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch (e) { return; }
    for (const e of entries) {
      if (out.length >= limit) return;
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || /^target/.test(e.name)) continue;
        walk(p);
      } else if (e.isFile() && LANGUAGES[path.extname(e.name).toLowerCase()]) {
        out.push(path.relative(root, p));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Top-level comma-separated items of the parenthesized list starting at or after `from` in `text`. */
function paramList(text, from) {
  const open = text.indexOf('(', from);
  if (open < 0) return null;
  const items = [];
  let depth = 0;
  let cur = '';
  let quote = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      cur += c;
      if (c === '\\') { cur += text[++i] || ''; continue; }
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === '\'' || c === '`') { quote = c; cur += c; continue; }
    if ('([{<'.includes(c)) {
      depth++;
      if (depth === 1) continue;
    } else if (')]}>'.includes(c)) {
      if (c === '>' && text[i - 1] === '-') { cur += c; continue; }
      depth--;
      if (depth === 0) {
        if (cur.trim()) items.push(cur.trim());
        return items;
      }
    } else if (c === ',' && depth === 1) {
      items.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  return null;
}

// ------------------------------------------------------------------------ edits that add a new caller

const JAVA_PRIMITIVE_ARGS = {
  int: '0', long: '0L', short: '(short) 0', byte: '(byte) 0', char: '\'a\'', boolean: 'false',
  double: '0.0', float: '0.0f',
};

/**
 * Text inserting a new function that calls `target`, placed after the target's own declaration, or null
 * when the language is not supported. Returns {text, name, callLine (0-based line within text), callCol
 * (JS index within that line)}.
 */
function callerSnippet(language, target, container, lines) {
  const startLine = target.range.start.line;
  const indent = (lines[startLine].match(/^\s*/) || [''])[0];
  const declText = lines.slice(target.selectionRange.end.line, Math.min(lines.length, target.range.end.line + 40)).join('\n');
  const afterName = target.selectionIndexInDecl;
  const params = paramList(declText, afterName) || [];
  const inClass = container && [KIND.Class, KIND.Interface, KIND.Enum, KIND.Struct].includes(container.kind);
  const name = target.name;
  if (language === 'java') {
    const args = [];
    for (let p of params) {
      p = p.replace(/@[\w.]+(\([^)]*\))?/g, ' ').replace(/\bfinal\b/g, ' ').trim();
      if (!p) continue;
      if (p.includes('...')) break; // variadic: pass nothing for it
      const type = p.replace(/\s+[\w$]+$/, '').trim();
      args.push(JAVA_PRIMITIVE_ARGS[type] || `(${type}) null`);
    }
    const mod = container && container.kind === KIND.Interface ? 'default ' : '';
    const fn = 'vcrSmokeCaller';
    const call = `${name}(${args.join(', ')});`;
    return {
      name: fn, text: `\n${indent}${mod}void ${fn}() {\n${indent}  ${call}\n${indent}}\n`, callLine: 2,
      callCol: indent.length + 2,
    };
  }
  if (language === 'python') {
    let ps = params.map((p) => p.split(':')[0].split('=')[0].trim()).filter(Boolean);
    const method = inClass && ps.length > 0 && (ps[0] === 'self' || ps[0] === 'cls');
    if (method) ps = ps.slice(1);
    const args = [];
    for (const p of ps) {
      if (p === '/' ) continue;
      if (p.startsWith('*')) break;
      args.push('None');
    }
    const fn = 'vcr_smoke_caller';
    const recv = method ? 'self.' : '';
    return {
      name: fn,
      text: `\n${indent}def ${fn}(${method ? 'self' : ''}):\n${indent}    ${recv}${name}(${args.join(', ')})\n`,
      callLine: 2, callCol: indent.length + 4 + recv.length,
    };
  }
  if (['javascript', 'javascriptreact', 'typescript', 'typescriptreact'].includes(language)) {
    const args = params.filter((p) => !p.startsWith('...')).map(() => 'undefined');
    const fn = 'vcrSmokeCaller';
    const recv = inClass ? 'this.' : '';
    const head = inClass ? `${fn}()` : `function ${fn}()`;
    return {
      name: fn, text: `\n${indent}${head} {\n${indent}  ${recv}${name}(${args.join(', ')});\n${indent}}\n`,
      callLine: 2, callCol: indent.length + 2 + recv.length,
    };
  }
  if (language === 'go' && target.kind === KIND.Function) {
    const args = params.filter((p) => !p.includes('...')).map(() => 'nil');
    const fn = 'vcrSmokeCaller';
    return {
      name: fn, text: `\n${indent}func ${fn}() {\n${indent}\t${name}(${args.join(', ')})\n${indent}}\n`, callLine: 2,
      callCol: indent.length + 1,
    };
  }
  return null;
}

// ------------------------------------------------------------------------------------------- the run

class Smoke {
  constructor(opts) {
    this.o = opts;
    this.root = path.resolve(opts.workspace);
    this.passed = 0;
    this.failed = 0;
    this.worstExit = EXIT.OK;
    this.tokens = new Map(); // progress token -> last kind
    this.progressSeen = false;
    this.encoding = 'utf-16';
    this.docs = new Map(); // uri -> {text, version, languageId}
    this.exited = false;
  }

  emit(obj) {
    try { process.stdout.write(JSON.stringify(obj) + '\n'); } catch (e) { /* stdout closed */ }
  }

  record(step, ok, ms, details = {}) {
    const line = { step, ok, ms: ms === null ? null : Math.round(ms) };
    Object.assign(line, details);
    this.emit(line);
    if (ok === true || ok === 'unsupported' || ok === 'skipped') {
      this.passed += ok === true ? 1 : 0;
    } else {
      this.failed++;
      const code = details.timeout ? EXIT.TIMEOUT : details.died ? EXIT.SERVER : EXIT.FAILED;
      this.fail(code);
    }
  }

  fail(code) {
    const rank = { 0: 0, 1: 1, 3: 2, 4: 3 };
    if ((rank[code] || 0) > (rank[this.worstExit] || 0)) this.worstExit = code;
  }

  /** A request raced against a timer and the server's exit. Resolves {result, error, ms, timeout, died}. */
  async request(method, params, timeout = this.o.timeout) {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    if (this.exited) return { error: { message: 'server is not running' }, died: true, ms: 0 };
    const cts = new rpc.CancellationTokenSource();
    let timer;
    const timed = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeout); });
    const sent = params === undefined ? this.conn.sendRequest(method, cts.token)
      : this.conn.sendRequest(method, params, cts.token);
    const req = sent.then(
      (result) => ({ result }), (error) => ({ error }));
    const winner = await Promise.race([req, timed, this.exitPromise.then(() => 'died')]);
    clearTimeout(timer);
    if (winner === 'timeout') {
      cts.cancel();
      return { timeout: true, error: { message: `no answer within ${timeout} ms` }, ms: ms() };
    }
    if (winner === 'died') return { died: true, error: { message: 'server exited' }, ms: ms() };
    winner.ms = ms();
    return winner;
  }

  /** Records a failed request as a step; returns true when the request had an answer. */
  answered(step, r, extra = {}) {
    if (r.timeout || r.died) {
      this.record(step, false, r.ms, { ...extra, error: r.error.message, timeout: !!r.timeout, died: !!r.died });
      return false;
    }
    if (r.error) {
      const code = r.error.code;
      if (code === -32601 && !this.o.strict) {
        this.record(step, 'unsupported', r.ms, { ...extra, error: r.error.message, code });
      } else {
        this.record(step, false, r.ms, { ...extra, error: r.error.message, code });
      }
      return false;
    }
    return true;
  }

  /** The text a single-line range covers (open document or file on disk), or null. */
  textAt(uri, range) {
    if (range.start.line !== range.end.line) return null;
    let text = this.docs.has(uri) ? this.docs.get(uri).text : null;
    if (text === null) {
      try { text = fs.readFileSync(uriPath(uri), 'utf8'); } catch (e) { return null; }
    }
    const line = splitLines(text)[range.start.line];
    if (line === undefined) return null;
    return line.slice(toIndex(line, range.start.character, this.encoding), toIndex(line, range.end.character, this.encoding));
  }

  notify(method, params) {
    if (this.exited) return;
    try {
      if (params === undefined) this.conn.sendNotification(method);
      else this.conn.sendNotification(method, params);
    } catch (e) { /* reported through exit */ }
  }

  start() {
    const cmd = (this.o.serverCmd || [path.join(REPO, 'bin', 'vcr'), 'lsp', '--stdio']).slice();
    // The server runs in the workspace folder: resolve a relative program path against ours first.
    if (cmd[0].includes('/') && !path.isAbsolute(cmd[0])) cmd[0] = path.resolve(cmd[0]);
    this.cmd = cmd;
    this.logFile = this.o.log || path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vcr-smoke-')), 'server.log');
    const logFd = fs.openSync(this.logFile, 'w');
    this.t0 = process.hrtime.bigint();
    this.proc = cp.spawn(cmd[0], cmd.slice(1), { cwd: this.root, stdio: ['pipe', 'pipe', logFd] });
    fs.closeSync(logFd);
    this.exitPromise = new Promise((resolve) => {
      const done = (code, signal) => {
        if (this.exited) return;
        this.exited = true;
        this.exitStatus = { code, signal };
        this.exitAt = process.hrtime.bigint();
        resolve(this.exitStatus);
      };
      this.proc.on('exit', done);
      this.proc.on('error', (e) => { this.spawnError = e; done(null, null); });
    });
    this.proc.stdin.on('error', () => { /* reported through exit */ });
    this.conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    const c = this.conn;
    c.onRequest('window/workDoneProgress/create', (p) => {
      this.tokens.set(String(p.token), 'created');
      this.progressSeen = true;
      return null;
    });
    c.onRequest('workspace/configuration', (p) => (p.items || []).map(() => null));
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('workspace/workspaceFolders', () => [{ uri: fileUri(this.root), name: path.basename(this.root) }]);
    c.onRequest('window/showMessageRequest', () => null);
    c.onRequest('window/showDocument', () => ({ success: false }));
    c.onRequest('workspace/applyEdit', () => ({ applied: false }));
    for (const m of ['workspace/codeLens/refresh', 'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh',
      'workspace/inlineValue/refresh', 'workspace/diagnostic/refresh']) {
      c.onRequest(m, () => null);
    }
    c.onRequest((method) => new rpc.ResponseError(-32601, `unhandled method ${method}`));
    c.onNotification('$/progress', (p) => {
      const kind = p && p.value && p.value.kind;
      if (!kind) return;
      this.progressSeen = true;
      this.tokens.set(String(p.token), kind);
      if (kind === 'end' && p.value.message) this.progressMessage = p.value.message;
    });
    c.onNotification(() => { /* logMessage, showMessage, diagnostics, telemetry: ignored */ });
    c.onError(() => { /* reported through exit */ });
    c.onClose(() => { /* reported through exit */ });
    c.listen();
  }

  capabilities() {
    return {
      general: { positionEncodings: this.o.encodings },
      window: { workDoneProgress: true, showMessage: {}, showDocument: { support: false } },
      workspace: {
        workspaceFolders: true, configuration: true, symbol: { dynamicRegistration: false },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true, willSave: false },
        references: { dynamicRegistration: false },
        definition: { dynamicRegistration: false, linkSupport: true },
        documentSymbol: {
          dynamicRegistration: false, hierarchicalDocumentSymbolSupport: true,
          symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => i + 1) },
        },
        callHierarchy: { dynamicRegistration: false },
      },
    };
  }

  async initialize() {
    const rootUri = fileUri(this.root);
    const r = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'vcr-smoke', version: '0.1.0' },
      rootUri,
      rootPath: this.root,
      workspaceFolders: [{ uri: rootUri, name: path.basename(this.root) }],
      capabilities: this.capabilities(),
      trace: 'off',
    }, this.o.initTimeout);
    const ms = Number(process.hrtime.bigint() - this.t0) / 1e6;
    if (this.spawnError) {
      this.record('initialize', false, ms, { error: `cannot start server: ${this.spawnError.message}`, died: true });
      return false;
    }
    if (!this.answered('initialize', { ...r, ms })) return false;
    const caps = (r.result && r.result.capabilities) || {};
    this.encoding = caps.positionEncoding || 'utf-16';
    const sync = caps.textDocumentSync;
    const change = typeof sync === 'number' ? sync : sync && sync.change;
    const missing = [];
    for (const k of ['referencesProvider', 'definitionProvider', 'documentSymbolProvider',
      'workspaceSymbolProvider', 'callHierarchyProvider']) {
      if (!caps[k]) missing.push(k);
    }
    if (change !== 2) missing.push('textDocumentSync.change=Incremental');
    // utf-16 is mandatory in LSP 3.17: a server may always fall back to it.
    const encodingOk = this.o.encodings.includes(this.encoding) || this.encoding === 'utf-16';
    if (!encodingOk) missing.push(`positionEncoding ${this.encoding} was not offered`);
    this.record('initialize', missing.length === 0, ms, {
      server: r.result.serverInfo || null, positionEncoding: this.encoding,
      ...(missing.length ? { error: `missing: ${missing.join(', ')}` } : {}),
    });
    this.notify('initialized', {});
    return true;
  }

  async waitIndexing() {
    const t0 = Date.now();
    const grace = 1000;
    const ended = () => this.tokens.size > 0 && [...this.tokens.values()].every((k) => k === 'end');
    for (;;) {
      if (this.exited) {
        this.record('indexing', false, Date.now() - t0, { error: 'server exited', died: true });
        return false;
      }
      if (ended()) break;
      const waited = Date.now() - t0;
      if (!this.progressSeen && waited > grace) {
        this.record('indexing', false, waited, {
          error: `no window/workDoneProgress/create or $/progress within ${grace} ms although the client advertised window.workDoneProgress`,
        });
        return true; // carry on: the queries may still work
      }
      if (waited > this.o.indexTimeout) {
        this.record('indexing', false, waited, { error: 'progress did not end', timeout: true, tokens: Object.fromEntries(this.tokens) });
        return false;
      }
      await sleep(10);
    }
    this.record('indexing', true, Date.now() - t0, { tokens: this.tokens.size, message: this.progressMessage || null });
    return true;
  }

  open(rel) {
    const abs = path.resolve(this.root, rel);
    const uri = fileUri(abs);
    if (this.docs.has(uri)) return this.docs.get(uri);
    const text = fs.readFileSync(abs, 'utf8');
    const languageId = LANGUAGES[path.extname(abs).toLowerCase()] || 'plaintext';
    const doc = { uri, abs, rel: path.relative(this.root, abs), text, version: 1, languageId };
    this.docs.set(uri, doc);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  close(doc) {
    if (!this.docs.has(doc.uri)) return;
    this.docs.delete(doc.uri);
    this.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
  }

  /** documentSymbol, flattened in document order as {name, kind, range, selectionRange, parent}. */
  async symbols(doc) {
    const r = await this.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    if (r.error) return { r, flat: [] };
    const flat = [];
    const walk = (list, parent) => {
      for (const s of list || []) {
        const range = s.range || (s.location && s.location.range);
        const sel = s.selectionRange || range;
        const e = { name: s.name, kind: s.kind, range, selectionRange: sel, parent, detail: s.detail };
        flat.push(e);
        walk(s.children, e);
      }
    };
    walk(r.result, null);
    return { r, flat };
  }

  /** The target: {doc, name, kind, range, selectionRange, parent, pos} or null. */
  async pick() {
    if (this.o.file) {
      const t0 = Date.now();
      const doc = this.open(this.o.file);
      const lines = splitLines(doc.text);
      if (this.o.line >= lines.length) {
        this.record('pick', false, 0, { error: `--line ${this.o.line} is past the end of ${doc.rel}` });
        return null;
      }
      const ch = fromIndex(lines[this.o.line], Math.min(this.o.character, lines[this.o.line].length), this.encoding);
      const pos = { line: this.o.line, character: ch };
      const { r, flat } = await this.symbols(doc);
      if (!this.answered('documentSymbol', r, { file: doc.rel })) return null;
      this.record('documentSymbol', true, r.ms, { file: doc.rel, symbols: flat.length });
      // The innermost symbol whose range holds the position, for the edit step.
      let sym = null;
      for (const s of flat) if (s.range && contains(s.range, pos)) sym = s;
      const target = sym ? { ...sym } : { name: null, kind: null, range: null, selectionRange: null, parent: null };
      target.doc = doc;
      target.pos = pos;
      if (!sym || !contains(sym.selectionRange, pos)) {
        // The position is a use or not on a declaration name: name the word under it.
        const line = lines[pos.line];
        const i = toIndex(line, pos.character, this.encoding);
        const word = line.slice(0, i).match(/[\w$]*$/)[0] + line.slice(i).match(/^[\w$]*/)[0];
        target.name = word || target.name;
        target.declaration = false;
      } else {
        target.declaration = true;
      }
      if (!target.declaration) {
        // A use: follow definition to the declaration, so that the edit step can add a caller there.
        const d = await this.request('textDocument/definition', { textDocument: { uri: doc.uri }, position: pos });
        let defs = d.result || [];
        if (!Array.isArray(defs)) defs = [defs];
        const def = defs.map((x) => (x.targetUri ? { uri: x.targetUri, range: x.targetSelectionRange || x.targetRange } : x))[0];
        if (!d.error && def && uriPath(def.uri).startsWith(this.root + path.sep) && fs.existsSync(uriPath(def.uri))) {
          const ddoc = this.open(path.relative(this.root, uriPath(def.uri)));
          const ds = await this.symbols(ddoc);
          const decl = ds.flat.filter((x) => x.selectionRange && contains(x.selectionRange, def.range.start)).pop();
          if (decl) {
            this.record('pick', true, Date.now() - t0, {
              mode: 'position', file: doc.rel, name: target.name, line: pos.line, character: pos.character,
              declaration: `${ddoc.rel}:${decl.selectionRange.start.line}:${decl.selectionRange.start.character}`,
            });
            return { ...decl, doc: ddoc, pos: decl.selectionRange.start, declaration: true };
          }
        }
      }
      this.record('pick', true, Date.now() - t0, {
        mode: 'position', file: doc.rel, name: target.name, line: pos.line, character: pos.character,
      });
      return target;
    }
    const t0 = Date.now();
    const files = sourceFiles(this.root);
    if (files.length === 0) {
      this.record('pick', false, 0, { error: `no source files under ${this.root}` });
      return null;
    }
    let probed = 0;
    for (const rel of files) {
      if (probed >= this.o.maxProbe) break;
      probed++;
      const doc = this.open(rel);
      const { r, flat } = await this.symbols(doc);
      if (probed === 1 || !r.error) {
        if (!this.answered('documentSymbol', r, { file: rel })) {
          if (r.timeout || r.died) return null;
          this.close(doc);
          continue;
        }
        if (probed === 1) this.record('documentSymbol', true, r.ms, { file: rel, symbols: flat.length });
      }
      for (const s of flat) {
        if (s.kind !== KIND.Method && s.kind !== KIND.Function) continue;
        const pos = s.selectionRange.start;
        const prep = await this.request('textDocument/prepareCallHierarchy', { textDocument: { uri: doc.uri }, position: pos });
        if (prep.timeout || prep.died) { this.answered('pick', prep); return null; }
        if (prep.error || !Array.isArray(prep.result) || prep.result.length === 0) continue;
        const inc = await this.request('callHierarchy/incomingCalls', { item: prep.result[0] });
        if (inc.timeout || inc.died) { this.answered('pick', inc); return null; }
        if (inc.error || !Array.isArray(inc.result) || inc.result.length === 0) continue;
        this.record('pick', true, Date.now() - t0, {
          mode: 'auto', file: rel, name: s.name, kind: s.kind, line: pos.line, character: pos.character,
          filesProbed: probed,
        });
        return { ...s, doc, pos, declaration: true };
      }
      this.close(doc);
    }
    this.record('pick', false, Date.now() - t0, {
      error: `no function or method with callers in the first ${probed} of ${files.length} source files`,
    });
    return null;
  }

  async queries(t) {
    const td = { uri: t.doc.uri };
    const auto = !this.o.file;
    const out = {};
    // references
    let r = await this.request('textDocument/references', { textDocument: td, position: t.pos, context: { includeDeclaration: false } });
    if (this.answered('references', r)) {
      const locs = r.result || [];
      out.refs = locs;
      const problems = [];
      if (auto && locs.length === 0) problems.push('no references for a symbol that has callers');
      // Each reference range must cover the name in the file's text (checks the position encoding too).
      for (const l of locs) {
        const text = this.textAt(l.uri, l.range);
        if (text !== null && t.name && text !== t.name && !text.endsWith('.' + t.name)) {
          problems.push(`${fmtLoc(l.uri, l.range, this.root)} covers ${JSON.stringify(text)}, not ${t.name}`);
        }
      }
      const ok = problems.length === 0;
      this.record('references', ok, r.ms, {
        count: locs.length, locations: locs.slice(0, 10).map((l) => fmtLoc(l.uri, l.range, this.root)),
        ...(ok ? {} : { error: problems.slice(0, 5).join('; ') }),
      });
    }
    // prepareCallHierarchy
    r = await this.request('textDocument/prepareCallHierarchy', { textDocument: td, position: t.pos });
    let item = null;
    if (this.answered('prepareCallHierarchy', r)) {
      const items = r.result || [];
      item = items[0] || null;
      const ok = items.length >= 1 && (!t.name || items[0].name === t.name);
      this.record('prepareCallHierarchy', ok, r.ms, {
        count: items.length, items: items.slice(0, 5).map((i) => `${i.name} ${fmtLoc(i.uri, i.selectionRange, this.root)}`),
        ...(ok ? {} : { error: items.length ? `item named ${items[0].name}, expected ${t.name}` : 'no item' }),
      });
    }
    if (item) {
      out.item = item;
      r = await this.request('callHierarchy/incomingCalls', { item });
      if (this.answered('incomingCalls', r)) {
        const calls = r.result || [];
        out.incoming = calls;
        const problems = [];
        if (auto && calls.length === 0) problems.push('no incoming calls');
        // Every call site must also be a reference.
        if (out.refs) {
          for (const c of calls) {
            for (const fr of c.fromRanges || []) {
              if (!out.refs.some((l) => l.uri === c.from.uri && overlaps(l.range, fr))) {
                problems.push(`call site ${fmtLoc(c.from.uri, fr, this.root)} is not among the references`);
              }
            }
          }
        }
        this.record('incomingCalls', problems.length === 0, r.ms, {
          count: calls.length, callers: calls.slice(0, 10).map((c) => `${c.from.name} ${fmtLoc(c.from.uri, c.from.selectionRange, this.root)}`),
          ...(problems.length ? { error: problems.slice(0, 5).join('; ') } : {}),
        });
      }
      r = await this.request('callHierarchy/outgoingCalls', { item });
      if (this.answered('outgoingCalls', r)) {
        const calls = r.result || [];
        this.record('outgoingCalls', Array.isArray(calls), r.ms, {
          count: calls.length, callees: calls.slice(0, 10).map((c) => `${c.to.name} ${fmtLoc(c.to.uri, c.to.selectionRange, this.root)}`),
        });
      }
      // Cross-check: a caller's outgoing calls include the target.
      if (out.incoming && out.incoming.length > 0) {
        const caller = out.incoming[0].from;
        r = await this.request('callHierarchy/outgoingCalls', { item: caller });
        if (this.answered('outgoingCalls.ofCaller', r)) {
          const calls = r.result || [];
          const ok = calls.some((c) => c.to.name === item.name && c.to.uri === item.uri
            && sameRange(c.to.selectionRange, item.selectionRange));
          this.record('outgoingCalls.ofCaller', ok, r.ms, {
            caller: caller.name, count: calls.length,
            ...(ok ? {} : { error: `outgoing calls of ${caller.name} do not include ${item.name}` }),
          });
        }
      }
    }
    // workspace/symbol
    const query = this.o.query || t.name;
    if (query) {
      r = await this.request('workspace/symbol', { query });
      if (this.answered('workspaceSymbol', r, { query })) {
        const syms = r.result || [];
        const declRange = item ? item.selectionRange : t.selectionRange;
        const declUri = item ? item.uri : t.doc.uri;
        const rank = syms.findIndex((s) => s.name === t.name && s.location && s.location.uri === declUri
          && (!s.location.range || !declRange || overlaps(s.location.range, declRange)));
        const ok = this.o.query ? syms.length > 0 : rank >= 0;
        this.record('workspaceSymbol', ok, r.ms, {
          query, count: syms.length, rank: rank >= 0 ? rank : null,
          first: syms.slice(0, 5).map((s) => `${s.name}${s.containerName ? ' (' + s.containerName + ')' : ''}`
            + (s.location && s.location.range ? ' ' + fmtLoc(s.location.uri, s.location.range, this.root) : '')),
          ...(ok ? {} : { error: this.o.query ? 'no symbols' : `the target ${t.name} is not among the results` }),
        });
      }
    }
    // definition, from a call site back to the declaration
    const site = out.refs && out.refs[0];
    if (site && item) {
      r = await this.request('textDocument/definition', { textDocument: { uri: site.uri }, position: site.range.start });
      if (this.answered('definition', r)) {
        let defs = r.result || [];
        if (!Array.isArray(defs)) defs = [defs];
        const norm = defs.map((d) => d.targetUri
          ? { uri: d.targetUri, range: d.targetSelectionRange || d.targetRange } : d);
        const ok = norm.some((d) => d.uri === item.uri && overlaps(d.range, item.selectionRange));
        this.record('definition', ok, r.ms, {
          from: fmtLoc(site.uri, site.range, this.root), count: norm.length,
          targets: norm.slice(0, 5).map((d) => fmtLoc(d.uri, d.range, this.root)),
          link: defs.length > 0 && !!defs[0].targetUri,
          ...(ok ? {} : { error: `definition does not lead to ${item.name} at ${fmtLoc(item.uri, item.selectionRange, this.root)}` }),
        });
      }
    } else if (t.declaration === false) {
      r = await this.request('textDocument/definition', { textDocument: td, position: t.pos });
      if (this.answered('definition', r)) {
        let defs = r.result || [];
        if (!Array.isArray(defs)) defs = [defs];
        this.record('definition', defs.length > 0, r.ms, { count: defs.length, ...(defs.length ? {} : { error: 'no definition' }) });
      }
    }
    return out;
  }

  async edit(t, before) {
    if (!this.o.edit) return;
    if (!t.declaration || !t.range || !before.item || !before.refs) {
      this.record('edit', 'skipped', 0, { reason: 'the target is not a declaration with references and a call hierarchy item' });
      return;
    }
    const doc = t.doc;
    const lines = splitLines(doc.text);
    // Where the name ends, as an index into the declaration text starting at selectionRange.end.line.
    t.selectionIndexInDecl = toIndex(lines[t.selectionRange.end.line], t.selectionRange.end.character, this.encoding);
    const snip = callerSnippet(doc.languageId, t, t.parent, lines);
    if (!snip) {
      this.record('edit', 'skipped', 0, { reason: `no caller template for ${doc.languageId} ${t.kind === KIND.Method ? 'methods' : 'functions'}` });
      return;
    }
    // Insert after the target's declaration.
    let at;
    let text = snip.text;
    let firstLine;
    const endLine = t.range.end.character === 0 ? t.range.end.line : t.range.end.line + 1;
    if (endLine < lines.length) {
      at = { line: endLine, character: 0 };
      firstLine = endLine;
    } else {
      const last = lines.length - 1;
      at = { line: last, character: fromIndex(lines[last], lines[last].length, this.encoding) };
      text = '\n' + text.replace(/\n$/, '');
      firstLine = last + 1;
    }
    const callLine = firstLine + snip.callLine;
    const callLineText = text.split('\n')[snip.callLine + (text === snip.text ? 0 : 1)] || '';
    const expectCall = {
      line: callLine, character: fromIndex(callLineText, snip.callCol, this.encoding),
    };
    doc.version++;
    const t0 = Date.now();
    this.notify('textDocument/didChange', {
      textDocument: { uri: doc.uri, version: doc.version },
      contentChanges: [{ range: { start: at, end: at }, text }],
    });
    // Keep our copy of the text in step.
    const idx = lines.slice(0, at.line).reduce((n, l) => n + l.length + 1, 0) + toIndex(lines[at.line], at.character, this.encoding);
    doc.text = doc.text.slice(0, idx) + text + doc.text.slice(idx);
    this.record('edit', true, Date.now() - t0, {
      file: doc.rel, inserted: snip.name, at: `${at.line}:${at.character}`, call: `${expectCall.line}:${expectCall.character}`,
      version: doc.version,
    });
    // The target did not move (the insertion is after it).
    let r = await this.request('textDocument/references', { textDocument: { uri: doc.uri }, position: t.pos, context: { includeDeclaration: false } });
    if (this.answered('edit.references', r)) {
      const locs = r.result || [];
      const added = locs.find((l) => l.uri === doc.uri && l.range.start.line === expectCall.line);
      const ok = locs.length === before.refs.length + 1 && !!added;
      this.record('edit.references', ok, r.ms, {
        before: before.refs.length, after: locs.length, newLocation: added ? fmtLoc(added.uri, added.range, this.root) : null,
        ...(ok ? {} : { error: `expected ${before.refs.length + 1} references including one on line ${expectCall.line}` }),
      });
    }
    r = await this.request('textDocument/prepareCallHierarchy', { textDocument: { uri: doc.uri }, position: t.pos });
    const item = this.answered('edit.prepareCallHierarchy', r) && r.result && r.result[0];
    if (item) {
      r = await this.request('callHierarchy/incomingCalls', { item });
      if (this.answered('edit.incomingCalls', r)) {
        const calls = r.result || [];
        const found = calls.find((c) => c.from.name === snip.name);
        const ok = !!found && calls.length === (before.incoming ? before.incoming.length : 0) + 1;
        this.record('edit.incomingCalls', ok, r.ms, {
          count: calls.length, newCaller: found ? `${found.from.name} ${fmtLoc(found.from.uri, found.from.selectionRange, this.root)}` : null,
          ...(ok ? {} : { error: `expected ${snip.name} among ${(before.incoming || []).length + 1} callers` }),
        });
      }
    } else if (r.result) {
      this.record('edit.prepareCallHierarchy', false, r.ms, { error: 'no item after the edit' });
    }
    const { r: sr, flat } = await this.symbols(doc);
    if (this.answered('edit.documentSymbol', sr)) {
      const ok = flat.some((s) => s.name === snip.name && s.range.start.line >= firstLine);
      this.record('edit.documentSymbol', ok, sr.ms, {
        symbols: flat.length, ...(ok ? {} : { error: `${snip.name} is not among the document symbols` }),
      });
    }
  }

  async shutdown() {
    for (const d of [...this.docs.values()]) this.close(d);
    const r = await this.request('shutdown', undefined, 10000);
    if (this.answered('shutdown', r)) this.record('shutdown', true, r.ms);
    const t0 = process.hrtime.bigint();
    this.notify('exit');
    if (!this.exited) {
      await Promise.race([this.exitPromise, sleep(3000)]);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!this.exited) {
      this.record('exit', false, ms, { error: 'the server process did not exit within 3 s of exit' });
      try { this.proc.kill('SIGKILL'); } catch (e) { /* gone */ }
      return;
    }
    const st = this.exitStatus;
    const ok = st.code === 0;
    this.record('exit', ok, ms, { code: st.code, signal: st.signal, ...(ok ? {} : { error: 'non-zero exit status after shutdown + exit' }) });
  }

  async run() {
    const tStart = Date.now();
    this.start();
    if (await this.initialize()) {
      if (await this.waitIndexing()) {
        const t = await this.pick();
        if (t) {
          const before = await this.queries(t);
          await this.edit(t, before);
        }
      }
      if (!this.exited) await this.shutdown();
      else this.record('exit', false, 0, { error: `server exited early (${JSON.stringify(this.exitStatus)})`, died: true });
    } else if (!this.exited) {
      try { this.proc.kill('SIGKILL'); } catch (e) { /* gone */ }
    }
    this.finish(Date.now() - tStart);
  }

  finish(totalMs) {
    this.finished = true;
    if (this.failed > 0) {
      process.stderr.write(`smoke: server log: ${this.logFile}\n`);
      try {
        const tail = fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-25).join('\n');
        if (tail.trim()) process.stderr.write(tail + '\n');
      } catch (e) { /* no log */ }
    }
    this.emit({ step: 'summary', ok: this.failed === 0, ms: totalMs, workspace: this.root, passed: this.passed, failed: this.failed });
    try { process.stdout.write(`smoke: ${this.passed} passed, ${this.failed} failed\n`); } catch (e) { /* closed */ }
    const code = this.failed === 0 ? EXIT.OK : this.worstExit || EXIT.FAILED;
    try { this.conn.dispose(); } catch (e) { /* ignore */ }
    if (!this.exited) try { this.proc.kill('SIGKILL'); } catch (e) { /* gone */ }
    process.exitCode = code;
    setTimeout(() => process.exit(code), 100).unref();
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`smoke: ${e.message}\n${USAGE}\n`);
    process.exit(EXIT.USAGE);
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(EXIT.OK);
  }
  if (!fs.existsSync(opts.workspace) || !fs.statSync(opts.workspace).isDirectory()) {
    process.stderr.write(`smoke: not a folder: ${opts.workspace}\n`);
    process.exit(EXIT.USAGE);
  }
  if (opts.file && !fs.existsSync(path.resolve(opts.workspace, opts.file))) {
    process.stderr.write(`smoke: no such file: ${opts.file}\n`);
    process.exit(EXIT.USAGE);
  }
  const smoke = new Smoke(opts);
  process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(smoke.failed ? 1 : 0); });
  process.on('uncaughtException', (e) => {
    if (e && (e.code === 'ERR_STREAM_DESTROYED' || e.code === 'EPIPE')) {
      if (smoke.finished) return;
      smoke.emit({ step: 'server', ok: false, ms: null, error: `server died (${e.code})`, died: true });
      process.stdout.write(`smoke: ${smoke.passed} passed, ${smoke.failed + 1} failed\n`);
      process.exit(EXIT.SERVER);
    }
    process.stderr.write(`smoke: internal error: ${e && e.stack}\n`);
    process.exit(EXIT.FAILED);
  });
  const overall = Number(process.env.VCR_SMOKE_TOTAL_TIMEOUT_MS || 0);
  if (overall > 0) {
    setTimeout(() => {
      smoke.emit({ step: 'total', ok: false, ms: overall, error: 'overall timeout', timeout: true });
      process.stdout.write(`smoke: ${smoke.passed} passed, ${smoke.failed + 1} failed\n`);
      try { smoke.proc.kill('SIGKILL'); } catch (e) { /* gone */ }
      process.exit(EXIT.TIMEOUT);
    }, overall).unref();
  }
  smoke.run().catch((e) => {
    process.stderr.write(`smoke: internal error: ${e && e.stack}\n`);
    try { smoke.proc.kill('SIGKILL'); } catch (e2) { /* gone */ }
    process.exit(EXIT.FAILED);
  });
}

if (require.main === module) main();

module.exports = { paramList, callerSnippet, toIndex, fromIndex, sourceFiles };
