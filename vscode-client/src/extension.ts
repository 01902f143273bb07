// Entry points only: activate / deactivate. See client.ts for the server lifecycle.
import * as vscode from 'vscode';
import { VcrClient } from './client';
import { RESTART_SETTINGS } from './config';
import { showCycles, showImpact } from './graphPanel';
import { runProbe } from './probe';

let vcr: VcrClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Vcr');
  const traceOutput = vscode.window.createOutputChannel('Vcr Trace');
  context.subscriptions.push(output, traceOutput);
  const client = new VcrClient(context, output, traceOutput);
  vcr = client;
  context.subscriptions.push(client);

  const item = vscode.window.createStatusBarItem('vcr.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Vcr';
  item.command = 'vcr.menu';
  const render = () => {
    const v = client.status.view();
    item.text = v.busy ? `$(sync~spin) ${v.text}` : v.error ? `$(error) ${v.text}` : `$(check) ${v.text}`;
    item.tooltip = v.tooltip;
    item.accessibilityInformation = { label: v.text };
    item.backgroundColor = v.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  client.status.onChange(render);
  render();
  item.show();
  context.subscriptions.push(item);

  const requireClient = () => {
    const lc = client.languageClient;
    if (!lc || !lc.isRunning()) {
      void vscode.window.showWarningMessage('Vcr: the server is not running. See the "Vcr" output for details.', 'Show Log').then(c => {
        if (c) output.show(true);
      });
      return undefined;
    }
    return lc;
  };

  // The probe command is for the end-to-end test only: listed in the palette when a probe output is set.
  const testMode = Boolean(process.env.VCR_PROBE_OUT || vscode.workspace.getConfiguration('vcr').get<string | null>('test.probeOutput'));
  void vscode.commands.executeCommand('setContext', 'vcr.testMode', testMode);

  context.subscriptions.push(
    vscode.commands.registerCommand('vcr.menu', async () => {
      const picks: (vscode.QuickPickItem & { command: string })[] = [
        { label: '$(refresh) Reindex workspace', command: 'vcr.reindex' },
        { label: '$(graph) Show index statistics', command: 'vcr.showStats' },
        { label: '$(output) Open the log', command: 'vcr.showOutput' },
        { label: '$(debug-restart) Restart the server', command: 'vcr.restartServer' },
      ];
      const choice = await vscode.window.showQuickPick(picks, { title: client.status.view().text });
      if (choice) await vscode.commands.executeCommand(choice.command);
    }),
    vscode.commands.registerCommand('vcr.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('vcr.restartServer', () => client.restart()),
    vscode.commands.registerCommand('vcr.reindex', async () => {
      const lc = requireClient();
      if (!lc) return;
      try {
        await lc.sendRequest('vcr/reindex');
        void vscode.window.showInformationMessage('Vcr: reindexing the workspace.');
      } catch (e) {
        void vscode.window.showErrorMessage(`Vcr: reindex failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
    vscode.commands.registerCommand('vcr.showStats', async () => {
      const lc = requireClient();
      if (!lc) return;
      try {
        const stats = await lc.sendRequest<unknown>('vcr/stats');
        const text = JSON.stringify(stats, null, 2);
        output.appendLine(`[vcr-client] index statistics:\n${text}`);
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
        await vscode.window.showTextDocument(doc, { preview: true });
      } catch (e) {
        void vscode.window.showErrorMessage(`Vcr: could not get index statistics: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
    vscode.commands.registerCommand('vcr.showImpact', async () => {
      const lc = requireClient();
      if (lc) await showImpact(lc, output);
    }),
    vscode.commands.registerCommand('vcr.showCycles', async () => {
      const lc = requireClient();
      if (lc) await showCycles(lc, output);
    }),
    vscode.commands.registerCommand('vcr.test.probe', () => runProbe(client)),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (RESTART_SETTINGS.some(s => e.affectsConfiguration(s))) {
        output.appendLine('[vcr-client] settings changed; restarting the server');
        void client.restart();
      }
    }),
  );

  void client.start();
}

export async function deactivate(): Promise<void> {
  const c = vcr;
  vcr = undefined;
  if (c) await c.stop();
}
