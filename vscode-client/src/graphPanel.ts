// "Vcr: Show Impact Graph" and "Vcr: Show Cycles of This File's Module": ask the server (vcr/impact at the
// cursor, vcr/cycles through the open file) and show the answer's picture (graphView.ts) in a webview.
// Clicking a node opens its location in the editor.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CyclesResult, cyclesPicture, graphPage, ImpactResult, impactPicture, Picture, Target } from './graphView';

/** The impact view's bounds: hops and symbols (one page; the summary says when there are more). */
export const IMPACT_DEPTH = 3;
export const IMPACT_LIMIT = 150;

function activeEditor(what: string): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showWarningMessage(`Vcr: open a file first${what}.`);
  return editor;
}

function failed(what: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  void vscode.window.showWarningMessage(`Vcr: ${what}: ${message}`);
}

export async function showImpact(lc: LanguageClient, output: vscode.OutputChannel): Promise<void> {
  const editor = activeEditor(' and put the cursor on a symbol');
  if (!editor) return;
  const params = {
    textDocument: lc.code2ProtocolConverter.asTextDocumentIdentifier(editor.document),
    position: lc.code2ProtocolConverter.asPosition(editor.selection.active),
    maxDepth: IMPACT_DEPTH,
    limit: IMPACT_LIMIT,
  };
  let r: ImpactResult;
  try {
    r = await lc.sendRequest<ImpactResult>('vcr/impact', params);
  } catch (e) {
    return failed('no impact graph at the cursor', e);
  }
  output.appendLine(`[vcr-client] impact of ${r.roots.map(s => s.qualifiedName).join(', ')}: ${r.total} symbols`);
  show(impactPicture(r), 'impact', editor.document.uri);
}

export async function showCycles(lc: LanguageClient, output: vscode.OutputChannel): Promise<void> {
  const editor = activeEditor(' whose cycles to show');
  if (!editor) return;
  const params = { graph: 'files', limit: 5, textDocument: lc.code2ProtocolConverter.asTextDocumentIdentifier(editor.document) };
  let r: CyclesResult;
  try {
    r = await lc.sendRequest<CyclesResult>('vcr/cycles', params);
  } catch (e) {
    return failed('could not find the cycles of this file', e);
  }
  output.appendLine(`[vcr-client] cycles through ${r.file}: ${r.components}`);
  show(cyclesPicture(r), 'cycles', editor.document.uri);
}

function show(p: Picture, kind: 'impact' | 'cycles', from: vscode.Uri): void {
  const panel = vscode.window.createWebviewPanel(`vcr.${kind}`, p.title, vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  const nonce = crypto.randomBytes(16).toString('base64');
  panel.webview.html = graphPage(p, nonce, kind);
  panel.webview.onDidReceiveMessage((m: { type?: string; node?: number }) => {
    const target = m && m.type === 'open' && typeof m.node === 'number' ? p.targets[m.node] : undefined;
    if (target) void open(target, from);
  });
}

/** A workspace-relative path (with several folders, prefixed by the folder's name) as a file of the workspace. */
export function resolveKey(key: string, folders: readonly { name: string; uri: vscode.Uri }[]): vscode.Uri | undefined {
  if (folders.length === 0) return undefined;
  if (folders.length > 1) {
    const f = folders.find(x => key.startsWith(`${x.name}/`));
    if (f) return vscode.Uri.joinPath(f.uri, key.slice(f.name.length + 1));
  }
  return vscode.Uri.joinPath(folders[0].uri, key);
}

async function open(t: Target, from: vscode.Uri): Promise<void> {
  const uri = resolveKey(t.path, vscode.workspace.workspaceFolders ?? []);
  if (!uri) return;
  const pos = new vscode.Position(Math.max(0, t.line - 1), Math.max(0, t.col - 1));
  const column = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === from.toString())?.viewColumn;
  try {
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), viewColumn: column ?? vscode.ViewColumn.One });
  } catch (e) {
    failed(`could not open ${t.path}`, e);
  }
}
