package dev.vcr.kernel.ingest;

import dev.vcr.kernel.index.FileRecord;
import dev.vcr.kernel.index.FileUpdate;
import dev.vcr.kernel.index.GenerationBuilder;
import dev.vcr.kernel.index.Linker;
import dev.vcr.kernel.index.StoreDamagedException;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.lang.HeaderLanguages;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.metrics.Metrics;
import dev.vcr.kernel.query.StoreLinker;
import dev.vcr.kernel.scan.ScanResult;
import dev.vcr.kernel.scan.ScannedFile;
import dev.vcr.kernel.scan.SkippedFile;
import dev.vcr.kernel.scan.WorkspaceScanner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Brings the index in line with the files: scan, find what changed (size and mtime first, then the content
 * hash), parse and extract only changed files on a pool of parser threads (each tree closed as soon as its
 * facts are out), and write. Small change sets go in place, in batches of one WAL transaction each; an
 * empty store or a large change set (a fresh clone, a branch switch) is written as a new generation by
 * bulk load, carrying unchanged files' facts over without reparsing them. The per-file work is
 * {@link FileWork}; its threads, {@link ParserPool}.
 *
 * <p>If the store fails mid-run it is reset and the run starts over once, as a full rebuild.
 */
public final class Indexer {
  private static final Logger LOG = Logger.getLogger(Indexer.class.getName());

  /** Receives progress: files done of total, and a short message. Called from the indexing thread. */
  public interface Progress {
    void report(int done, int total, String message);

    /**
     * As {@link #report(int, int, String)}, with the source bytes of the files done and of all the files
     * to do in this run, for a rate; called while files are being indexed. By default drops the bytes.
     */
    default void report(int done, int total, long bytesDone, long bytesTotal, String message) {
      report(done, total, message);
    }

    Progress NONE = (done, total, message) -> { };
  }

  private final SymbolStore store;
  private final Workspace workspace;
  private final IndexOptions options;
  private final Metrics metrics;

  public Indexer(SymbolStore store, Workspace workspace, IndexOptions options, Metrics metrics) {
    this.store = store;
    this.workspace = workspace;
    this.options = options;
    this.metrics = metrics;
  }

  public IndexSummary run(Progress progress, BooleanSupplier cancelled) throws IOException {
    // A read that failed since the last run (a query met damaged data) only flagged the store; the
    // size/mtime check below would find nothing to re-index, so the damage has to be cleared here.
    if (store.resetIfDamaged()) {
      LOG.warning("index store was found damaged since the last run; rebuilding from scratch");
    }
    try {
      return runOnce(progress, cancelled);
    } catch (StoreDamagedException e) {
      LOG.warning("index store failed during indexing; rebuilding from scratch: " + e.getMessage());
      store.resetIfDamaged();
      return runOnce(progress, cancelled);
    }
  }

