// "Vcr: Test Probe": runs VS Code's own provider commands (the same ones its UI uses) at the cursor and/or at
// positions from a spec file, and writes the results as JSON. Used by the code-server e2e test; harmless
// otherwise.
//
// Output file: $VCR_PROBE_OUT, else the setting vcr.test.probeOutput, else shown in an untitled editor.
// Spec file (optional): $VCR_PROBE_SPEC, a JSON file
//   { "query": "greet", "positions": [ { "label": "decl", "file": "src/A.java", "line": 3, "character": 18 } ] }
// with 0-based positions; "file" is absolute or relative to the first workspace folder.
// Multi-root step (optional): "addFolder": "/abs/dir" appends that folder to the workspace at runtime
// (vscode.workspace.updateWorkspaceFolders; the window must have a workspace file, or VS Code reloads it),
// then polls workspace symbols for "query" until one lies in the added folder ("addedFolder" in the output).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { VcrClient } from './client';

interface ProbePosition {
  label: string;
  file: string;
  line: number;
  character: number;
}

interface ProbeSpec {
  query?: string;
  positions?: ProbePosition[];
  readyTimeoutMs?: number;
  addFolder?: string;
  addFolderTimeoutMs?: number;
  /** The folder the window must already have (from its workspace file) before `addFolder` is added. */
  addFolderAfter?: string;
}

type Json = Record<string, unknown>;

function rel(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder) return path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
  return uri.fsPath;
}

function range(r: vscode.Range | undefined): Json | undefined {
  if (!r) return undefined;
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

function location(l: vscode.Location | vscode.LocationLink): Json {
  if ('targetUri' in l) {
    return { uri: l.targetUri.toString(), path: rel(l.targetUri), range: range(l.targetSelectionRange ?? l.targetRange), targetRange: range(l.targetRange) };
  }
  return { uri: l.uri.toString(), path: rel(l.uri), range: range(l.range) };
}

function item(i: vscode.CallHierarchyItem): Json {
  return {
    name: i.name,
    kind: vscode.SymbolKind[i.kind],
    detail: i.detail,
    uri: i.uri.toString(),
    path: rel(i.uri),
    range: range(i.range),
    selectionRange: range(i.selectionRange),
  };
}

/** How long one provider call may take before the probe records a timeout and goes on. */
const CALL_TIMEOUT_MS = 20000;

/** `p`, or a rejection naming `what` after `ms`: one unanswered request must not hang the whole probe. */
function bounded<T>(p: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(p), timeout]).finally(() => clearTimeout(timer));
}

/**
 * The probe's trail, one line per stage with its time since the probe started (`<output>.stages`): a driver
 * whose probe does not finish reports where it stopped.
 */
let trail: ((stage: string) => void) = () => undefined;

async function attempt<T>(what: () => Thenable<T>, render: (v: T) => unknown, name = 'request'): Promise<unknown> {
  const t0 = Date.now();
  trail(name);
  try {
    const v = await bounded(what(), CALL_TIMEOUT_MS, name);
    return { ms: Date.now() - t0, result: render(v) };
  } catch (e) {
    return { ms: Date.now() - t0, error: e instanceof Error ? e.message : String(e) };
  }
}

