// The language client's lifecycle: resolve java + server, start, watch state, restart on setting changes.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { enabledLanguageIds, initializationOptions, watchGlob } from './config';
import { findJava, MIN_JAVA_MAJOR, parseJavaMajor } from './java';
import { expandPath, formatCommand, resolveServerCommand, ServerCommand } from './serverCommand';
import { IndexStatus, WorkDoneValue } from './status';

/** With no indexing progress within this time after `initialize`, the server counts as ready. */
const PROGRESS_GRACE_MS = 1500;
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Runs `java -version` (bounded by a timeout) and returns its output. */
function javaVersionOutput(java: string): Promise<string> {
  return new Promise(resolve => {
    cp.execFile(java, ['-version'], { timeout: 20000, windowsHide: true }, (err, stdout, stderr) => {
      resolve(`${stderr}\n${stdout}${err ? `\n${err.message}` : ''}`);
    });
  });
}

interface ProcInfo {
  exit?: string;
  stderrTail: string[];
}

/** Resolves true once the process has exited (or had already), false after `ms`. */
function waitForExit(proc: cp.ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise(resolve => {
    const t = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export class VcrClient implements vscode.Disposable {
  readonly status = new IndexStatus();
  private client?: LanguageClient;
  private proc?: cp.ChildProcess;
  private procInfo?: ProcInfo;
  /** The current server answered initialize (reached State.Running). */
  private running = false;
  private graceTimer?: NodeJS.Timeout;
  private stopping = false;
  private restarts: number[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
    private readonly traceOutput: vscode.OutputChannel,
  ) {}

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  private log(msg: string): void {
    this.output.appendLine(`[vcr-client ${new Date().toISOString()}] ${msg}`);
  }

  /** Reports a start failure: status "failed", a log entry and an error message with actions. */
  private fail(message: string): void {
    this.log(`ERROR: ${message}`);
    this.status.failed(message);
    void vscode.window.showErrorMessage(`Vcr: ${message}`, 'Open Settings', 'Show Log').then(choice => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'vcr.');
      else if (choice === 'Show Log') this.output.show(true);
    });
  }

  private resolveCommand(): ServerCommand | undefined {
    const cfg = vscode.workspace.getConfiguration('vcr');
    const wsFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const expand = (p: string) => expandPath(p, { workspaceFolder: wsFolder });
    const serverPath = cfg.get<string | null>('server.path');
    const javaHome = cfg.get<string | null>('java.home');
    const res = resolveServerCommand({
      envCommand: process.env.VCR_SERVER_COMMAND,
      serverPath: serverPath ? expand(serverPath) : serverPath,
      bundledJar: this.context.asAbsolutePath(path.join('server', 'vcr.jar')),
      jvmArgs: cfg.get('server.jvmArgs'),
      findJava: () => findJava({ javaHome: javaHome ? expand(javaHome) : javaHome, env: process.env, platform: process.platform, isExecutable }),
      fileExists,
    });
    for (const w of res.warnings) this.log(`WARNING: ${w}`);
    if (!res.ok) {
      this.fail(res.message);
      return undefined;
    }
    return res;
  }

  /** Start/stop/restart run one at a time, in call order (settings changes can arrive mid-start). */
  private lifecycle: Promise<void> = Promise.resolve();

  private serialize(op: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(op, op);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  start(): Promise<void> {
    return this.serialize(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.serialize(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.serialize(async () => {
      await this.doStop();
      this.restarts = [];
      await this.doStart();
    });
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    this.status.starting();
    this.stopping = false;
    const cmd = this.resolveCommand();
    if (!cmd) return;
    this.log(`server command (${cmd.source}): ${formatCommand(cmd.command, cmd.args)}`);

    if (cmd.java) {
      const out = await javaVersionOutput(cmd.java);
      const major = parseJavaMajor(out);
      if (major === undefined) {
        this.log(`WARNING: could not determine the version of ${cmd.java}:\n${out.trim()}`);
      } else if (major < MIN_JAVA_MAJOR) {
        this.fail(`${cmd.java} is Java ${major}, but the Vcr server needs Java ${MIN_JAVA_MAJOR} or newer. Set "vcr.java.home" to a newer JDK.`);
        return;
      } else {
        this.log(`java: ${cmd.java} (Java ${major})`);
      }
    }

    const cfg = vscode.workspace.getConfiguration('vcr');
    const warnings: string[] = [];
    const wsFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const initOptions = initializationOptions(
      { indexLocation: cfg.get('index.location'), languages: cfg.get('languages'), maxFileBytes: cfg.get('maxFileBytes') },
      p => expandPath(p, { workspaceFolder: wsFolder }),
      warnings,
    );
    const languageIds = enabledLanguageIds(cfg.get('languages'), warnings);
    for (const w of warnings) this.log(`WARNING: ${w}`);
    this.log(`initializationOptions: ${JSON.stringify(initOptions)}`);
    if (languageIds.length === 0) {
      this.log('"vcr.languages" enables no language; the server is not started.');
      this.status.stopped();
      return;
    }

    // Spawn the server ourselves (instead of an Executable) to keep its exit status and the tail of its
    // stderr for the error message, and to report a missing binary precisely.
    const serverOptions: ServerOptions = () => this.spawnServer(cmd, wsFolder);
    const glob = watchGlob(languageIds);
    const clientOptions: LanguageClientOptions = {
      documentSelector: languageIds.map(language => ({ scheme: 'file', language })),
      initializationOptions: initOptions,
      outputChannel: this.output,
      traceOutputChannel: this.traceOutput,
      synchronize: glob ? { fileEvents: vscode.workspace.createFileSystemWatcher(glob) } : undefined,
      errorHandler: this.errorHandler(),
      middleware: {
        handleWorkDoneProgress: (token, params, next) => {
          this.status.progress(token, params as WorkDoneValue);
          next(token, params);
        },
      },
    };

    const client = new LanguageClient('vcr', 'Vcr', serverOptions, clientOptions);
    this.client = client;
    this.disposables.push(
      client.onDidChangeState(e => {
        if (e.newState === State.Starting) this.status.starting();
        else if (e.newState === State.Running) this.onRunning();
        else if (e.newState === State.Stopped && this.stopping) this.status.stopped();
      }),
    );
    this.running = false;
    try {
      await client.start();
      // start() can resolve even though initialize failed and the client gave up (languageclient 9.0.1).
      if (!client.isRunning()) throw new Error('the connection to the server closed during initialization');
      this.log('server initialized');
    } catch (e) {
      let msg = e instanceof Error ? e.message : String(e);
      const proc = this.proc;
      if (proc && this.procInfo) {
        await waitForExit(proc, 1500);
        const { exit, stderrTail } = this.procInfo;
        if (exit) {
          const last = stderrTail.filter(l => l.trim().length > 0).slice(-3).join(' / ');
          msg = `it exited during startup with ${exit}${last ? `: ${last}` : ''}`;
        }
      }
      this.client = undefined;
      this.fail(`the server failed to start (${msg}). Command: ${formatCommand(cmd.command, cmd.args)}`);
      try {
        await client.dispose(2000);
      } catch {
        // already dead
      }
    }
  }

  private spawnServer(cmd: ServerCommand, cwd: string | undefined): Promise<cp.ChildProcess> {
    return new Promise((resolve, reject) => {
      const info: ProcInfo = { stderrTail: [] };
      const child = cp.spawn(cmd.command, cmd.args, { cwd, env: { ...process.env }, stdio: 'pipe', windowsHide: true });
      let partial = '';
      child.stderr?.on('data', (d: Buffer) => {
        const lines = (partial + d.toString('utf8')).split(/\r?\n/);
        partial = lines.pop() ?? '';
        info.stderrTail.push(...lines);
        if (info.stderrTail.length > 40) info.stderrTail.splice(0, info.stderrTail.length - 40);
      });
      child.on('exit', (code, signal) => {
        if (partial) info.stderrTail.push(partial);
        info.exit = signal ? `signal ${signal}` : `exit code ${code}`;
        this.log(`server process ${child.pid} ended (${info.exit})`);
      });
      child.once('error', e => reject(new Error(`cannot run ${cmd.command}: ${e.message}`)));
      child.once('spawn', () => {
        this.proc = child;
        this.procInfo = info;
        this.log(`server process ${child.pid} started`);
        resolve(child);
      });
    });
  }

  private onRunning(): void {
    this.running = true;
    this.status.serverStarted();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => this.status.graceExpired(), PROGRESS_GRACE_MS);
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult => {
        // Malformed messages: keep going unless they pile up.
        if (count !== undefined && count <= 3) return { action: ErrorAction.Continue };
        return { action: ErrorAction.Shutdown };
      },
      closed: (): CloseHandlerResult => {
        if (this.stopping) return { action: CloseAction.DoNotRestart, handled: true };
        // Died before answering initialize: restarting will not help; start() reports why.
        if (!this.running) return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        this.restarts = this.restarts.filter(t => now - t < RESTART_WINDOW_MS);
        this.restarts.push(now);
        if (this.restarts.length > MAX_RESTARTS) {
          this.client = undefined;
          this.fail(`the server stopped unexpectedly ${this.restarts.length} times in 3 minutes and will not be restarted. See the "Vcr" output for its log; run "Vcr: Restart server" to try again.`);
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        this.log(`the server stopped unexpectedly; restarting (${this.restarts.length}/${MAX_RESTARTS})`);
        this.status.starting();
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  private async doStop(): Promise<void> {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    const client = this.client;
    this.client = undefined;
    this.stopping = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log(`stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const proc = this.proc;
    this.proc = undefined;
    if (proc && !(await waitForExit(proc, 2000))) {
      this.log(`server process ${proc.pid} did not exit; killing it`);
      proc.kill('SIGTERM');
      if (!(await waitForExit(proc, 2000))) proc.kill('SIGKILL');
    }
    this.status.stopped();
  }

  /** Resolves once the index is ready (initial indexing ended), or rejects after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.status.isReady) return resolve();
      const timer = setInterval(() => {
        if (this.status.isReady) {
          clearInterval(timer);
          clearTimeout(deadline);
          resolve();
        } else if (this.status.currentPhase === 'failed') {
          clearInterval(timer);
          clearTimeout(deadline);
          reject(new Error(`Vcr server failed: ${this.status.failureMessage}`));
        }
      }, 100);
      const deadline = setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`Vcr index not ready after ${timeoutMs} ms (status: ${this.status.view().text})`));
      }, timeoutMs);
    });
  }

  dispose(): void {
    void this.stop();
  }
}