  /**
   * A run over files reported changed (saved, or seen by a watcher), without scanning the workspace or
   * reading every record: each path is read, and parsed again if its content changed, as a full run would.
   * It applies only when every path is an indexed file that is still a regular file (not a link) and
   * {@code last}, the previous run's summary, gives the totals to carry; anything else (a file created,
   * deleted or turned into a link, an ignore file or compilation database, a damaged store) is decided by a
   * full run, which this falls back to. The scan time of the last full run is kept: the files not named
   * here were not looked at.
   */
  public IndexSummary runChanged(java.util.Collection<String> paths, IndexSummary last, Progress progress,
      BooleanSupplier cancelled) throws IOException {
    if (last == null || last.cancelled() || paths.isEmpty() || store.resetIfDamaged()) {
      return run(progress, cancelled);
    }
    long t0 = System.nanoTime();
    TreeMap<String, ScannedFile> current = new TreeMap<>();
    TreeMap<String, FileRecord> stored = new TreeMap<>();
    for (String path : new java.util.TreeSet<>(paths)) {
      FileRecord rec = store.file(path);
      if (rec == null && ChangedFiles.notRead(store, workspace, path)) {
        continue; // an editor's backup or probe file, a build output: nothing the index reads
      }
      ScannedFile f = rec == null ? null : ChangedFiles.scanOne(workspace, path);
      if (f == null) {
        return run(progress, cancelled);
      }
      stored.put(path, rec);
      current.put(path, f);
    }
    if (current.isEmpty()) {
      return new IndexSummary(last.scanned(), 0, last.scanned(), 0, List.of(), List.of(), last.definitions(),
          last.references(), last.calls(), store.indexHash(), "changed", (System.nanoTime() - t0) / 1_000_000,
          false, store.recoveryLog(), Map.of());
    }
    List<String> candidates = new ArrayList<>(current.keySet());
    HeaderLanguages headers = new HeaderLanguages();
    if (candidates.stream().anyMatch(p -> p.toLowerCase(java.util.Locale.ROOT).endsWith(".h"))) {
      for (String path : store.paths()) { // a header's language depends on the sources around it
        headers.add(path);
      }
    }
    List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    FileWork work = new FileWork(store, options, metrics, current, stored, skipped, warnings, cancelled, headers);
    Map<String, Long> touched = new TreeMap<>();
    AtomicInteger parsed = new AtomicInteger();
    List<String> deleted = new ArrayList<>();
    boolean wasCancelled = refreshInPlace(work, candidates, deleted, stored, touched, parsed,
        new Rate(progress, current, candidates), cancelled);
    if (!wasCancelled && !touched.isEmpty()) {
      store.touch(touched);
    }
    Totals totals = new Totals(last);
    totals.replace(candidates, stored);
    int gone = 0;
    for (String path : candidates) {
      gone += store.file(path) == null ? 1 : 0;
    }
    metrics.add("index.files_parsed", parsed.get());
    metrics.add("index.runs", 1);
    progress.report(candidates.size(), candidates.size(), "done");
    List<String> sortedSkipped = sorted(skipped);
    Map<String, Long> skipCounts = new TreeMap<>();
    for (String entry : sortedSkipped) {
      String rest = entry.substring(entry.indexOf(": ") + 2); // "path: REASON detail"
      skipCounts.merge(rest.split(" ", 2)[0], 1L, Long::sum);
    }
    return new IndexSummary(last.scanned() - gone, parsed.get(), last.scanned() - candidates.size() + touched.size(),
        gone, sortedSkipped, sorted(warnings), totals.definitions, totals.references, totals.calls,
        store.indexHash(), "changed",
        (System.nanoTime() - t0) / 1_000_000, wasCancelled, store.recoveryLog(), skipCounts);
  }

  /** The index's totals of definitions, references and calls, from records. */
  private final class Totals {
    long definitions;
    long references;
    long calls;

    Totals() {}

    /** Those of an earlier run, to adjust. */
    Totals(IndexSummary last) {
      definitions = last.definitions();
      references = last.references();
      calls = last.calls();
    }

    void add(FileRecord r, int sign) {
      definitions += sign * r.definitions();
      references += sign * r.references();
      calls += sign * r.calls();
    }

    /** Replaces the counts of {@code paths} as they were ({@code before}) by their records now. */
    void replace(java.util.Collection<String> paths, Map<String, FileRecord> before) {
      for (String path : paths) {
        FileRecord was = before.get(path);
        FileRecord now = store.file(path);
        if (was != null) {
          add(was, -1);
        }
        if (now != null) {
          add(now, 1);
        }
      }
    }
  }

  private static List<String> sorted(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    Collections.sort(out);
    return out;
  }

  /** How close to the last scan a file's modification time must be to be compared by content (coarse clocks). */
  static final long RACY_MILLIS = 2000;