async function probeAt(uri: vscode.Uri, pos: vscode.Position, label: string): Promise<Json> {
  const out: Json = { label, uri: uri.toString(), path: rel(uri), position: { line: pos.line, character: pos.character } };
  // Make sure the document is loaded (and synced to the server) before asking.
  trail(`open ${label}`);
  const doc = await bounded(vscode.workspace.openTextDocument(uri), CALL_TIMEOUT_MS, `open ${uri.fsPath}`);
  const wordRange = doc.getWordRangeAtPosition(pos);
  out.word = wordRange ? doc.getText(wordRange) : null;
  out.references = await attempt(
    () => vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, pos),
    v => (v ?? []).map(location),
    `references ${label}`,
  );
  out.definition = await attempt(
    () => vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', uri, pos),
    v => (v ?? []).map(location),
    `definition ${label}`,
  );
  let items: vscode.CallHierarchyItem[] = [];
  out.prepareCallHierarchy = await attempt(
    () => vscode.commands.executeCommand<vscode.CallHierarchyItem[]>('vscode.prepareCallHierarchy', uri, pos),
    v => {
      items = v ?? [];
      return items.map(item);
    },
    `prepareCallHierarchy ${label}`,
  );
  const incoming: unknown[] = [];
  const outgoing: unknown[] = [];
  for (const it of items) {
    incoming.push(await attempt(
      () => vscode.commands.executeCommand<vscode.CallHierarchyIncomingCall[]>('vscode.provideIncomingCalls', it),
      v => (v ?? []).map(c => ({ from: item(c.from), fromRanges: c.fromRanges.map(range) })),
      `incomingCalls ${label}`,
    ));
    outgoing.push(await attempt(
      () => vscode.commands.executeCommand<vscode.CallHierarchyOutgoingCall[]>('vscode.provideOutgoingCalls', it),
      v => (v ?? []).map(c => ({ to: item(c.to), fromRanges: c.fromRanges.map(range) })),
      `outgoingCalls ${label}`,
    ));
  }
  out.incomingCalls = incoming;
  out.outgoingCalls = outgoing;
  return out;
}

function symbols(v: vscode.SymbolInformation[] | undefined): Json[] {
  return (v ?? []).map(s => ({ name: s.name, kind: vscode.SymbolKind[s.kind], containerName: s.containerName, location: location(s.location) }));
}

/** Appends `dir` to the workspace folders, then waits until workspace symbols for `query` find one in it. */
async function addFolder(dir: string, query: string, timeoutMs: number, after?: string): Promise<Json> {
  const t0 = Date.now();
  const folder = vscode.Uri.file(dir);
  const current = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri.fsPath);
  if (after && (!vscode.workspace.workspaceFile || !current.includes(vscode.Uri.file(after).fsPath))) {
    // Adding the first folder of a window restarts its extension host, this probe with it: report instead, and
    // let the driver load the workspace window again.
    return {
      folder: folder.fsPath, before: current, ok: false, retry: true,
      error: `this extension host has folders [${current.join(', ')}] and workspace file ` +
        `${vscode.workspace.workspaceFile?.toString() ?? 'none'}; expected ${after} from a workspace file`,
    };
  }
  const changed = new Promise<vscode.WorkspaceFoldersChangeEvent>(resolve => {
    const sub = vscode.workspace.onDidChangeWorkspaceFolders(e => {
      sub.dispose();
      resolve(e);
    });
  });
  const before = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri.fsPath);
  trail('add folder');
  const accepted = vscode.workspace.updateWorkspaceFolders(before.length, 0, { uri: folder });
  const out: Json = { folder: folder.fsPath, before, accepted };
  if (!accepted) return { ...out, ok: false, error: 'updateWorkspaceFolders refused the change' };
  const event = await Promise.race([changed, new Promise<undefined>(r => setTimeout(() => r(undefined), 20000))]);
  out.event = event ? { added: event.added.map(f => f.uri.fsPath), removed: event.removed.map(f => f.uri.fsPath) } : null;
  out.after = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri.fsPath);
  out.changedMs = Date.now() - t0;
  if (!event) return { ...out, ok: false, error: 'no onDidChangeWorkspaceFolders event within 20 s' };
  // The server re-indexes for the new roots; a request waits for that, but poll in case it raced the change.
  let attempts = 0;
  let last: Json[] = [];
  while (Date.now() - t0 < timeoutMs) {
    attempts++;
    trail(`workspace symbols "${query}" for the added folder, attempt ${attempts}`);
    try {
      last = symbols(await bounded(
        vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query),
        CALL_TIMEOUT_MS, 'workspace symbols'));
    } catch (e) {
      out.lastError = e instanceof Error ? e.message : String(e);
    }
    const inFolder = last.filter(s => String((s.location as Json).uri).startsWith(folder.toString()));
    if (inFolder.length > 0) {
      return { ...out, ok: true, attempts, waitedMs: Date.now() - t0, query, symbols: last };
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return { ...out, ok: false, attempts, waitedMs: Date.now() - t0, query, symbols: last, error: `no symbol "${query}" in ${folder.fsPath}` };
}

