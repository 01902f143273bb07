#!/usr/bin/env node
// Drives a real VS Code (code-server 4.99.4 = VS Code 1.99.3) in headless Chromium with playwright-core:
// installs the .vsix, opens the fixture workspace, waits for the Vcr status bar to say "ready", shows the
// references peek and the call hierarchy (screenshots), then runs "Vcr: Test Probe" inside the extension host
// and checks the provider results against expect.js. Then the graph webviews: "Vcr: Show Impact Graph" on
// greet (impact-graph.png, impact-graph-webview.png) and "Vcr: Show Cycles of This File's Module" on
// Greeter.java (cycles-graph*.png; a click on a node opens it). Then the multi-root step: the fixture reopened through a
// workspace file, a second folder added at runtime by the probe (updateWorkspaceFolders), and Ctrl+T must find
// that folder's declaration.
//
// usage: node driver.js --code-server BIN --playwright DIR --vsix FILE --workspace DIR --out DIR
//                       [--server-command JSON] [--timeout SECS] [--expect start-failure]
// Exit codes: 0 all checks passed, 1 a check failed, 2 usage/install problem, 3 timeout,
//             4 server failed to start (status "Vcr: failed").
'use strict';
const cp = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { probeSpec, checkProbe, fixturePositions, G, F, addedFolderSpec, writeAddedFolder, checkAddedFolder } = require('./expect');

