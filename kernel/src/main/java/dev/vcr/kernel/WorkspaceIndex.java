package dev.vcr.kernel;

import dev.vcr.kernel.index.FileRecord;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.metrics.Distribution;
import dev.vcr.kernel.metrics.Metrics;
import dev.vcr.kernel.metrics.ProcessStats;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.OverlaySource;
import dev.vcr.kernel.query.StoreSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The kernel's entry point for one workspace: its persistent store, the indexer that keeps the store in
 * line with the files, and navigators over the store (optionally shadowed by a session's overlay).
 *
 * <p>Thread-safe. Indexing runs are serialised; queries run concurrently with them and see whole batches.
 */
public final class WorkspaceIndex implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkspaceIndex.class.getName());
  private final Workspace workspace;
  private final SymbolStore store;
  private final IndexOptions options;
  private final Metrics metrics = new Metrics();
  private final StoreSource storeSource;
  private volatile IndexSummary lastSummary;

  private WorkspaceIndex(Workspace workspace, SymbolStore store, IndexOptions options) {
    this.workspace = workspace;
    this.store = store;
    this.options = options;
    this.storeSource = new StoreSource(store);
  }

  /** Opens the index of a workspace; {@code indexDir} null means the per-user default location. */
  public static WorkspaceIndex open(Workspace workspace, Path indexDir, IndexOptions options)
      throws IndexLockedException, IOException {
    Path dir = indexDir != null ? indexDir : workspace.defaultIndexDir();
    WorkspaceIndex index = new WorkspaceIndex(workspace, SymbolStore.open(dir), options);
    recordRoots(dir, workspace);
    return index;
  }

  /**
   * The file of an index directory that names the workspace it indexes (its roots, one absolute path a
   * line), so that a command given only the directory can tell whose index it is.
   */
  public static final String ROOTS_FILE = "WORKSPACE";

  /** The roots an index directory records ({@link #ROOTS_FILE}), or empty when it records none. */
  public static Optional<List<Path>> recordedRoots(Path indexDir) throws IOException {
    Path f = indexDir.resolve(ROOTS_FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    List<Path> roots = new ArrayList<>();
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (!line.isEmpty()) {
        roots.add(Path.of(line));
      }
    }
    return roots.isEmpty() ? Optional.empty() : Optional.of(roots);
  }

  /** Writes {@link #ROOTS_FILE} when it differs; an index directory that cannot be written keeps serving. */
  private static void recordRoots(Path dir, Workspace workspace) {
    StringBuilder text = new StringBuilder();
    for (Path root : workspace.roots()) {
      String r = root.toAbsolutePath().toString();
      if (r.indexOf('\n') >= 0) {
        return; // cannot be recorded one root a line
      }
      text.append(r).append('\n');
    }
    Path f = dir.resolve(ROOTS_FILE);
    try {
      if (Files.isRegularFile(f)
          && Files.readString(f, StandardCharsets.UTF_8).contentEquals(text)) {
        return;
      }
      Path tmp = dir.resolve(ROOTS_FILE + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      LOG.fine(() -> "could not record the workspace of " + dir + ": " + e);
    }
  }

  public Workspace workspace() {
    return workspace;
  }

  public SymbolStore store() {
    return store;
  }

  public Metrics metrics() {
    return metrics;
  }

  public IndexOptions options() {
    return options;
  }

  /** Brings the index in line with the files on disk. */
  public synchronized IndexSummary refresh(Indexer.Progress progress, BooleanSupplier cancelled) throws IOException {
    lastSummary = null; // a run that fails part-way may have changed the store: its totals are not known
    IndexSummary s = new Indexer(store, workspace, options, metrics).run(progress, cancelled);
    lastSummary = s;
    return s;
  }

  /**
   * Brings the index in line with files known to have changed ({@code paths}, index keys), without a scan
   * when they are indexed files that are still there; else as {@link #refresh} (see {@link Indexer#runChanged}).
   */
  public synchronized IndexSummary refreshChanged(java.util.Collection<String> paths, Indexer.Progress progress,
      BooleanSupplier cancelled) throws IOException {
    IndexSummary last = lastSummary;
    lastSummary = null; // as in refresh: no totals to carry from a run that failed part-way
    IndexSummary s = new Indexer(store, workspace, options, metrics).runChanged(paths, last, progress, cancelled);
    lastSummary = s;
    return s;
  }

  /**
   * Makes the index another process built for this workspace in {@code otherDir} this index's content
   * ({@link dev.vcr.kernel.index.SymbolStore#adopt}); a {@link #refresh} then brings it in line with the files.
   */
  public synchronized void adopt(Path otherDir) throws IOException {
    lastSummary = null;
    store.adopt(otherDir);
  }

  /** Brings the workspace-symbol name table up to the index's content (see {@link StoreSource#prepareNameTable}). */
  public void prepareNames() {
    storeSource.prepareNameTable();
  }

  /** Whether the name table matches the index's content (for tests). */
  public boolean namesCurrent() {
    return storeSource.nameTableCurrent();
  }

  public IndexSummary lastSummary() {
    return lastSummary;
  }

  /** A navigator over the shared index. Cheap; make one per request. */
  public Navigator navigator() {
    return new Navigator(storeSource);
  }

  /** A navigator over the shared index shadowed by a session's open documents. */
  public Navigator navigator(SortedMap<String, FileFacts> overlay) {
    return overlay.isEmpty() ? navigator() : new Navigator(new OverlaySource(storeSource, overlay));
  }

  /**
   * The code-graph queries over the shared index shadowed by a session's open documents (null entries hide
   * a file). {@code openText} gives an open document's current text (null: read the file on disk);
   * {@code check} is called between steps and throws to cancel. Make one per request.
   */
  public dev.vcr.kernel.graph.CodeGraph graph(SortedMap<String, FileFacts> overlay,
      java.util.function.Function<String, byte[]> openText, Runnable check) {
    dev.vcr.kernel.query.SymbolSource source = overlay.isEmpty() ? storeSource : new OverlaySource(storeSource, overlay);
    java.util.function.Supplier<java.util.SortedSet<String>> paths = () -> {
      java.util.TreeSet<String> all = new java.util.TreeSet<>(store.files().keySet());
      overlay.forEach((path, facts) -> {
        if (facts == null) {
          all.remove(path);
        } else {
          all.add(path);
        }
      });
      return all;
    };
    java.util.function.Function<String, byte[]> text = path -> {
      byte[] open = openText == null ? null : openText.apply(path);
      if (open != null) {
        return open;
      }
      try {
        Path file = workspace.resolve(path).orElse(null);
        return file == null || !Files.isRegularFile(file) ? null : Files.readAllBytes(file);
      } catch (IOException e) {
        return null;
      }
    };
    return new dev.vcr.kernel.graph.CodeGraph(source, store, paths, text, check,
        commits -> dev.vcr.kernel.graph.GitHistory.read(workspace.roots(), workspace::key, commits,
            dev.vcr.kernel.graph.GitHistory.TIMEOUT));
  }

  /** The code-graph queries over the shared index alone. */
  public dev.vcr.kernel.graph.CodeGraph graph() {
    return graph(new TreeMap<>(), null, null);
  }

  /** Index statistics, in a stable order, for {@code vcr stats} and the editor's statistics command. */
  public Map<String, Object> stats() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("roots", workspace.roots().stream().map(Path::toString).toList());
    out.put("indexDir", store.directory().toString());
    out.put("schema", SymbolStore.SCHEMA);
    out.put("indexHash", store.indexHash());
    Map<String, Long> languages = new TreeMap<>();
    long defs = 0;
    long refs = 0;
    long calls = 0;
    long bytes = 0;
    int files = 0;
    for (FileRecord r : store.files().values()) {
      files++;
      languages.merge(r.language(), 1L, Long::sum);
      defs += r.definitions();
      refs += r.references();
      calls += r.calls();
      bytes += r.size();
    }
    out.put("files", files);
    out.put("sourceBytes", bytes);
    out.put("definitions", defs);
    out.put("references", refs);
    out.put("calls", calls);
    out.put("filesByLanguage", languages);
    out.put("indexBytesOnDisk", store.sizeOnDisk());
    out.put("projectLayout", layoutStats(dev.vcr.kernel.resolve.ProjectLayout.decode(store.layout())));
    out.put("heapUsedBytes", ProcessStats.heapUsedBytes());
    out.put("rssBytes", ProcessStats.rssBytes());
    out.put("peakRssBytes", ProcessStats.peakRssBytes());
    out.put("counters", metrics.counters());
    Distribution parse = metrics.distribution("index.parse_micros");
    if (parse.count() > 0) {
      Map<String, Long> p = new LinkedHashMap<>();
      p.put("p50", parse.percentile(50));
      p.put("p95", parse.percentile(95));
      p.put("p99", parse.percentile(99));
      out.put("parseMicros", p);
    }
    out.put("recovery", store.recoveryLog());
    return out;
  }

  /**
   * What the project files told the index (for troubleshooting an import that does not resolve): the Go
   * modules, the TypeScript projects with their baseUrl and paths, the npm packages, and how many files the
   * compilation database gives include directories.
   */
  private static Map<String, Object> layoutStats(dev.vcr.kernel.resolve.ProjectLayout layout) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("goModules", layout.goModules());
    Map<String, Object> ts = new TreeMap<>();
    layout.tsConfigs().forEach((folder, c) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("baseUrl", c.baseUrl());
      Map<String, List<String>> paths = new LinkedHashMap<>();
      c.paths().forEach(m -> paths.put(m.pattern(), m.targets()));
      one.put("paths", paths);
      ts.put(folder, one);
    });
    out.put("typescriptProjects", ts);
    Map<String, String> packages = new TreeMap<>();
    layout.packages().forEach((name, p) -> packages.put(name, p.folder()));
    out.put("npmPackages", packages);
    out.put("filesWithIncludeDirectories", layout.includes().fileCount());
    return out;
  }

  @Override
  public void close() {
    store.close();
  }
}