  private IndexSummary runOnce(Progress progress, BooleanSupplier cancelled) throws IOException {
    long t0 = System.nanoTime();
    long scanStart = System.currentTimeMillis();
    progress.report(0, 0, "scanning");
    ScanResult scan = new WorkspaceScanner(options.scan()).sniffBinary(false).scan(workspace.roots());
    metrics.add("scan.files", scan.files().size());

    NavigableMap<String, FileRecord> stored = store.files();
    TreeMap<String, ScannedFile> current = new TreeMap<>();
    for (ScannedFile f : scan.files()) {
      current.put(workspace.key(f.rootIndex(), f.path()), f);
    }
    List<String> deleted = new ArrayList<>();
    for (String path : stored.keySet()) {
      if (!current.containsKey(path)) {
        deleted.add(path);
      }
    }
    // A file whose size and modification time match its record is unchanged, unless it was modified so
    // close to the last scan that a later edit may have kept both (a coarse clock tick, as in git's "racy
    // clean" entries): those are compared by content, and count as changed only if their content did.
    long racyFrom = store.scannedAt() - RACY_MILLIS;
    List<String> candidates = new ArrayList<>();
    int racy = 0;
    int resniffed = 0;
    HeaderLanguages headers = new HeaderLanguages();
    for (String path : current.keySet()) {
      headers.add(path);
    }
    for (Map.Entry<String, ScannedFile> e : current.entrySet()) {
      FileRecord r = stored.get(e.getKey());
      ScannedFile f = e.getValue();
      if (r == null || r.size() != f.size() || r.mtimeMillis() != f.mtimeMillis()) {
        candidates.add(e.getKey());
      } else if (f.language() == Language.C && e.getKey().endsWith(".h")
          && headers.cppNear(e.getKey()) != r.language().equals(Language.CPP.id())) {
        // a header whose nearest sources changed language (or one C++ by its content: read again, kept if so)
        candidates.add(e.getKey());
        resniffed++;
      } else if (r.mtimeMillis() >= racyFrom) {
        candidates.add(e.getKey());
        racy++;
      }
    }
    metrics.add("index.racy_files", racy);

    // The project files (compilation database, go.mod, tsconfig.json) are read once per run; when the
    // layout they give differs from the one the index was linked with, every file is linked again (a
    // rebuild, which parses only the changed files).
    String layout = ProjectFiles.load(workspace, scan.projectFiles()).encode();
    boolean newLayout = !layout.equals(store.layout());
    if (newLayout && !stored.isEmpty()) {
      LOG.info("the project files (compilation database, go.mod, tsconfig.json) changed; linking every file again");
    }
    boolean rebuild = stored.isEmpty() && !current.isEmpty() || newLayout
        || candidates.size() - racy - resniffed + deleted.size() > Math.max(256, current.size() / 4);
    List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    warnings.addAll(scan.warnings());
    Map<String, Long> skipCounts = new TreeMap<>();
    for (SkippedFile s : scan.skipped()) {
      skipped.add(workspace.key(s.rootIndex(), s.path()) + ": " + s.reason() + (s.detail() == null ? "" : " " + s.detail()));
      skipCounts.merge(s.reason().name(), 1L, Long::sum);
    }

    FileWork work = new FileWork(store, options, metrics, current, stored, skipped, warnings, cancelled, headers);
    Rate rate = new Rate(progress, current, candidates);
    Map<String, Long> touched = new TreeMap<>();
    AtomicInteger parsed = new AtomicInteger();
    int total = candidates.size();
    boolean wasCancelled;
    if (rebuild) {
      wasCancelled = rebuild(work, current, candidates, touched, parsed, rate, progress, cancelled, layout);
    } else {
      wasCancelled = refreshInPlace(work, candidates, deleted, stored, touched, parsed, rate, cancelled);
      if (!wasCancelled && !touched.isEmpty()) {
        store.touch(touched);
      }
    }
    if (!wasCancelled) {
      store.markScanned(scanStart);
    }

    // The totals: after a rebuild from every record; after a refresh in place from the records read before
    // it, with those of the changed and deleted paths read again (a refresh rewrites no other record's counts).
    Totals totals = new Totals();
    for (FileRecord r : rebuild ? store.files().values() : stored.values()) {
      totals.add(r, 1);
    }
    if (!rebuild) {
      java.util.Set<String> changed = new java.util.TreeSet<>(candidates);
      changed.addAll(deleted);
      totals.replace(changed, stored);
    }
    if (work.binary.get() > 0) {
      skipCounts.merge("BINARY", (long) work.binary.get(), Long::sum);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    metrics.add("index.files_parsed", parsed.get());
    metrics.add("index.runs", 1);
    progress.report(total, total, "done");
    return new IndexSummary(current.size() - work.binary.get(), parsed.get(), current.size() - candidates.size() + touched.size(),
        deleted.size(), sorted(skipped), sorted(warnings), totals.definitions, totals.references, totals.calls,
        store.indexHash(),
        rebuild ? "rebuild" : "incremental", millis, wasCancelled, store.recoveryLog(), skipCounts);
  }

  /**
   * A full build, streamed: every current path in order, parsed if it changed, else carried over from the old
   * generation without parsing, goes into a {@link GenerationBuilder} as soon as it is ready. At most a small
   * window of files is in flight, so memory does not grow with the workspace.
   */
  private boolean rebuild(FileWork work, TreeMap<String, ScannedFile> current, List<String> candidates,
      Map<String, Long> touched, AtomicInteger parsed, Rate rate, Progress progress, BooleanSupplier cancelled,
      String layout) throws IOException {
    java.util.Set<String> changed = new java.util.HashSet<>(candidates);
    List<String> order = new ArrayList<>(current.keySet());
    List<String> added = new ArrayList<>();
    GenerationBuilder builder = store.newGeneration(current.keySet(), options.sortBudgetBytes());
    builder.layout(layout);
    boolean cancelledRun;
    long t0 = System.nanoTime();
    try {
      cancelledRun = ParserPool.run(options.threads(), order, path -> changed.contains(path) ? work.process(path, true)
          : work.carry(path), cancelled, (i, o) -> {
            if (o.update != null) {
              added.add(o.path);
              if (o.parsed) {
                parsed.incrementAndGet();
              } else if (changed.contains(o.path)) {
                touched.put(o.path, o.update.mtimeMillis()); // same content, new modification time
              }
              builder.add(o.update);
            }
            if (changed.contains(o.path)) {
              rate.done(o.path);
            }
          });
      LOG.fine(() -> "rebuild: " + order.size() + " files parsed or carried in " + (System.nanoTime() - t0) / 1_000_000
          + " ms");
      if (!cancelledRun) {
        cancelledRun = link(builder, added, progress, cancelled);
      }
    } catch (IOException | RuntimeException | Error e) {
      store.discard(builder);
      throw e;
    }
    if (cancelledRun) {
      store.discard(builder);
      return true;
    }
    progress.report(candidates.size(), candidates.size(), "writing index");
    long t1 = System.nanoTime();
    store.install(builder); // on failure it deletes the new generation itself; the old one stays live
    LOG.fine(() -> "rebuild: installed in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
    metrics.add("index.sort_runs", builder.runsSpilled());
    return false;
  }

  /**
   * The resolution pass of a full build: once every file's facts and the name tables are written, each
   * file's references are resolved against the new generation, in parallel, and its links stored in order.
   */
  private boolean link(GenerationBuilder builder, List<String> paths, Progress progress, BooleanSupplier cancelled)
      throws IOException {
    long t0 = System.nanoTime();
    progress.report(0, paths.size(), "linking");
    Linker.FileLinker linker = StoreLinker.INSTANCE.over(builder.startLinking());
    long t1 = System.nanoTime();
    LOG.fine(() -> "rebuild: name tables merged in " + (t1 - t0) / 1_000_000 + " ms");
    boolean stopped = ParserPool.run(options.threads(), paths, linker::link, cancelled, (i, links) -> {
      if (links != null) {
        builder.link(paths.get(i), links);
      }
      if ((i & 255) == 255) {
        progress.report(i + 1, paths.size(), "linking");
      }
    });
    metrics.add("index.link_millis", (System.nanoTime() - t0) / 1_000_000);
    LOG.fine(() -> "rebuild: " + paths.size() + " files linked in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
    return stopped;
  }

  /** An incremental run: changed files parsed in order and written in place, in transactions of a batch each. */
  private boolean refreshInPlace(FileWork work, List<String> candidates, List<String> deleted,
      NavigableMap<String, FileRecord> stored, Map<String, Long> touched, AtomicInteger parsed, Rate rate,
      BooleanSupplier cancelled) throws IOException {
    List<FileUpdate> batch = new ArrayList<>();
    List<String> batchDeletes = new ArrayList<>(deleted);
    boolean cancelledRun = ParserPool.run(options.threads(), candidates, path -> work.process(path, false), cancelled, (i, o) -> {
      if (o.update != null) {
        parsed.incrementAndGet();
        batch.add(o.update);
      } else if (o.touchedMtime >= 0) {
        touched.put(o.path, o.touchedMtime);
      } else if (stored.containsKey(o.path)) {
        batchDeletes.add(o.path); // became unreadable: its old facts must not stay
      }
      if (batch.size() >= options.batchFiles() || batchDeletes.size() >= options.batchFiles()) {
        store.apply(batch, batchDeletes, StoreLinker.INSTANCE);
        batch.clear();
        batchDeletes.clear();
      }
      rate.done(o.path);
    });
    if (!batch.isEmpty() || !batchDeletes.isEmpty()) {
      store.apply(batch, batchDeletes, StoreLinker.INSTANCE);
    }
    return cancelledRun;
  }

  /** Progress over the candidate files of a run: files and source bytes done, reported every 32 files. */
  private static final class Rate {
    final Progress progress;
    final TreeMap<String, ScannedFile> current;
    final int total;
    final long bytesTotal;
    int done;
    long bytesDone;

    Rate(Progress progress, TreeMap<String, ScannedFile> current, List<String> candidates) {
      this.progress = progress;
      this.current = current;
      this.total = candidates.size();
      long bytes = 0;
      for (String path : candidates) {
        bytes += current.get(path).size();
      }
      this.bytesTotal = bytes;
    }

    void done(String path) {
      done++;
      bytesDone += current.get(path).size();
      if ((done & 31) == 1 || done == total) {
        progress.report(done, total, bytesDone, bytesTotal, "indexing");
      }
    }
  }
}