// ---------------- arguments -----------------------------------------------------------------
function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument ${a}`);
    const v = argv[i + 1];
    if (v === undefined) usage(`${a} needs a value`);
    o[a.slice(2)] = v;
    i++;
  }
  for (const k of ['code-server', 'playwright', 'vsix', 'workspace', 'out']) if (!o[k]) usage(`missing --${k}`);
  return o;
}
function usage(msg) {
  process.stderr.write(`driver: ${msg}\nusage: node driver.js --code-server BIN --playwright DIR --vsix FILE --workspace DIR --out DIR [--server-command JSON] [--timeout SECS]\n`);
  process.exit(2);
}
const args = parseArgs(process.argv.slice(2));
const OUT = path.resolve(args.out);
const WS = path.resolve(args.workspace);
const TOTAL_TIMEOUT_S = Number(args.timeout || 300);
fs.mkdirSync(OUT, { recursive: true });

const T0 = Date.now();
const timings = {};
const logLines = [];
function log(...a) {
  const line = `[driver +${((Date.now() - T0) / 1000).toFixed(1)}s] ${a.join(' ')}`;
  logLines.push(line);
  process.stderr.write(line + '\n');
}
class StepError extends Error {
  constructor(msg, code = 1) {
    super(msg);
    this.code = code;
  }
}

// ---------------- helpers -------------------------------------------------------------------
function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => { t = setTimeout(() => rej(new StepError(`timeout after ${ms} ms: ${what}`, 3)), ms); }),
  ]).finally(() => clearTimeout(t));
}
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
function httpStatus(url) {
  return new Promise(resolve => {
    const req = http.get(url, { timeout: 2000 }, res => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
function findFiles(dir, pred, out = []) {
  let entries = [];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

// ---------------- state for cleanup ---------------------------------------------------------
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vcr-e2e-'));
const dirs = {
  config: path.join(scratch, 'config.yaml'),
  data: path.join(scratch, 'data'),
  ext: path.join(scratch, 'extensions'),
  xdg: path.join(scratch, 'xdg'),
  xdgCache: path.join(scratch, 'xdg-cache'),
  profile: path.join(scratch, 'chromium'),
  index: path.join(scratch, 'index'),
  home: path.join(scratch, 'home'),
};
for (const d of [dirs.data, dirs.ext, dirs.xdg, dirs.xdgCache, dirs.profile, dirs.index, dirs.home]) fs.mkdirSync(d, { recursive: true });
let server; // code-server child (own process group)
let context; // playwright browser context
let page;
const PROBE_OUT = path.join(OUT, 'probe.json');
const PROBE_STARTED = `${PROBE_OUT}.started`; // written by the probe as it starts (src/probe.ts)
const PROBE_STAGES = `${PROBE_OUT}.stages`; // the probe's trail: one line per stage it entered
const SPEC_FILE = path.join(scratch, 'probe-spec.json');

function baseEnv() {
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdg, XDG_CACHE_HOME: dirs.xdgCache, XDG_DATA_HOME: path.join(dirs.xdg, 'data') };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.VCR_SERVER_COMMAND;
  return env;
}

async function step(name, ms, fn) {
  const t = Date.now();
  log(`${name} …`);
  try {
    const r = await withTimeout(Promise.resolve().then(fn), ms, name);
    timings[name] = Date.now() - t;
    log(`${name} ok (${timings[name]} ms)`);
    return r;
  } catch (e) {
    timings[name] = Date.now() - t;
    if (/^probe/.test(name)) e.message += `; ${probeTrail()}`;
    log(`${name} FAILED: ${e.message}`);
    if (page) await page.screenshot({ path: path.join(OUT, `failed-${name}.png`), timeout: 10000 }).catch(() => undefined);
    throw e;
  }
}

// ---------------- steps ---------------------------------------------------------------------
function installVsix() {
  const r = cp.spawnSync(args['code-server'], [
    '--config', dirs.config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext,
    '--install-extension', path.resolve(args.vsix),
  ], { env: baseEnv(), encoding: 'utf8', timeout: 120000, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  fs.writeFileSync(path.join(OUT, 'install-extension.log'), out);
  if (r.error) throw new StepError(`install-extension: ${r.error.message}`, 2);
  if (!/successfully installed/i.test(out)) throw new StepError(`install-extension did not succeed:\n${out}`, 2);
}

function writeSettings() {
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'editor.minimap.enabled': false,
    'files.exclude': { '**/.vcr-index': true },
    'vcr.index.location': dirs.index,
    'vcr.trace.server': 'messages',
    'vcr.test.probeOutput': PROBE_OUT,
  };
  const userDir = path.join(dirs.data, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(SPEC_FILE, JSON.stringify(probeSpec(WS), null, 2));
}

async function startCodeServer(port) {
  fs.writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = {
    ...baseEnv(),
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
    VCR_PROBE_OUT: PROBE_OUT,
    VCR_PROBE_SPEC: SPEC_FILE,
  };
  if (args['server-command']) env.VCR_SERVER_COMMAND = args['server-command'];
  const logFd = fs.openSync(path.join(OUT, 'code-server.log'), 'w');
  server = cp.spawn(args['code-server'], [
    '--config', dirs.config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', WS,
  ], { env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  let exited = null;
  server.on('exit', (code, sig) => { exited = `code ${code} signal ${sig}`; });
  for (;;) {
    if (exited) throw new StepError(`code-server exited early (${exited}); see code-server.log`, 2);
    if ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200) return;
    await sleep(200);
  }
}

async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = require(require.resolve('playwright-core', { paths: [args.playwright] })));
  } catch (e) {
    throw new StepError(`playwright-core not found under ${args.playwright}: ${e.message}`, 2);
  }
  context = await chromium.launchPersistentContext(dirs.profile, {
    executablePath: process.env.VCR_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...baseEnv(), HOME: dirs.home },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15000);
  page.on('pageerror', e => log(`page error: ${e.message}`));
}

async function openWorkspace(port) {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(WS)}`, { waitUntil: 'domcontentloaded', timeout: 30000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 45000 });
  await page.waitForSelector('.part.sidebar, .explorer-folders-view', { timeout: 30000 });
}

