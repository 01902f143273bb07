package dev.vcr.kernel.resolve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a workspace's project files say about how its sources name each other, beyond the sources
 * themselves: the C include directories of a compilation database ({@link IncludePaths}), the Go modules
 * ({@code go.mod}: a folder and its module path), the TypeScript/JavaScript projects ({@code tsconfig.json}
 * or {@code jsconfig.json}: a folder, its {@code baseUrl} and its {@code paths}) and the workspace's npm
 * packages ({@code package.json} outside {@code node_modules}: a name, a folder and an entry file, which a
 * monorepo's packages import each other by). Folders and files are index keys ("" for the root of a
 * one-root workspace).
 *
 * <p>It is part of the index: stored, as {@link #encode()}, in the index's meta data and read back by every
 * view of it ({@code IndexReader.layout()}), so the link pass, in-place updates and queries all resolve with
 * the same layout; the indexer reads the project files at each full run and links every file again when the
 * layout differs. Immutable.
 */
public final class ProjectLayout {
  /**
   * A TypeScript project's module options: {@code baseUrl} as a folder key (null when not set) and its
   * {@code paths}, in the order written, with their targets already made keys (each may hold one '*').
   */
  public record TsConfig(String baseUrl, List<PathMapping> paths) {
    public TsConfig {
      paths = List.copyOf(paths);
    }
  }

  /** One {@code paths} entry: a pattern (at most one '*') and the keys it maps to, tried in order. */
  public record PathMapping(String pattern, List<String> targets) {
    public PathMapping {
      targets = List.copyOf(targets);
    }
  }

  /**
   * Where a non-relative module specifier may be in the workspace, by a project's options: the candidate
   * keys (without extension probing), and whether a {@code paths} pattern matched (then a target that is
   * not found leaves the specifier unknown; a {@code baseUrl} candidate that is not found is a package).
   */
  public record Mapped(List<String> candidates, boolean byPattern) {}

  /** A package of the workspace: its folder and its entry file (null when its manifest names none). */
  public record NpmPackage(String folder, String entry) {}

  public static final ProjectLayout NONE =
      new ProjectLayout(IncludePaths.NONE, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeSet<>());

  private final IncludePaths includes;
  private final SortedMap<String, String> goModules;
  private final SortedMap<String, TsConfig> tsConfigs;
  private final SortedMap<String, NpmPackage> packages;
  private final SortedSet<String> readFiles;

  private ProjectLayout(IncludePaths includes, SortedMap<String, String> goModules, SortedMap<String, TsConfig> tsConfigs,
      SortedMap<String, NpmPackage> packages, SortedSet<String> readFiles) {
    this.includes = includes;
    this.goModules = goModules;
    this.tsConfigs = tsConfigs;
    this.packages = packages;
    this.readFiles = readFiles;
  }

  /**
   * A layout from its parts: include directories, Go module folders to module paths, project folders to
   * their TypeScript options, and npm package names to their packages.
   */
  public static ProjectLayout of(IncludePaths includes, Map<String, String> goModules, Map<String, TsConfig> tsConfigs,
      Map<String, NpmPackage> packages) {
    return of(includes, goModules, tsConfigs, packages, Set.of());
  }

  /** A layout, and the files besides the scanned project files it was read from (the configurations projects extend). */
  public static ProjectLayout of(IncludePaths includes, Map<String, String> goModules, Map<String, TsConfig> tsConfigs,
      Map<String, NpmPackage> packages, Set<String> readFiles) {
    if (includes.isEmpty() && goModules.isEmpty() && tsConfigs.isEmpty() && packages.isEmpty() && readFiles.isEmpty()) {
      return NONE;
    }
    return new ProjectLayout(includes, new TreeMap<>(goModules), new TreeMap<>(tsConfigs), new TreeMap<>(packages),
        new TreeSet<>(readFiles));
  }

  /** A layout without npm packages. */
  public static ProjectLayout of(IncludePaths includes, Map<String, String> goModules, Map<String, TsConfig> tsConfigs) {
    return of(includes, goModules, tsConfigs, Map.of());
  }

  public IncludePaths includes() {
    return includes;
  }

  public SortedMap<String, String> goModules() {
    return Collections.unmodifiableSortedMap(goModules);
  }

  public SortedMap<String, TsConfig> tsConfigs() {
    return Collections.unmodifiableSortedMap(tsConfigs);
  }

  public SortedMap<String, NpmPackage> packages() {
    return Collections.unmodifiableSortedMap(packages);
  }

  /** The keys of the files read besides the scanned project files (configurations that projects extend). */
  public SortedSet<String> readFiles() {
    return Collections.unmodifiableSortedSet(readFiles);
  }

  // ------------------------------------------------------------------------------------------ Go

  /**
   * The folder key of the package an import path names by the workspace's modules: that of the module
   * whose path is the longest prefix of it at a segment boundary ({@code example.com/shop/price} in module
   * {@code example.com/shop} at folder {@code svc} is {@code svc/price}); null when no module of the
   * workspace claims the path (the standard library, a dependency).
   */
  public String goPackageFolder(String importPath) {
    String bestDir = null;
    String bestModule = null;
    for (Map.Entry<String, String> m : goModules.entrySet()) {
      String module = m.getValue();
      boolean claims = importPath.equals(module) || importPath.startsWith(module + "/");
      if (claims && (bestModule == null || module.length() > bestModule.length())) {
        bestModule = module;
        bestDir = m.getKey();
      }
    }
    if (bestModule == null) {
      return null;
    }
    String rest = importPath.substring(bestModule.length());
    rest = rest.startsWith("/") ? rest.substring(1) : rest;
    return bestDir.isEmpty() ? rest : rest.isEmpty() ? bestDir : bestDir + "/" + rest;
  }

  // ------------------------------------------------------------------------------------------ TypeScript

  /** The project options that govern a file: those of the nearest folder above it with a project file, or null. */
  public TsConfig tsConfigOf(String fileKey) {
    if (tsConfigs.isEmpty()) {
      return null;
    }
    String dir = fileKey;
    while (true) {
      int slash = dir.lastIndexOf('/');
      dir = slash < 0 ? "" : dir.substring(0, slash);
      TsConfig c = tsConfigs.get(dir);
      if (c != null) {
        return c;
      }
      if (dir.isEmpty()) {
        return null;
      }
    }
  }

  /**
   * Where a non-relative specifier imported by a file may be, by the file's project: the targets of the
   * {@code paths} pattern that matches it (an exact pattern first, else the one with the longest prefix
   * before its '*'), else the specifier under {@code baseUrl}; null when neither applies.
   */
  public Mapped mapSpecifier(String fileKey, String spec) {
    TsConfig c = tsConfigOf(fileKey);
    if (c == null) {
      return null;
    }
    PathMapping best = null;
    String star = null;
    for (PathMapping m : c.paths()) {
      String p = m.pattern();
      int s = p.indexOf('*');
      if (s < 0) {
        if (p.equals(spec)) {
          best = m;
          star = null; // an exact pattern wins over any '*' one
          break;
        }
      } else if (spec.length() >= p.length() - 1 && spec.startsWith(p.substring(0, s))
          && spec.endsWith(p.substring(s + 1)) && (best == null || s > best.pattern().indexOf('*'))) {
        best = m;
        star = spec.substring(s, spec.length() - (p.length() - s - 1));
      }
    }
    if (best != null) {
      List<String> out = new ArrayList<>();
      for (String t : best.targets()) {
        int at = t.indexOf('*');
        out.add(star == null || at < 0 ? t : t.substring(0, at) + star + t.substring(at + 1));
      }
      return new Mapped(out, true);
    }
    if (c.baseUrl() != null) {
      return new Mapped(List.of(c.baseUrl().isEmpty() ? spec : c.baseUrl() + "/" + spec), false);
    }
    return null;
  }

  /**
   * Where a bare specifier may be when it names a package of the workspace ({@code @acme/ui},
   * {@code @acme/ui/theme}), as a package manager's workspace links them: for the package itself, its entry
   * file, then (an entry not in the workspace is usually a build output) {@code src/index} and
   * {@code index} in its folder; for a path inside it, that path, then under {@code src/}. Null when no
   * workspace package has the name (the longest name that is the specifier or its prefix at a '/').
   */
  public Mapped mapPackage(String spec) {
    if (packages.isEmpty()) {
      return null;
    }
    String name = null;
    for (String n = spec; ; n = n.substring(0, n.lastIndexOf('/'))) {
      if (packages.containsKey(n)) {
        name = n;
        break;
      }
      if (n.lastIndexOf('/') <= 0) {
        break;
      }
    }
    if (name == null) {
      return null;
    }
    NpmPackage p = packages.get(name);
    String base = p.folder().isEmpty() ? "" : p.folder() + "/";
    List<String> out = new ArrayList<>();
    if (name.length() >= spec.length() - 1) { // the package itself ("@acme/ui", "@acme/ui/")
      if (p.entry() != null) {
        out.add(p.entry());
      }
      out.add(base + "src/index");
      out.add(base + "index");
    } else {
      String rest = spec.substring(name.length() + 1);
      out.add(base + rest);
      out.add(base + "src/" + rest);
    }
    return new Mapped(out, true);
  }

  // ------------------------------------------------------------------------------------------ storage

  /**
   * A deterministic text form: the include directories' ({@link IncludePaths#encode}), then a line per Go
   * module, per project with its mappings, per npm package, and per file read besides the project files.
   * "" when empty, so an index made before project files were read compares equal to one without any.
   */
  public String encode() {
    String e = encoded;
    if (e == null) {
      StringBuilder b = new StringBuilder(includes.encode());
      for (Map.Entry<String, String> m : goModules.entrySet()) {
        b.append('G').append(m.getKey()).append('\t').append(m.getValue()).append('\n');
      }
      for (Map.Entry<String, TsConfig> t : tsConfigs.entrySet()) {
        String base = t.getValue().baseUrl();
        b.append('T').append(t.getKey()).append('\t').append(base == null ? "" : "=" + base).append('\n');
        for (PathMapping m : t.getValue().paths()) {
          b.append('P').append(m.pattern());
          for (String target : m.targets()) {
            b.append('\t').append(target);
          }
          b.append('\n');
        }
      }
      for (Map.Entry<String, NpmPackage> n : packages.entrySet()) {
        NpmPackage p = n.getValue();
        b.append('N').append(n.getKey()).append('\t').append(p.folder()).append('\t')
            .append(p.entry() == null ? "" : "=" + p.entry()).append('\n');
      }
      for (String f : readFiles) {
        b.append('X').append(f).append('\n');
      }
      e = b.toString();
      encoded = e;
    }
    return e;
  }

  private volatile String encoded;

  private static volatile Object[] lastDecoded = {"", NONE};

  /** Reads {@link #encode()}'s form (the last answer is remembered: every view of one index decodes the same text). */
  public static ProjectLayout decode(String text) {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    Object[] last = lastDecoded;
    if (text.equals(last[0])) {
      return (ProjectLayout) last[1];
    }
    StringBuilder includeLines = new StringBuilder();
    SortedMap<String, String> go = new TreeMap<>();
    SortedMap<String, TsConfig> ts = new TreeMap<>();
    SortedMap<String, NpmPackage> npm = new TreeMap<>();
    SortedSet<String> read = new TreeSet<>();
    String project = null;
    String base = null;
    List<PathMapping> mappings = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      switch (line.charAt(0)) {
        case 'G' -> {
          int tab = line.indexOf('\t');
          go.put(line.substring(1, tab), line.substring(tab + 1));
        }
        case 'T' -> {
          if (project != null) {
            ts.put(project, new TsConfig(base, mappings));
          }
          int tab = line.indexOf('\t');
          project = line.substring(1, tab);
          String b = line.substring(tab + 1);
          base = b.isEmpty() ? null : b.substring(1);
          mappings = new ArrayList<>();
        }
        case 'N' -> {
          String[] parts = line.substring(1).split("\t", -1);
          npm.put(parts[0], new NpmPackage(parts[1], parts[2].isEmpty() ? null : parts[2].substring(1)));
        }
        case 'X' -> read.add(line.substring(1));
        case 'P' -> {
          String[] parts = line.substring(1).split("\t", -1);
          mappings.add(new PathMapping(parts[0], List.of(parts).subList(1, parts.length)));
        }
        default -> includeLines.append(line).append('\n');
      }
    }
    if (project != null) {
      ts.put(project, new TsConfig(base, mappings));
    }
    ProjectLayout out = new ProjectLayout(IncludePaths.decode(includeLines.toString()), go, ts, npm, read);
    lastDecoded = new Object[] {text, out};
    return out;
  }
}
