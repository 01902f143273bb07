// Finding a Java runtime for the server. Pure logic: no 'vscode' import, so it is unit-testable in plain Node.
import * as path from 'path';

/** The server needs at least this Java feature release. */
export const MIN_JAVA_MAJOR = 17;

export type JavaSource = 'vcr.java.home' | 'JAVA_HOME' | 'PATH';

export type JavaResult =
  | { ok: true; java: string; source: JavaSource; warnings: string[] }
  | { ok: false; message: string; warnings: string[] };

export interface JavaLookup {
  /** Value of the `vcr.java.home` setting (null/empty: unset). */
  javaHome?: string | null;
  /** Environment to read JAVA_HOME and PATH from. */
  env: Record<string, string | undefined>;
  /** Target platform (process.platform); decides `java.exe` and path syntax. */
  platform: string;
  /** Is this an existing, runnable file? */
  isExecutable: (file: string) => boolean;
}

function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function javaExe(platform: string): string {
  return platform === 'win32' ? 'java.exe' : 'java';
}

/** `<home>/bin/java` for a JDK/JRE home directory. */
export function javaInHome(home: string, platform: string): string {
  return pathApi(platform).join(home, 'bin', javaExe(platform));
}

function envValue(env: Record<string, string | undefined>, name: string, platform: string): string | undefined {
  if (platform !== 'win32') return env[name];
  // Windows environment names are case-insensitive (Path vs PATH).
  const key = Object.keys(env).find(k => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/**
 * Finds `java`: the `vcr.java.home` setting first, then `JAVA_HOME`, then `PATH`.
 * An explicit but wrong `vcr.java.home` is an error (no silent fallback); a wrong `JAVA_HOME`
 * only produces a warning and the search goes on.
 */
export function findJava(o: JavaLookup): JavaResult {
  const warnings: string[] = [];
  const setting = o.javaHome?.trim();
  if (setting) {
    const java = javaInHome(setting, o.platform);
    if (o.isExecutable(java)) return { ok: true, java, source: 'vcr.java.home', warnings };
    return {
      ok: false,
      warnings,
      message: `The setting "vcr.java.home" is "${setting}", but ${java} does not exist or is not executable. ` +
        `Point it at a Java ${MIN_JAVA_MAJOR}+ home directory (the one that contains bin/${javaExe(o.platform)}).`,
    };
  }
  const javaHomeEnv = envValue(o.env, 'JAVA_HOME', o.platform)?.trim();
  if (javaHomeEnv) {
    const java = javaInHome(javaHomeEnv, o.platform);
    if (o.isExecutable(java)) return { ok: true, java, source: 'JAVA_HOME', warnings };
    warnings.push(`JAVA_HOME is "${javaHomeEnv}", but ${java} does not exist; searching PATH instead.`);
  }
  const p = pathApi(o.platform);
  const dirs = (envValue(o.env, 'PATH', o.platform) ?? '').split(p.delimiter).filter(d => d.length > 0);
  for (const dir of dirs) {
    const java = p.join(dir, javaExe(o.platform));
    if (o.isExecutable(java)) return { ok: true, java, source: 'PATH', warnings };
  }
  return {
    ok: false,
    warnings,
    message: `Java was not found. Vcr's server needs Java ${MIN_JAVA_MAJOR} or newer: set "vcr.java.home" ` +
      `to a JDK/JRE home, or set JAVA_HOME, or put java on PATH.`,
  };
}

/**
 * Feature release from `java -version` output (printed on stderr), e.g. `openjdk version "17.0.15"` → 17,
 * `java version "1.8.0_292"` → 8, `openjdk version "21" 2023-09-19` → 21. Undefined when unrecognised.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  if (first === 1 && m[2] !== undefined) return Number(m[2]);
  return first;
}