/** The fixture as the only folder of a workspace file: adding a folder then does not reload the window. */
async function openWorkspaceFile(port) {
  const file = path.join(scratch, 'multi-root.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: WS }], settings: {} }, null, 2));
  await page.goto(`http://127.0.0.1:${port}/?workspace=${encodeURIComponent(file)}`, { waitUntil: 'domcontentloaded', timeout: 30000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 45000 });
  await page.waitForSelector('.part.sidebar, .explorer-folders-view', { timeout: 30000 });
}

async function quickInput(prefixKey, text) {
  // A closing quick input (from the previous step) would swallow the fill.
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  await page.keyboard.press(prefixKey);
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  return input;
}

async function openFile(absPath) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);
  await quickInput('Control+P', absPath);
  await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[data-resource-name="${path.basename(absPath)}"]`, { timeout: 15000 });
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 15000 });
}

async function statusText() {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('.statusbar-item')];
    const vcr = items.map(i => i.textContent || i.getAttribute('aria-label') || '').find(t => /Vcr:/.test(t));
    return vcr || null;
  });
}

/** Clicks the Vcr status bar item; its menu (a quick pick) must list the index commands. */
async function statusMenu() {
  await page.locator('.statusbar-item', { hasText: 'Vcr:' }).first().click();
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: 15000 });
  await sleep(300);
  const labels = await rows.evaluateAll(els => els.map(e => e.getAttribute('aria-label') || e.textContent));
  await page.screenshot({ path: path.join(OUT, 'status-menu.png') });
  await page.keyboard.press('Escape');
  return labels;
}

async function waitForReady() {
  let last = null;
  const seen = [];
  for (;;) {
    const t = await statusText();
    if (t !== last) {
      last = t;
      seen.push(t);
      log(`status bar: ${t}`);
    }
    if (t && /Vcr: ready/.test(t)) return seen;
    if (t && /Vcr: failed/.test(t)) {
      await page.screenshot({ path: path.join(OUT, 'failed-server.png') }).catch(() => undefined);
      throw new StepError(`the extension reports "${t}"; see vcr-output.log`, 4);
    }
    await sleep(100);
  }
}

async function goTo(line, character) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await quickInput('Control+G', `:${line + 1}:${character + 1}`);
  await page.keyboard.press('Enter');
  await sleep(300);
}

async function referencesPeek() {
  await page.keyboard.press('Shift+F12');
  const rows = page.locator('.peekview-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: 20000 });
  await sleep(500); // let the tree render all rows
  const title = (await page.locator('.peekview-widget .peekview-title').first().innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
  const labels = await rows.evaluateAll(els => els.map(e => e.getAttribute('aria-label') || e.textContent));
  await page.screenshot({ path: path.join(OUT, 'references-peek.png') });
  await page.keyboard.press('Escape');
  await sleep(200);
  return { title, rows: labels };
}

/** Focuses the first editor group without moving the cursor (a click would move it). */
async function focusEditor() {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1');
  await sleep(200);
}

async function callHierarchy() {
  await focusEditor();
  await page.keyboard.press('Shift+Alt+H');
  await page.locator('.part.sidebar, .peekview-widget').getByText(/Callers Of|Calls From|Call Hierarchy/i).first().waitFor({ timeout: 20000 });
  // 1.99 shows it in the sidebar ("References: Callers Of …"); older versions in a peek widget.
  const sel = '.part.sidebar .monaco-list-row, .peekview-widget .monaco-list-row';
  await page.locator(sel).first().waitFor({ timeout: 20000 });
  await sleep(800);
  const title = await page.evaluate(() => {
    const t = document.querySelector('.part.sidebar .composite.title, .part.sidebar .title-label, .peekview-widget .peekview-title');
    const header = [...document.querySelectorAll('.part.sidebar .pane-header, .part.sidebar .title')].map(e => e.textContent).join(' | ');
    return `${t ? t.textContent : ''} ${header}`.replace(/\s+/g, ' ').trim();
  });
  const labels = await page.locator(sel).evaluateAll(els => els.map(e => e.getAttribute('aria-label') || e.textContent));
  await page.screenshot({ path: path.join(OUT, 'call-hierarchy.png') });
  return { title, rows: labels };
}

/** Ctrl+T rows: their aria-labels (the names), or with `text` their whole text (name, container, folder, path). */
async function workspaceSymbols(query, shot = 'workspace-symbols.png', text = false) {
  await focusEditor();
  await quickInput('Control+P', `#${query}`);
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: 15000 });
  await sleep(500);
  const labels = await rows.evaluateAll((els, whole) => els.map(e => (whole ? e.textContent : e.getAttribute('aria-label')) || e.textContent), text);
  await page.screenshot({ path: path.join(OUT, shot) });
  await page.keyboard.press('Escape');
  return labels;
}

/**
 * Runs a command from the palette by its title. Enter runs the focused row, so wait until the filter has
 * been applied and the focused row is this command: right after F1 the palette lists the recently used
 * commands, and Enter then would run whichever of them is on top.
 */
