package dev.vcr.kernel.ingest;

import dev.vcr.kernel.resolve.ProjectLayout;
import dev.vcr.kernel.resolve.ProjectLayout.NpmPackage;
import dev.vcr.kernel.resolve.ProjectLayout.PathMapping;
import dev.vcr.kernel.resolve.ProjectLayout.TsConfig;
import dev.vcr.kernel.scan.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Reads the project files of a workspace into its {@link ProjectLayout}: the compilation database
 * ({@link CompileCommands}), each {@code go.mod} the scan found (its {@code module} line) and each
 * {@code tsconfig.json} or {@code jsconfig.json} (a folder with both takes the first): its
 * {@code compilerOptions.baseUrl} and {@code paths}, through {@code extends} chains of relative paths as
 * the TypeScript compiler merges them (a child's option replaces its base's; {@code baseUrl} is relative to
 * the file that sets it; {@code paths} targets are relative to {@code baseUrl} when one is set, else to the
 * file that sets {@code paths}); a file that sets neither but references projects beside it takes the first
 * of theirs. A file that cannot be read or parsed counts as absent, with a warning;
 * targets outside the workspace are dropped (only workspace files are indexed). Each {@code package.json}
 * with a {@code name} is a package of the workspace, with its entry file: the first of {@code exports}
 * (its {@code "."}, by the conditions {@code types}, {@code import}, {@code module}, {@code default},
 * {@code require}), {@code types}, {@code typings}, {@code module} and {@code main} that is inside the
 * workspace; two packages of one name keep the first in path order.
 */
public final class ProjectFiles {
  private static final Logger LOG = Logger.getLogger(ProjectFiles.class.getName());
  /** How many {@code extends} steps are followed (a cycle stops there too). */
  private static final int MAX_EXTENDS = 8;

  private ProjectFiles() {}

