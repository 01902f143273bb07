// Resolving the command line that starts the Vcr server. Pure logic: no 'vscode' import.
import * as os from 'os';
import * as path from 'path';
import { JavaResult } from './java';

/** Arguments after the jar / launcher. `--stdio` is accepted and ignored by the server. */
export const SERVER_ARGS = ['lsp', '--stdio'];

export type ServerSource = 'VCR_SERVER_COMMAND' | 'vcr.server.path' | 'bundled';

export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
  /** The java binary used, when the server is a jar. */
  java?: string;
  /** The jar, when the server is a jar. */
  jar?: string;
}

export type ServerCommandResult =
  | ({ ok: true; warnings: string[] } & ServerCommand)
  | { ok: false; message: string; warnings: string[] };

export interface ServerLookup {
  /** Raw value of the VCR_SERVER_COMMAND environment variable: a JSON array, e.g. ["java","-jar","/x/vcr.jar","lsp"]. */
  envCommand?: string;
  /** The `vcr.server.path` setting: a jar, or an executable launcher. */
  serverPath?: string | null;
  /** Where the jar bundled in the extension lives (`<extension>/server/vcr.jar`). */
  bundledJar: string;
  /** The `vcr.server.jvmArgs` setting. */
  jvmArgs?: unknown;
  /** Lazily finds java; only called when a jar must be run. */
  findJava: () => JavaResult;
  fileExists: (file: string) => boolean;
}

/** Parses VCR_SERVER_COMMAND; throws an Error with a readable message when malformed. */
export function parseCommandOverride(raw: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new Error(`VCR_SERVER_COMMAND is not valid JSON (${(e as Error).message}); expected an array such as ["java","-jar","/path/vcr.jar","lsp"].`);
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every(v => typeof v === 'string') || value[0].length === 0) {
    throw new Error('VCR_SERVER_COMMAND must be a non-empty JSON array of strings, e.g. ["java","-jar","/path/vcr.jar","lsp"].');
  }
  return value as string[];
}

/** Validates `vcr.server.jvmArgs` (must be an array of strings; anything else is ignored with a warning). */
export function normaliseJvmArgs(value: unknown, warnings: string[]): string[] {
  if (value == null) return [];
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value.filter(v => v.trim().length > 0);
  warnings.push('The setting "vcr.server.jvmArgs" must be an array of strings; it is ignored.');
  return [];
}

/** Expands a leading `~` and `${userHome}` / `${workspaceFolder}` in a path setting. */
export function expandPath(p: string, vars: { home?: string; workspaceFolder?: string } = {}): string {
  const home = vars.home ?? os.homedir();
  let out = p.trim();
  if (out === '~') out = home;
  else if (out.startsWith('~/') || out.startsWith('~\\')) out = path.join(home, out.slice(2));
  out = out.replace(/\$\{userHome\}/g, home);
  if (vars.workspaceFolder !== undefined) out = out.replace(/\$\{workspaceFolder\}/g, vars.workspaceFolder);
  return out;
}

/**
 * Decides how to start the server, in this order:
 *  1. VCR_SERVER_COMMAND (JSON array, used verbatim; meant for tests);
 *  2. `vcr.server.path`: a `.jar` is run as `java [jvmArgs] -jar JAR lsp --stdio`, anything else is run as
 *     `PATH lsp --stdio` (a launcher script);
 *  3. the jar bundled with the extension.
 * Failure messages say exactly what is missing and which setting fixes it.
 */
export function resolveServerCommand(o: ServerLookup): ServerCommandResult {
  const warnings: string[] = [];
  if (o.envCommand !== undefined && o.envCommand.trim().length > 0) {
    try {
      const [command, ...args] = parseCommandOverride(o.envCommand);
      return { ok: true, command, args, source: 'VCR_SERVER_COMMAND', warnings };
    } catch (e) {
      return { ok: false, message: (e as Error).message, warnings };
    }
  }

  let jar: string;
  let source: ServerSource;
  const configured = o.serverPath?.trim();
  if (configured) {
    if (!o.fileExists(configured)) {
      return {
        ok: false,
        warnings,
        message: `The setting "vcr.server.path" is "${configured}", but that file does not exist. ` +
          'Point it at vcr.jar (or a vcr launcher), or clear it to use the server bundled with the extension.',
      };
    }
    if (!configured.toLowerCase().endsWith('.jar')) {
      return { ok: true, command: configured, args: [...SERVER_ARGS], source: 'vcr.server.path', warnings };
    }
    jar = configured;
    source = 'vcr.server.path';
  } else {
    if (!o.fileExists(o.bundledJar)) {
      return {
        ok: false,
        warnings,
        message: `The server jar bundled with the extension is missing (${o.bundledJar}). ` +
          'Reinstall the extension, or set "vcr.server.path" to a vcr.jar.',
      };
    }
    jar = o.bundledJar;
    source = 'bundled';
  }

  const java = o.findJava();
  warnings.push(...java.warnings);
  if (!java.ok) return { ok: false, message: java.message, warnings };
  const jvmArgs = normaliseJvmArgs(o.jvmArgs, warnings);
  return {
    ok: true,
    command: java.java,
    args: [...jvmArgs, '-jar', jar, ...SERVER_ARGS],
    source,
    java: java.java,
    jar,
    warnings,
  };
}

/** A shell-like rendering of a command line, for logs and messages. */
export function formatCommand(command: string, args: string[]): string {
  return [command, ...args].map(a => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