async function paletteCommand(title) {
  await focusEditor();
  await quickInput('F1', `>${title}`);
  const label = title.replace(/^Vcr: /, '');
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

/**
 * The graph webview that `title` opens: waits for its picture, reads it (title, summary, nodes, edges by
 * class) and takes two screenshots, the window and the webview alone.
 */
async function graphWebview(title, shot) {
  await paletteCommand(title);
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  await frame.locator('svg .node').first().waitFor({ timeout: 30000 });
  await sleep(500);
  const view = await frame.locator('body').evaluate(body => ({
    title: body.querySelector('h1').textContent,
    summary: body.querySelector('.summary').textContent,
    csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || null,
    nodes: [...body.querySelectorAll('svg .node')].map(n => ({
      name: (n.querySelector('text.name') || {}).textContent,
      where: (n.querySelector('text.where') || {}).textContent || null,
      current: n.classList.contains('current'),
    })),
    edges: [...body.querySelectorAll('svg path.edge')].map(e => e.getAttribute('class')),
    svg: (() => { const s = body.querySelector('svg'); return s ? { width: s.getAttribute('width'), height: s.getAttribute('height') } : null; })(),
  }));
  await page.screenshot({ path: path.join(OUT, `${shot}.png`) });
  await page.locator('iframe.webview.ready').last().screenshot({ path: path.join(OUT, `${shot}-webview.png`) });
  return { view, frame };
}

/** "Vcr: Show Impact Graph" on greet, "Vcr: Show Cycles of This File's Module", then a click on a node. */
async function graphViews(report, p) {
  await step('open-file-for-graphs', 45000, () => openFile(path.join(WS, G)));
  await step('goto-position-graphs', 20000, () => goTo(p.greetDecl.line, p.greetDecl.character));
  const impact = await step('impact-graph', 60000, () => graphWebview('Vcr: Show Impact Graph', 'impact-graph'));
  report.ui.impactGraph = impact.view;
  log(`impact graph: ${JSON.stringify(impact.view)}`);
  const names = impact.view.nodes.map(n => n.name);
  report.checks.push({
    name: 'UI: the impact graph webview shows greet, and its callers main and shout with file:line',
    ok: /Impact of demo\.Greeter\.greet/.test(impact.view.title) && names.includes('demo.Greeter.greet')
      && names.includes('demo.App.main') && names.includes('demo.Format.shout')
      && impact.view.nodes.some(n => n.name === 'demo.App.main' && /^src\/main\/java\/demo\/App\.java:\d+$/.test(n.where)),
    detail: JSON.stringify(impact.view),
  });
  report.checks.push({
    name: 'UI: the impact graph draws an exact edge from greet to each caller',
    ok: impact.view.edges.length === 2 && impact.view.edges.every(c => c === 'edge exact'),
    detail: JSON.stringify(impact.view.edges),
  });
  report.checks.push({
    name: "UI: the graph webview's content security policy loads nothing but its own nonce'd style and script",
    ok: /default-src 'none'/.test(impact.view.csp || '') && !/https?:/.test(impact.view.csp || ''),
    detail: impact.view.csp,
  });
  // Greeter.java is still the editor of the first group (paletteCommand focuses it).
  const cycles = await step('cycles-graph', 60000, () => graphWebview("Vcr: Show Cycles of This File's Module", 'cycles-graph'));
  report.ui.cyclesGraph = cycles.view;
  log(`cycles graph: ${JSON.stringify(cycles.view)}`);
  const file = n => (n.where ? `${n.where}/${n.name}` : n.name); // a file's node: its name, its folder below
  const members = cycles.view.nodes.map(file).sort();
  report.checks.push({
    name: 'UI: the cycles webview shows the Greeter ↔ Format cycle, Greeter marked, with its closing edge',
    ok: JSON.stringify(members) === JSON.stringify([F, G].sort())
      && cycles.view.nodes.some(n => n.current && file(n) === G)
      && cycles.view.edges.includes('edge closing'),
    detail: JSON.stringify(cycles.view),
  });
  // Last, as it moves the first group to Format.java: a click on a node opens its file.
  const opened = await step('graph-node-click', 30000, async () => {
    await cycles.frame.locator('svg .node', { hasText: 'Format.java' }).first().click();
    await page.waitForSelector('.tab.active[data-resource-name="Format.java"]', { timeout: 15000 });
    return true;
  }).catch(() => false);
  report.checks.push({ name: 'UI: a click on the node Format.java opens it', ok: opened, detail: 'Format.java did not become the active tab' });
}

/**
 * Runs "Vcr: Test Probe" and returns what it wrote. The probe touches PROBE_STARTED first thing; if that
 * does not appear within 15 s the keystrokes did not reach the command, and the palette is tried again.
 */
async function runProbeCommand() {
  for (const f of [PROBE_OUT, PROBE_STARTED, PROBE_STAGES]) {
    try { fs.unlinkSync(f); } catch { /* none yet */ }
  }
  for (let attempt = 1; ; attempt++) {
    await paletteCommand('Vcr: Test Probe');
    const t = Date.now();
    while (!fs.existsSync(PROBE_STARTED) && Date.now() - t < 15000) await sleep(200);
    if (fs.existsSync(PROBE_STARTED)) break;
    await page.screenshot({ path: path.join(OUT, `probe-not-started-${attempt}.png`) }).catch(() => undefined);
    if (attempt === 3) throw new Error('the probe command did not start after 3 tries from the palette');
    log(`probe did not start within 15 s (attempt ${attempt}); trying the palette again`);
  }
  for (;;) {
    if (fs.existsSync(PROBE_OUT)) return JSON.parse(fs.readFileSync(PROBE_OUT, 'utf8'));
    await sleep(200);
  }
}

/** The last stages the probe entered (for a step that timed out waiting for it). */
function probeTrail() {
  try {
    const lines = fs.readFileSync(PROBE_STAGES, 'utf8').trim().split('\n');
    return `the probe's last stages: ${lines.slice(-6).join(' | ')}`;
  } catch {
    return 'the probe left no trail';
  }
}

function collectLogs() {
  const logs = findFiles(path.join(dirs.data, 'logs'), p => /output_logging_.*[\\/]\d+-Vcr( Trace)?\.log$/.test(p) || /exthost\.log$/.test(p));
  for (const f of logs) {
    const base = path.basename(f);
    const name = /Vcr Trace/.test(base) ? 'vcr-trace.log' : /Vcr/.test(base) ? 'vcr-output.log' : 'exthost.log';
    try { fs.copyFileSync(f, path.join(OUT, name)); } catch { /* best effort */ }
  }
}

async function cleanup() {
  if (context) await withTimeout(context.close(), 10000, 'close browser').catch(e => log(`browser close: ${e.message}`));
  if (server && server.exitCode === null) {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 30 && server.exitCode === null && server.signalCode === null; i++) await sleep(100);
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  collectLogs();
  if (!process.env.VCR_E2E_KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  else log(`scratch kept: ${scratch}`);
}

/** --expect start-failure: the server cannot start; the extension must say so quickly and clearly. */
async function negativeRun(report) {
  await step('install-vsix', 150000, installVsix);
  writeSettings();
  const port = await freePort();
  await step('start-code-server', 60000, () => startCodeServer(port));
  await step('launch-chromium', 60000, launchBrowser);
  await step('open-workspace', 90000, () => openWorkspace(port));
  await step('open-file', 45000, () => openFile(path.join(WS, G)));
  const t = Date.now();
  const seen = await step('wait-status-failed', 60000, async () => {
    try {
      await waitForReady();
      return 'ready';
    } catch (e) {
      if (e.code === 4) return 'failed';
      throw e;
    }
  });
  report.checks.push({ name: 'start failure: status bar says "Vcr: failed"', ok: seen === 'failed', detail: `status went ${seen}` });
  report.checks.push({ name: 'start failure detected within 15 s of opening the file', ok: Date.now() - t < 15000, detail: `${Date.now() - t} ms` });
  const note = await step('error-notification', 20000, async () => {
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Vcr:' }).first();
    await toast.waitFor({ timeout: 15000 });
    return (await toast.innerText()).replace(/\s+/g, ' ');
  }).catch(e => `none (${e.message})`);
  log(`error notification: ${note}`);
  await page.screenshot({ path: path.join(OUT, 'start-failure.png') }).catch(() => undefined);
  report.checks.push({ name: 'start failure: an error notification names the problem', ok: /Vcr: .*(failed to start|not found|does not exist|missing)/i.test(note), detail: note });
}

async function positiveRun(report, p) {
  await step('install-vsix', 150000, installVsix);
  writeSettings();
  const port = await freePort();
  await step('start-code-server', 60000, () => startCodeServer(port));
  await step('launch-chromium', 60000, launchBrowser);
  await step('open-workspace', 90000, () => openWorkspace(port));
  // A fresh window, no file open: the extension must activate (workspaceContains) and Ctrl+T must work.
  report.ui.statusSeen = await step('wait-server-ready', 150000, waitForReady);
  const fresh = await step('workspace-symbols-fresh-window', 30000, () => workspaceSymbols('greet', 'workspace-symbols-fresh.png'));
  log(`workspace symbols before any file is open: ${JSON.stringify(fresh)}`);
  report.checks.push({
    name: 'UI: workspace symbols answer in a fresh window before any file is opened',
    ok: fresh.some(l => /greet/.test(l)),
    detail: JSON.stringify(fresh),
  });
  const menu = await step('status-bar-menu', 30000, statusMenu);
  log(`status bar menu: ${JSON.stringify(menu)}`);
  report.checks.push({
    name: 'UI: a click on the status bar opens the index menu (reindex, statistics, log)',
    ok: ['Reindex', 'statistics', 'log'].every(w => menu.some(l => l.includes(w))),
    detail: JSON.stringify(menu),
  });
  await step('open-file', 45000, () => openFile(path.join(WS, G)));
  await step('goto-position', 20000, () => goTo(p.greetDecl.line, p.greetDecl.character));

  report.ui.references = await step('references-peek', 45000, referencesPeek);
  log(`references peek: "${report.ui.references.title}" rows=${JSON.stringify(report.ui.references.rows)}`);
  const refTitleCount = /References \((\d+)\)/.exec(report.ui.references.title);
  report.checks.push({
    name: 'UI: references peek lists the 2 call sites (App.java, Format.java)',
    ok: report.ui.references.rows.join('\n').includes('App.java') && report.ui.references.rows.join('\n').includes('Format.java'),
    detail: JSON.stringify(report.ui.references),
  });
  if (refTitleCount) {
    const n = Number(refTitleCount[1]);
    report.checks.push({ name: 'UI: references peek count is 2 or 3 (with the declaration)', ok: n === 2 || n === 3, detail: report.ui.references.title });
  }

  report.ui.callHierarchy = await step('call-hierarchy', 45000, callHierarchy);
  log(`call hierarchy: "${report.ui.callHierarchy.title}" rows=${JSON.stringify(report.ui.callHierarchy.rows)}`);
  const chRows = report.ui.callHierarchy.rows.join('\n');
  report.checks.push({
    name: 'UI: call hierarchy shows callers main and shout',
    ok: /\bmain\b/.test(chRows) && /\bshout\b/.test(chRows),
    detail: JSON.stringify(report.ui.callHierarchy),
  });

  try {
    report.ui.workspaceSymbols = await step('workspace-symbols-ui', 30000, () => workspaceSymbols('greet'));
    log(`workspace symbols: ${JSON.stringify(report.ui.workspaceSymbols)}`);
  } catch (e) {
    log(`(workspace symbols UI is best-effort) ${e.message}`);
  }
  // The probe may move the cursor's editor focus; put the cursor back on greet first.
  await step('goto-position-2', 20000, () => goTo(p.greetDecl.line, p.greetDecl.character));
  const probe = await step('probe', 180000, runProbeCommand);
  report.probe = { status: probe.status, ready: probe.ready, elapsedMs: probe.elapsedMs };
  report.checks.push(...checkProbe(WS, probe));
  await page.screenshot({ path: path.join(OUT, 'final.png') }).catch(() => undefined);
  if (args['server-command']) log('graph webviews skipped: the stand-in server has no vcr/impact or vcr/cycles');
  else await graphViews(report, p);
  await multiRoot(report, port);
}

/** A folder added to the workspace while the server runs is indexed (workspace/didChangeWorkspaceFolders). */
async function multiRoot(report, port) {
  const second = writeAddedFolder(path.join(scratch, 'second-folder'));
  fs.writeFileSync(SPEC_FILE, JSON.stringify(addedFolderSpec(second, WS), null, 2));
  let probe;
  for (let attempt = 1; ; attempt++) {
    await step(`open-workspace-file-${attempt}`, 90000, () => openWorkspaceFile(port));
    await step(`wait-server-ready-workspace-file-${attempt}`, 150000, waitForReady);
    probe = await step(`probe-add-folder-${attempt}`, 180000, runProbeCommand);
    // Now and then code-server starts the extension host of a workspace window with no folder; the probe then
    // declines to add one (that would restart the extension host under it) and the window is loaded again.
    if (!(probe.addedFolder && probe.addedFolder.retry) || attempt === 3) break;
    log(`extension host not in the workspace yet (attempt ${attempt}): ${probe.addedFolder.error}; loading the window again`);
  }
  report.multiRoot = { addedFolder: probe.addedFolder, status: probe.status, elapsedMs: probe.elapsedMs };
  log(`added folder: ${JSON.stringify(probe.addedFolder && { ok: probe.addedFolder.ok, attempts: probe.addedFolder.attempts, waitedMs: probe.addedFolder.waitedMs, error: probe.addedFolder.error })}`);
  report.checks.push(...checkAddedFolder(second, probe));
  report.ui.afterAdd = await step('wait-server-ready-after-add', 120000, waitForReady);
  const rows = await step('workspace-symbols-added-folder', 30000, () => workspaceSymbols('farewell', 'workspace-symbols-added-folder.png', true));
  log(`workspace symbols after adding a folder: ${JSON.stringify(rows)}`);
  report.checks.push({
    name: 'UI: Ctrl+T finds "farewell", declared in the folder added at runtime',
    ok: rows.some(l => /farewell/.test(l) && /second-folder/.test(l) && /Farewell\.java/.test(l)),
    detail: JSON.stringify(rows),
  });
  const greet = await step('workspace-symbols-first-folder', 30000, () => workspaceSymbols('greet', 'workspace-symbols-first-folder.png', true));
  report.checks.push({
    name: 'UI: Ctrl+T still finds "greet" in the first folder',
    ok: greet.some(l => /greet/.test(l) && /fixture/.test(l) && /Greeter\.java/.test(l)),
    detail: JSON.stringify(greet),
  });
}

// ---------------- main ----------------------------------------------------------------------
async function main() {
  const report = { ui: {}, checks: [], timings };
  let exitCode = 0;
  const hardStop = setTimeout(() => {
    log(`TOTAL TIMEOUT ${TOTAL_TIMEOUT_S}s`);
    void cleanup().finally(() => process.exit(3));
  }, TOTAL_TIMEOUT_S * 1000);
  try {
    const p = fixturePositions(WS);
    if (args.expect === 'start-failure') await negativeRun(report);
    else await positiveRun(report, p);
    if (report.checks.some(c => !c.ok)) exitCode = 1;
  } catch (e) {
    exitCode = e instanceof StepError ? e.code : 1;
    report.error = e.message;
    report.checks.push({ name: 'e2e run completed all steps', ok: false, detail: e.message });
    log(`ERROR: ${e.stack || e.message}`);
  } finally {
    clearTimeout(hardStop);
    await cleanup();
  }
  const passed = report.checks.filter(c => c.ok).length;
  const failed = report.checks.filter(c => !c.ok).length;
  for (const c of report.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : `\n       ${c.detail}`}\n`);
  report.passed = passed;
  report.failed = failed;
  report.exitCode = exitCode;
  report.totalMs = Date.now() - T0;
  fs.writeFileSync(path.join(OUT, 'report.json'), JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(OUT, 'driver.log'), logLines.join('\n') + '\n');
  if (exitCode === 0 && failed === 0 && passed === 0) exitCode = 1; // never green on zero checks
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  log(`done in ${report.totalMs} ms, exit ${exitCode}; output in ${OUT}`);
  process.exit(exitCode);
}

process.on('uncaughtException', e => { log(`uncaught: ${e.stack || e}`); });
// A promise that never settles would let Node exit 0 silently: never report success that way.
process.on('beforeExit', () => {
  log('event loop drained before the run finished');
  process.exit(1);
});
main();