  /**
   * Whether a change to the file at an index key can change the layout: a project file the scan lists
   * ({@link ScanResult#isProjectFile}), the compilation database, a file the stored
   * layout was read from ({@link ProjectLayout#readFiles}: a configuration a project extends), or one that
   * could become that ({@code tsconfig*.json}, {@code jsconfig*.json}); not those of dependencies.
   */
  static boolean decidesLayout(String key, ProjectLayout stored) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    boolean dependency = ("/" + key).contains("/node_modules/");
    return ScanResult.isProjectFile(key) && !dependency || name.equals(CompileCommands.FILE)
        || stored.readFiles().contains(key)
        || name.endsWith(".json") && (name.startsWith("tsconfig") || name.startsWith("jsconfig")) && !dependency;
  }

  /** The layout of a workspace whose scan found {@code projectFiles} (absolute paths, in scan order). */
  public static ProjectLayout load(Workspace ws, List<Path> projectFiles) {
    Map<String, String> go = new TreeMap<>();
    Map<String, TsConfig> ts = new TreeMap<>();
    Map<String, NpmPackage> npm = new TreeMap<>();
    Set<String> read = new TreeSet<>();
    for (Path file : projectFiles) {
      Optional<String> dir = folderKey(ws, file.getParent());
      if (dir.isEmpty()) {
        continue;
      }
      String name = file.getFileName().toString();
      if (name.equals("go.mod") && ("/" + dir.get() + "/").contains("/testdata/")) {
        continue; // the go tool ignores testdata folders: a module there is a test's input
      }
      try {
        if (name.equals("go.mod")) {
          String module = goModule(Files.readString(file, StandardCharsets.UTF_8));
          if (module != null) {
            go.put(dir.get(), module);
          }
        } else if (name.equals("package.json")) {
          npmPackage(ws, file, dir.get(), npm);
        } else if (!ts.containsKey(dir.get()) || !name.startsWith("jsconfig")) {
          ts.put(dir.get(), tsConfig(ws, file, 0, read));
        }
      } catch (IOException | RuntimeException e) {
        LOG.warning("ignoring the project file " + file + ": " + e.getMessage());
      }
    }
    return ProjectLayout.of(CompileCommands.load(ws), go, ts, npm, read);
  }

  /** The module path a {@code go.mod} declares, or null. */
  static String goModule(String text) {
    for (String line : text.replace("\uFEFF", "").split("\n")) {
      String l = line;
      int comment = l.indexOf("//");
      if (comment >= 0) {
        l = l.substring(0, comment);
      }
      l = l.strip();
      if (l.startsWith("module") && l.length() > 6 && Character.isWhitespace(l.charAt(6))) {
        String m = l.substring(6).strip();
        if (!m.isEmpty() && (m.charAt(0) == '"' || m.charAt(0) == '`')) {
          if (m.length() < 2 || m.charAt(m.length() - 1) != m.charAt(0)) {
            return null; // an unbalanced quote
          }
          m = m.substring(1, m.length() - 1);
        }
        return m.isEmpty() ? null : m;
      }
    }
    return null;
  }

  /** Adds the package a {@code package.json} declares, if it has a name not taken yet. */
  private static void npmPackage(Workspace ws, Path file, String folder, Map<String, NpmPackage> out) throws IOException {
    Object parsed = new Json(Files.readString(file, StandardCharsets.UTF_8)).value();
    if (!(parsed instanceof Map<?, ?> manifest) || !(manifest.get("name") instanceof String name) || name.isBlank()
        || out.containsKey(name)) {
      return;
    }
    String entry = null;
    for (Object e : new Object[] {exportedEntry(manifest.get("exports"), 0), manifest.get("types"),
        manifest.get("typings"), manifest.get("module"), manifest.get("main")}) {
      if (entry == null && e instanceof String s && !s.isBlank()) {
        entry = folderKey(ws, file.getParent().resolve(s).normalize()).orElse(null);
      }
    }
    out.put(name, new NpmPackage(folder, entry));
  }

  /** The file an {@code exports} value gives for the package itself, or null. */
  private static Object exportedEntry(Object exports, int depth) {
    if (depth > 4 || exports == null) {
      return null;
    }
    if (exports instanceof String) {
      return exports;
    }
    if (exports instanceof List<?> list) {
      return list.isEmpty() ? null : exportedEntry(list.get(0), depth + 1);
    }
    if (exports instanceof Map<?, ?> map) {
      if (map.containsKey(".")) {
        return exportedEntry(map.get("."), depth + 1);
      }
      for (String condition : List.of("types", "import", "module", "default", "require")) {
        Object v = exportedEntry(map.get(condition), depth + 1);
        if (v != null) {
          return v;
        }
      }
    }
    return null;
  }

  /**
   * A project file's options, merged through its {@code extends} chain (a base that cannot be read ends
   * the chain, keeping what the nearer files set); the other files it read go into {@code read}. A "solution"
   * file that sets neither option but lists project references beside it ({@code tsconfig.json} referencing
   * {@code ./tsconfig.app.json}, as Vite's and Angular's templates do) takes the options of the first of
   * those that sets one.
   */
  private static TsConfig tsConfig(Workspace ws, Path file, int depth, Set<String> read) throws IOException {
    Path baseUrl = null;
    boolean baseUrlSet = false;
    Map<?, ?> paths = null;
    boolean pathsSet = false;
    Path pathsFrom = null;
    Path at = file;
    List<Path> seen = new ArrayList<>();
    Object references = null;
    // From the file to its farthest base: the first (nearest) file that sets an option decides it, also
    // when it sets it to null (which unsets what a base sets).
    while (at != null && seen.size() < MAX_EXTENDS && !seen.contains(at.normalize())) {
      seen.add(at.normalize());
      Object parsed;
      try {
        parsed = new Json(Files.readString(at, StandardCharsets.UTF_8)).value();
        if (!(parsed instanceof Map<?, ?>)) {
          throw new IllegalArgumentException("not a JSON object");
        }
      } catch (IOException | RuntimeException e) {
        if (at.equals(file)) {
          throw e;
        }
        LOG.warning("ignoring " + at + ", which " + file + " extends: " + e.getMessage());
        break;
      }
      Map<?, ?> config = (Map<?, ?>) parsed;
      if (!at.equals(file)) {
        folderKey(ws, at).ifPresent(read::add);
      }
      if (config.get("compilerOptions") instanceof Map<?, ?> options) {
        if (!baseUrlSet && options.containsKey("baseUrl")) {
          baseUrlSet = true;
          baseUrl = options.get("baseUrl") instanceof String b ? at.getParent().resolve(b).normalize() : null;
        }
        if (!pathsSet && options.containsKey("paths")) {
          pathsSet = true;
          paths = options.get("paths") instanceof Map<?, ?> p ? p : null;
          pathsFrom = at.getParent();
        }
      }
      if (at.equals(file)) {
        references = config.get("references");
      }
      at = extended(at, config.get("extends"));
    }
    if (baseUrl == null && paths == null && references instanceof List<?> refs && depth < 2) {
      for (Object r : refs) {
        Path ref = r instanceof Map<?, ?> m && m.get("path") instanceof String rp
            ? file.getParent().resolve(rp).normalize() : null;
        if (ref != null && Files.isDirectory(ref)) {
          ref = ref.resolve("tsconfig.json");
        }
        if (ref != null && !ref.equals(file) && file.getParent().equals(ref.getParent()) && Files.isRegularFile(ref)) {
          folderKey(ws, ref).ifPresent(read::add);
          TsConfig referenced;
          try {
            referenced = tsConfig(ws, ref, depth + 1, read);
          } catch (IOException | RuntimeException e) {
            LOG.warning("ignoring " + ref + ", which " + file + " references: " + e.getMessage());
            continue;
          }
          if (referenced.baseUrl() != null || !referenced.paths().isEmpty()) {
            return referenced;
          }
        }
      }
    }
    String baseKey = baseUrl == null ? null : folderKey(ws, baseUrl).orElse(null);
    List<PathMapping> mappings = new ArrayList<>();
    if (paths != null) {
      Path from = baseUrl != null ? baseUrl : pathsFrom;
      for (Map.Entry<?, ?> e : paths.entrySet()) {
        if (!(e.getKey() instanceof String pattern) || !(e.getValue() instanceof List<?> targets)) {
          continue;
        }
        List<String> keys = new ArrayList<>();
        for (Object t : targets) {
          if (t instanceof String target) {
            folderKey(ws, from.resolve(target).normalize()).ifPresent(keys::add);
          }
        }
        mappings.add(new PathMapping(pattern, keys));
      }
    }
    return new TsConfig(baseKey, mappings);
  }

  /**
   * The file an {@code extends} value names when it is a path (relative or absolute; ".json" added when
   * missing); null for none or a package's configuration (outside the workspace: not read). An array
   * (TypeScript 5) extends its last entry first; only the last is followed here.
   */
  private static Path extended(Path from, Object value) {
    if (value instanceof List<?> list && !list.isEmpty()) {
      value = list.get(list.size() - 1);
    }
    if (!(value instanceof String s) || !(s.startsWith("./") || s.startsWith("../") || s.startsWith("/"))) {
      return null;
    }
    Path p = from.getParent().resolve(s).normalize();
    if (!Files.isRegularFile(p) && !s.endsWith(".json")) {
      p = from.getParent().resolve(s + ".json").normalize();
    }
    return Files.isRegularFile(p) ? p : null;
  }

  /** The index key of a folder (or file) in the workspace; a root itself is "" (one root) or its prefix. */
  static Optional<String> folderKey(Workspace ws, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    for (int i = 0; i < ws.roots().size(); i++) {
      if (abs.equals(ws.roots().get(i))) {
        String k = ws.key(i, "");
        return Optional.of(k.endsWith("/") ? k.substring(0, k.length() - 1) : k);
      }
    }
    return ws.keyOf(abs);
  }
}