function readSpec(): ProbeSpec {
  const specFile = process.env.VCR_PROBE_SPEC;
  if (!specFile) return {};
  return JSON.parse(fs.readFileSync(specFile, 'utf8')) as ProbeSpec;
}

function resolveFile(file: string): vscode.Uri {
  if (path.isAbsolute(file)) return vscode.Uri.file(file);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(`relative probe file "${file}" but no workspace folder is open`);
  return vscode.Uri.joinPath(folder.uri, file);
}

export async function runProbe(vcr: VcrClient): Promise<void> {
  const started = Date.now();
  const cfg = vscode.workspace.getConfiguration('vcr');
  const outFile = process.env.VCR_PROBE_OUT || cfg.get<string | null>('test.probeOutput') || undefined;
  const result: Json = { version: 1, startedAt: new Date(started).toISOString() };
  if (outFile) {
    // Tells a driver that its keystrokes reached this command (test/e2e/driver.js waits for it).
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(`${outFile}.started`, result.startedAt as string);
    const stages = `${outFile}.stages`;
    fs.writeFileSync(stages, '');
    trail = stage => {
      try {
        fs.appendFileSync(stages, `${Date.now() - started} ms ${stage}\n`);
      } catch {
        // a trail is best effort
      }
    };
    vcr.output.appendLine(`[vcr-client] probe started`);
  }
  try {
    const spec = readSpec();
    const readyTimeout = spec.readyTimeoutMs ?? 120000;
    const t0 = Date.now();
    trail('wait for ready');
    try {
      await vcr.whenReady(readyTimeout);
      result.ready = { ok: true, waitedMs: Date.now() - t0 };
    } catch (e) {
      result.ready = { ok: false, waitedMs: Date.now() - t0, error: e instanceof Error ? e.message : String(e) };
    }
    result.status = vcr.status.view().text;
    if (spec.addFolder) {
      result.addedFolder = await addFolder(spec.addFolder, spec.query ?? '', spec.addFolderTimeoutMs ?? 90000, spec.addFolderAfter);
    }

    const probes: Json[] = [];
    const editor = vscode.window.activeTextEditor;
    let cursorWord: string | undefined;
    if (editor) {
      const pos = editor.selection.active;
      const wr = editor.document.getWordRangeAtPosition(pos);
      cursorWord = wr ? editor.document.getText(wr) : undefined;
      probes.push(await probeAt(editor.document.uri, pos, 'cursor'));
    }
    for (const p of spec.positions ?? []) {
      probes.push(await probeAt(resolveFile(p.file), new vscode.Position(p.line, p.character), p.label));
    }
    result.positions = probes;

    const query = spec.query ?? cfg.get<string | null>('test.probeQuery') ?? cursorWord ?? '';
    result.workspaceSymbols = {
      query,
      ...(await attempt(
        () => vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query),
        symbols,
        `workspace symbols "${query}"`,
      ) as Json),
    };
  } catch (e) {
    result.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  }
  result.elapsedMs = Date.now() - started;
  trail('write results');
  const text = JSON.stringify(result, null, 2);
  if (outFile) {
    // Write atomically so a poller never reads half a file.
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(`${outFile}.tmp`, text);
    fs.renameSync(`${outFile}.tmp`, outFile);
    vcr.output.appendLine(`[vcr-client] probe results written to ${outFile}`);
  } else {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}
