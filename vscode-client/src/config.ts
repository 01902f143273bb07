// Settings → server options. Pure logic: no 'vscode' import.

/** VS Code language ids the extension serves, with the Vcr language each maps to. */
export const LANGUAGE_IDS: Readonly<Record<string, string>> = {
  java: 'java',
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  go: 'go',
  rust: 'rust',
  c: 'c',
  cpp: 'cpp',
  csharp: 'csharp',
  ruby: 'ruby',
  php: 'php',
};

export const ALL_LANGUAGE_IDS: readonly string[] = Object.keys(LANGUAGE_IDS);

/** Settings that need a server restart when they change. */
export const RESTART_SETTINGS = [
  'vcr.server.path',
  'vcr.java.home',
  'vcr.server.jvmArgs',
  'vcr.index.location',
  'vcr.languages',
  'vcr.maxFileBytes',
];

/** What the server reads from `initializationOptions`. */
export interface InitializationOptions {
  indexDir: string | null;
  languages: string[] | null;
  maxFileBytes: number | null;
}

export interface RawSettings {
  indexLocation?: unknown;
  languages?: unknown;
  maxFileBytes?: unknown;
}

/**
 * Enabled VS Code language ids from `vcr.languages` (null/undefined: all). Unknown ids are dropped with a
 * warning; an empty list means "none".
 */
export function enabledLanguageIds(setting: unknown, warnings: string[] = []): string[] {
  if (setting == null) return [...ALL_LANGUAGE_IDS];
  if (!Array.isArray(setting)) {
    warnings.push('The setting "vcr.languages" must be an array of language ids; using all languages.');
    return [...ALL_LANGUAGE_IDS];
  }
  const out: string[] = [];
  for (const v of setting) {
    if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(LANGUAGE_IDS, v)) {
      if (!out.includes(v)) out.push(v);
    } else {
      warnings.push(`"vcr.languages" contains ${JSON.stringify(v)}, which Vcr does not support; it is ignored.`);
    }
  }
  return out;
}

/** Vcr language names for the enabled VS Code ids, de-duplicated, in a stable order. */
export function serverLanguages(languageIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of languageIds) {
    const lang = LANGUAGE_IDS[id];
    if (lang !== undefined && !out.includes(lang)) out.push(lang);
  }
  return out;
}

/**
 * Builds `initializationOptions`. `languages` is null when every language is enabled (the server's
 * default), so the server stays free to index languages added later.
 */
export function initializationOptions(s: RawSettings, expand: (p: string) => string, warnings: string[] = []): InitializationOptions {
  let indexDir: string | null = null;
  if (typeof s.indexLocation === 'string' && s.indexLocation.trim().length > 0) indexDir = expand(s.indexLocation);

  const ids = enabledLanguageIds(s.languages, warnings);
  const languages = s.languages == null || !Array.isArray(s.languages) ? null : serverLanguages(ids);

  let maxFileBytes: number | null = null;
  if (s.maxFileBytes != null) {
    if (typeof s.maxFileBytes === 'number' && Number.isFinite(s.maxFileBytes) && s.maxFileBytes > 0) {
      maxFileBytes = Math.floor(s.maxFileBytes);
    } else {
      warnings.push('The setting "vcr.maxFileBytes" must be a positive number; the server default is used.');
    }
  }
  return { indexDir, languages, maxFileBytes };
}

/** File-watcher glob for the enabled languages (sent to the server as didChangeWatchedFiles). */
export function watchGlob(languageIds: readonly string[]): string | undefined {
  const ext: Record<string, string[]> = {
    java: ['java'],
    python: ['py', 'pyi'],
    javascript: ['js', 'mjs', 'cjs'],
    javascriptreact: ['jsx'],
    typescript: ['ts', 'mts', 'cts'],
    typescriptreact: ['tsx'],
    go: ['go'],
    rust: ['rs'],
    c: ['c', 'h'],
    cpp: ['cc', 'cpp', 'cxx', 'c++', 'hh', 'hpp', 'hxx', 'h++', 'h'],
    csharp: ['cs'],
    ruby: ['rb'],
    php: ['php'],
  };
  const all: string[] = [];
  for (const id of languageIds) for (const e of ext[id] ?? []) if (!all.includes(e)) all.push(e);
  if (all.length === 0) return undefined;
  return all.length === 1 ? `**/*.${all[0]}` : `**/*.{${all.join(',')}}`;
}
