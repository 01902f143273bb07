package dev.vcr.kernel.index;

import static dev.vcr.kernel.index.Seal.seal;
import static dev.vcr.kernel.index.Seal.unseal;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.FileFacts;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mapdb.BTreeMap;

/**
 * The persistent symbol index of one workspace, on MapDB. It is a derived cache: the files are the truth,
 * and any doubt about the store is answered by rebuilding it.
 *
 * <p>Layout of the index directory ({@link IndexDir}): {@code lock} (held by the owning process for its
 * lifetime, so a second process gets {@link IndexLockedException} instead of corrupting anything),
 * {@code CURRENT} (the name of the live generation, replaced atomically) and {@code gen-NNNNNN/index.db}.
 * What a generation holds is described in {@link Generation}: each file's facts once, in a compact block,
 * and two name tables of posting lists. A full build streams a new generation ({@link GenerationBuilder})
 * and then swaps {@code CURRENT}; a crash before the swap leaves the old generation live and the new one is
 * deleted on the next open. Small changes are applied in place as one WAL transaction per batch.
 *
 * <p>On open the store must pass: MapDB opens it, the schema matches, a write and commit succeed (a crash
 * can leave a store that reads but cannot write), and the index hash recomputed from the file records
 * equals the one committed with them. Any failure, and any exception from a later read or write, deletes
 * the generation and leaves an empty one; the caller re-indexes. What happened is logged and kept in
 * {@link #recoveryLog()}. Resource exhaustion is not damage ({@link StoreFaults#resourceProblem}): an
 * {@link Error} (out of memory) is thrown as it is, a full disk or read-only directory as
 * {@link StoreUnavailableException}; a write either interrupted is rolled back and the index kept. An index
 * directory that cannot be written is opened read-only ({@link #readOnlyReason()}).
 *
 * <p>Thread-safety: reads take a shared lock, writes an exclusive one, so readers never see half a batch.
 */
public final class SymbolStore implements IndexReader, AutoCloseable {
  /**
   * Bumped whenever the layout, the facts encoding, the extractor's Java code or what the resolvers link
   * changes; an index of another version is rebuilt (10: issue 12's Python and TypeScript rules; 11: links
   * blocks inverted, one section per target; 12: facts blocks with reference checkpoints; 13: library
   * members' uses linked to external ids, with type-name dependency ids; 14: Go's typing rules and inherit
   * references kept on definition names, which a build of the Go branch alone also called 13; 15: the C
   * resolver's query captures, which a build of the C branch alone also called 13; 16: C's lone macro
   * lines in struct bodies blanked before parsing; 17: links blocks end with the file's graph summary,
   * which a build of the graph branch alone called 16; 18: Rust imports from nested use lists carry their
   * whole module path, and the C#, Rust, PHP and Ruby module rules; 19: the uses and decls tables keyed by
   * long ids, which a build of that branch alone called 18; 20: a C or C++ file's includes are in the
   * reference names as {@code #file.h}, so that in-place updates find a header's includers; 21: a call's
   * argument text kept for Java only, and facts blocks stored LZ4-compressed, which a build of that branch
   * alone called 20; 22: the index hash sums a term per file, kept as files are written; 23: graph
   * summaries stored column by column and LZ4-compressed, links sections without their number of links; 24:
   * facts blocks with definition checkpoints and the imports behind their length, facts format 4).
   */
  public static final int SCHEMA_VERSION = 24;
  /** The schema an index is made with: the layout version and the extraction queries' digest. */
  public static final String SCHEMA = SCHEMA_VERSION + "/" + dev.vcr.kernel.extract.QuerySet.digest();
  /** Default memory for the name sorts of a full build. */
  public static final long DEFAULT_SORT_BUDGET = 48L << 20;
  /** How many sorted runs a merge pass reads at once. */
  public static final int SORT_FAN_IN = SortedRuns.FAN_IN;

  private static final Logger LOG = Logger.getLogger(SymbolStore.class.getName());

  private final IndexDir dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final List<String> recoveryLog = new ArrayList<>();
  private Generation gen;
  private volatile Throwable damagedCause;
  /** Set by {@link #close()}; every read and write checks it first, under the lock (not a sign of damage). */
  private volatile boolean closed;
  /**
   * Why the store cannot write (a read-only directory, a full disk that also failed a rollback), or null.
   * A read-only store answers reads from the index as it is and refuses writes with
   * {@link StoreUnavailableException}; nothing is ever deleted because of it.
   */
  private volatile String readOnlyReason;

  private SymbolStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = new IndexDir(dir);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (or creates) the index in {@code dir}, repairing it if it is damaged. */
  public static SymbolStore open(Path dir) throws IndexLockedException, IOException {
    FileChannel channel;
    try {
      StoreFaults.check(StoreFaults.Point.OPEN, dir);
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      String problem = StoreFaults.resourceProblem(e);
      if (problem == null || !Files.isRegularFile(dir.resolve("CURRENT"))) {
        throw e;
      }
      // An index we may not write (read-only directory, full disk): serve it as it is, read-only.
      return openReadOnly(dir, problem, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IndexLockedException(dir);
    }
    SymbolStore store = new SymbolStore(dir, channel, lock);
    try {
      store.openCurrent();
    } catch (RuntimeException | IOException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * Opens an existing index without writing anything (no lock file, no write test, no repair): for an
   * index directory Vcr may not write. Any doubt about it throws {@link StoreUnavailableException}; nothing
   * is deleted.
   */
  static SymbolStore openReadOnly(Path dir, String reason, Throwable cause) throws IOException {
    SymbolStore store = new SymbolStore(dir, null, null);
    store.readOnlyReason = reason;
    String current = store.dir.readCurrent();
    Path file = current == null ? null : store.dir.generation(current).resolve("index.db");
    if (file == null || !Files.isRegularFile(file)) {
      throw new StoreUnavailableException(reason, "the index in " + dir + " cannot be read without writing", cause);
    }
    try {
      Generation g = Generation.openReadOnly(current, file);
      try {
        String schema = Generation.metaString(g.meta, "schema");
        String stored = Generation.metaString(g.meta, "hash");
        if (!SCHEMA.equals(schema) || !Generation.computeHash(g.files, g.meta).equals(stored)) {
          throw new StoreUnavailableException(reason, "the index in " + dir
              + " is of another version or does not check out, and cannot be rebuilt there", cause);
        }
        g.hash = stored;
        store.gen = g;
      } catch (RuntimeException e) {
        Generation.closeQuietly(g.db);
        throw e;
      }
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(reason, "the index in " + dir + " cannot be read without writing", e);
    }
    LOG.warning("index " + dir + " is open read-only (" + reason + "): it answers as it is and is not updated");
    return store;
  }

  public Path directory() {
    return dir.path();
  }

  /** Why this store cannot be written (it answers reads as it is), or null when it can. */
  public String readOnlyReason() {
    return readOnlyReason;
  }

  /** Messages about damage found and repaired since open, oldest first. */
  public List<String> recoveryLog() {
    synchronized (recoveryLog) {
      return List.copyOf(recoveryLog);
    }
  }

  private void recovered(String message, Throwable cause) {
    LOG.log(Level.WARNING, message, cause);
    synchronized (recoveryLog) {
      recoveryLog.add(message + (cause == null ? "" : ": " + cause));
    }
  }

  // ------------------------------------------------------------------------------------------ open / repair

  private void openCurrent() throws IOException {
    String current = dir.readCurrent();
    if (current == null && !dir.generationNames().isEmpty()) {
      // Generations exist but none is named live: CURRENT was deleted or damaged, so the index is lost.
      recovered("the index's CURRENT file is missing or unreadable; its generations " + dir.generationNames()
          + " were deleted and the workspace will be re-indexed", null);
    }
    if (current != null) {
      try {
        gen = openGeneration(current, true);
      } catch (StoreUnavailableException e) {
        throw e; // not damage: keep everything
      } catch (RuntimeException e) {
        recovered("index generation " + current + " is damaged; it was deleted and the workspace will be re-indexed", e);
        dir.deleteGeneration(current);
        gen = null;
      }
    }
    if (readOnlyReason != null) {
      return; // the live generation is open read-only: delete nothing, build nothing
    }
    for (String n : dir.generationNames()) {
      if (!n.equals(current) || gen == null) {
        if (current != null && gen != null) {
          // The live generation is fine; this one was left by a build or a swap that did not finish.
          recovered("deleted unfinished index generation " + n + " (left by an interrupted run)", null);
        }
        dir.deleteGeneration(n);
      }
    }
    if (gen == null) {
      gen = build(newGeneration(List.of()));
    }
  }

  /**
   * Opens and checks a generation. {@code live}: it is the index being opened, so a write test that fails
   * for want of a resource (disk full, read-only) opens it read-only instead; for a new generation that
   * fails the install.
   */
  private Generation openGeneration(String name, boolean live) {
    Path file = dir.generation(name).resolve("index.db");
    if (!Files.exists(file)) {
      throw new StoreDamagedException("generation file missing: " + file, null);
    }
    Generation g;
    try {
      g = Generation.open(name, file);
    } catch (OutOfMemoryError e) {
      throw damagedUnlessHeapFull(e, name);
    } catch (RuntimeException e) {
      String problem = StoreFaults.resourceProblem(e);
      if (problem == null) {
        throw e;
      }
      if (!live) {
        throw new StoreUnavailableException(problem, "opening the new index generation " + name + " failed", e);
      }
      g = readOnlyAfter(name, file, problem, e);
    }
    try {
      String schema = Generation.metaString(g.meta, "schema");
      if (!SCHEMA.equals(schema)) {
        throw new StoreDamagedException("made by another version of Vcr (schema " + schema + ", expected " + SCHEMA
            + ")", null);
      }
      if (readOnlyReason == null) {
        // Exercise a write: a crash can leave a store that reads fine but throws on the next commit.
        try {
          Generation.putMeta(g.meta, "opens", Generation.metaInt(g.meta, "opens", 0) + 1);
          StoreFaults.checkUnchecked(StoreFaults.Point.COMMIT, dir.path());
          g.db.commit();
        } catch (RuntimeException e) {
          String problem = StoreFaults.resourceProblem(e);
          if (problem == null) {
            throw e;
          }
          if (!live) {
            throw new StoreUnavailableException(problem, "writing the new index generation " + name + " failed", e);
          }
          Generation.closeQuietly(g.db);
          g = readOnlyAfter(name, file, problem, e);
        }
      }
      String stored = Generation.metaString(g.meta, "hash");
      java.math.BigInteger sum = Generation.termSum(g.files);
      String actual = Generation.hashOf(sum, g.meta);
      if (!actual.equals(stored)) {
        throw new StoreDamagedException("index hash " + actual + " disagrees with the committed " + stored, null);
      }
      g.hash = stored;
      g.checkedTermSum(sum);
      return g;
    } catch (RuntimeException | Error e) {
      Generation.closeQuietly(g.db);
      if (readOnlyReason != null && !(e instanceof StoreUnavailableException)) {
        // Read-only, we cannot repair: say so rather than delete.
        throw new StoreUnavailableException(readOnlyReason, "the index generation " + name
            + " cannot be checked without writing", e);
      }
      if (e instanceof OutOfMemoryError oom) {
        throw damagedUnlessHeapFull(oom, name);
      }
      throw e;
    }
  }

  /** An out-of-memory error met reading a generation: damage when it was an absurd length, else itself. */
  private static RuntimeException damagedUnlessHeapFull(OutOfMemoryError e, String name) {
    if (StoreFaults.absurdAllocation(e)) {
      return new StoreDamagedException("reading index generation " + name + " asked for an impossible amount of "
          + "memory (" + e.getMessage() + ") with most of the heap free: a damaged length", null); // not a cause
      // that StoreFaults.resourceProblem would take for exhaustion
    }
    throw e;
  }

  /** Reopens a live generation read-only after a write failed for want of a resource; never deletes it. */
  private Generation readOnlyAfter(String name, Path file, String problem, Throwable cause) {
    readOnlyReason = problem;
    LOG.log(Level.WARNING, "index " + dir.path() + " cannot be written (" + problem + "); serving it read-only", cause);
    try {
      return Generation.openReadOnly(name, file);
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(problem, "the index generation " + name + " cannot be opened read-only", e);
    }
  }

  // ------------------------------------------------------------------------------------------ full builds

  /**
   * Starts a new generation that will hold some of {@code paths} (in any order; the builder sorts them).
   * Add files in ascending path order, then {@link #install}. The builder's name sorts use
   * {@link #DEFAULT_SORT_BUDGET} bytes of memory; see {@link #newGeneration(Collection, long)}.
   */
  public GenerationBuilder newGeneration(Collection<String> paths) throws IOException {
    return newGeneration(paths, DEFAULT_SORT_BUDGET);
  }

  public GenerationBuilder newGeneration(Collection<String> paths, long sortBudgetBytes) throws IOException {
    String name = dir.nextGenerationName();
    Set<String> sorted = paths instanceof java.util.SortedSet<String> s && s.comparator() == null ? s
        : new TreeSet<>(paths);
    return new GenerationBuilder(name, dir.generation(name), sorted, sortBudgetBytes);
  }

  /**
   * Finishes a builder and makes its generation the live index (commit, atomic swap of CURRENT, reopen with
   * the write-ahead log), then deletes the previous generation. On failure the new generation is deleted and
   * the old one stays live.
   */
  public void install(GenerationBuilder builder) throws IOException {
    makeLive(build(builder));
  }

  /**
   * Makes the live generation of another, closed index directory this store's live index: a build that
   * another process made for the same workspace ({@link dev.vcr.kernel.ingest.ChildBuild}). Its generation
   * folder is moved in under a new name and checked as a new generation of this store's own is, then named
   * in CURRENT; the previous generation is deleted. On failure nothing of this store changes (the moved
   * folder is deleted).
   */
  public void adopt(Path otherDir) throws IOException {
    if (readOnlyReason != null) {
      throw new StoreUnavailableException(readOnlyReason, "cannot adopt another index generation", null);
    }
    IndexDir other = new IndexDir(otherDir);
    String theirs = other.readCurrent();
    if (theirs == null) {
      throw new IOException("no index generation named live in " + otherDir);
    }
    String name = dir.nextGenerationName();
    Files.move(other.generation(theirs), dir.generation(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Generation adopted = null;
    try {
      adopted = openGeneration(name, false);
      dir.writeCurrent(name);
    } catch (IOException | RuntimeException | Error e) {
      if (adopted != null) {
        Generation.closeQuietly(adopted.db);
      }
      dir.deleteGeneration(name);
      throw e;
    }
    makeLive(adopted);
  }

  /** Swaps {@code built} (already named in CURRENT) in as the live generation and deletes the previous one. */
  private void makeLive(Generation built) {
    rw.writeLock().lock();
    try {
      if (closed) {
        Generation.closeQuietly(built.db);
        throw new StoreClosedException(dir.path());
      }
      Generation old = gen;
      gen = built;
      journal.clear();
      damagedCause = null;
      if (old != null) {
        Generation.closeQuietly(old.db);
        dir.deleteGeneration(old.name);
      }
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Abandons a builder and deletes what it wrote. */
  public void discard(GenerationBuilder builder) {
    try {
      builder.close(); // a mapped build's close can fault again on a full disk (an InternalError)
    } finally {
      dir.deleteGeneration(builder.name());
    }
  }

  private Generation build(GenerationBuilder builder) throws IOException {
    if (readOnlyReason != null) {
      discard(builder);
      throw new StoreUnavailableException(readOnlyReason, "cannot install a new index generation", null);
    }
    Generation built = null;
    try {
      builder.finish(SCHEMA);
      // Checked before CURRENT names it: if anything fails (a full disk included), CURRENT still names
      // the old generation, on disk as in memory, and nothing has to be put back.
      built = openGeneration(builder.name(), false);
      dir.writeCurrent(builder.name());
      return built;
    } catch (IOException | RuntimeException | Error e) {
      if (built != null) {
        Generation.closeQuietly(built.db);
      }
      discard(builder);
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------ reads

  private <T> T read(Supplier<T> body) {
    rw.readLock().lock();
    try {
      checkOpen();
      return body.get();
    } catch (StoreClosedException | StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      String problem = StoreFaults.resourceProblem(e);
      if (problem != null) {
        throw new StoreUnavailableException(problem, "index read failed", e);
      }
      throw damaged("read failed", e);
    } finally {
      rw.readLock().unlock();
    }
  }

  @Override
  public String indexHash() {
    return read(() -> gen.hash);
  }

  @Override
  public String layout() {
    return read(() -> Generation.metaString(gen.meta, Generation.LAYOUT));
  }

  public int fileCount() {
    return read(() -> gen.files.size());
  }

  /** All indexed paths with their records, in path order. */
  public NavigableMap<String, FileRecord> files() {
    return read(() -> {
      TreeMap<String, FileRecord> out = new TreeMap<>();
      for (Map.Entry<String, byte[]> e : gen.files.entrySet()) {
        out.put(e.getKey(), FileRecord.decode(unseal(e.getKey(), e.getValue())));
      }
      return out;
    });
  }

  /** Every indexed path, in order (the keys of the files table; no record is decoded). */
  public List<String> paths() {
    return read(() -> gen.view().paths());
  }

  /** Whether some indexed path starts with {@code prefix} (a folder's, ending in '/'). */
  public boolean holdsPathsUnder(String prefix) {
    return read(() -> {
      String next = gen.files.ceilingKey(prefix);
      return next != null && next.startsWith(prefix);
    });
  }

  @Override
  public FileRecord file(String path) {
    return read(() -> gen.view().file(path));
  }

  /** The facts of an indexed file, or null. */
  public FileFacts facts(String path) {
    byte[] blob = encodedFacts(path);
    return blob == null ? null : FactsCodec.decode(blob);
  }

  @Override
  public byte[] encodedFacts(String path) {
    return read(() -> gen.view().encodedFacts(path));
  }

  /** Read under one read lock: a batch's record and facts are written and committed under the write lock. */
  @Override
  public DigestedFacts digestedFacts(String path) {
    return read(() -> gen.view().digestedFacts(path));
  }

  @Override
  public List<String> filesDefining(String name) {
    return read(() -> gen.view().filesDefining(name));
  }

  @Override
  public List<DefEntry> definitionEntries(String name) {
    return read(() -> gen.view().definitionEntries(name));
  }

  @Override
  public List<String> filesReferencing(String name) {
    return read(() -> gen.view().filesReferencing(name));
  }

  @Override
  public Links links(String path) {
    return read(() -> gen.view().links(path));
  }

  @Override
  public GraphSummary graphSummary(String path) {
    return read(() -> gen.view().graphSummary(path));
  }

  /** The caller's consumer failed (a cancelled request, say): not a failure of the store. */
  private static final class CallerFailure extends RuntimeException {
    CallerFailure(RuntimeException cause) {
      super(cause);
    }
  }

  /** Summaries walked under one hold of the read lock: a refresh waits for no more than these. */
  static int summariesPerRead = 2048; // a test makes slices small

  /**
   * The walk of {@link GenerationView#forEachGraphSummary}, in slices under the read lock: a whole-graph
   * query over Linux must not hold off a refresh (and every request queued behind its write lock) for
   * seconds. A refresh between slices is seen by the later ones, as it is by reads path by path.
   */
  @Override
  public void forEachGraphSummary(java.util.function.BiConsumer<String, GraphSummary> each) {
    java.util.function.BiConsumer<String, GraphSummary> guarded = (path, summary) -> {
      try {
        each.accept(path, summary);
      } catch (RuntimeException e) {
        throw new CallerFailure(e);
      }
    };
    for (int from = Integer.MIN_VALUE; from != Integer.MAX_VALUE; ) {
      int start = from;
      Object next = read(() -> {
        try {
          return gen.view().graphSummariesFrom(start, summariesPerRead, guarded);
        } catch (CallerFailure f) {
          return f;
        }
      });
      if (next instanceof CallerFailure f) {
        throw (RuntimeException) f.getCause();
      }
      from = (Integer) next;
    }
  }

  @Override
  public List<String> filesUsing(long id) {
    return read(() -> gen.view().filesUsing(id));
  }

  @Override
  public byte[] linksBlock(String path) {
    return read(() -> gen.view().linksBlock(path));
  }

  @Override
  public int fileCountUsing(long id) {
    return read(() -> gen.view().fileCountUsing(id));
  }

  @Override
  public List<String> filesDeclaring(long id) {
    return read(() -> gen.view().filesDeclaring(id));
  }

  /** Non-local definitions with exactly this name, ordered by path then position. Uncached. */
  public List<DefHit> definitions(String name) {
    List<DefHit> out = new ArrayList<>();
    for (String path : filesDefining(name)) {
      FileFacts f = facts(path);
      if (f != null) {
        Hits.definitionsIn(path, f, name, out);
      }
    }
    return out;
  }

  /** References with exactly this name, ordered by path then position. Uncached. */
  public List<RefHit> references(String name) {
    List<RefHit> out = new ArrayList<>();
    for (String path : filesReferencing(name)) {
      FileFacts f = facts(path);
      if (f != null) {
        Hits.referencesIn(path, f, name, out);
      }
    }
    return out;
  }

  /** Call references made directly inside a definition (its outgoing call sites), in source order. */
  public List<RefHit> callsFrom(String path, int callerOrdinal) {
    List<RefHit> out = new ArrayList<>();
    FileFacts f = facts(path);
    if (f != null) {
      Hits.callsFrom(path, f, callerOrdinal, out);
    }
    return out;
  }

  @Override
  public void forEachDefinitionName(Consumer<String> sink) {
    read(() -> {
      gen.view().forEachDefinitionName(sink);
      return null;
    });
  }

  /** Size of the live generation's files on disk, in bytes, or -1 when it cannot be read. */
  public long sizeOnDisk() {
    rw.readLock().lock();
    try {
      checkOpen();
      return dir.size(gen.name);
    } catch (IOException e) {
      return -1;
    } finally {
      rw.readLock().unlock();
    }
  }

  // ------------------------------------------------------------------------------------------ in-place writes

  /**
   * Applies updates and deletions in place as one transaction, and brings the links up to date: the changed
   * files are linked again, and so is every file that spells a name whose declarations changed shape
   * ({@link InterfaceDelta}); other files keep their links. On a failure of the store it is damaged: it is
   * replaced by an empty generation and {@link StoreDamagedException} is thrown; the caller re-indexes.
   */
  public void apply(List<FileUpdate> updates, List<String> deletions, Linker linker) {
    write("writing " + updates.size() + " updates", () -> {
      String from = gen.hash;
      nameDelta = new NameDelta();
      int nextId = Generation.metaInt(gen.meta, "nextFileId", 1);
      GenerationView view = gen.view();
      java.util.TreeMap<String, FileFacts> before = new java.util.TreeMap<>();
      java.util.TreeMap<String, FileFacts> after = new java.util.TreeMap<>();
      for (String path : deletions) {
        FileRecord old = gen.record(path);
        if (old != null) {
          FileFacts oldFacts = storedFacts(old.fileId());
          before.put(path, oldFacts);
          after.put(path, null);
          replaceLinks(old.fileId(), null, null);
          replaceInIds(gen.decls, old.fileId(), GenerationBuilder.declaredIds(path, oldFacts), Set.of());
          gen.removeFile(path);
          replaceNames(path, old.fileId(), oldFacts, null);
          gen.removeFacts(old.fileId());
          gen.fileIds.remove(old.fileId());
          gen.paths.remove(old.fileId());
        }
      }
      for (FileUpdate u : updates) {
        FileRecord old = gen.record(u.path());
        int fileId = old != null ? old.fileId() : nextId++;
        FileFacts oldFacts = old != null ? storedFacts(fileId) : null;
        before.put(u.path(), oldFacts);
        after.put(u.path(), u.facts());
        replaceNames(u.path(), fileId, oldFacts, u.facts());
        replaceInIds(gen.decls, fileId, oldFacts == null ? Set.of() : GenerationBuilder.declaredIds(u.path(), oldFacts),
            GenerationBuilder.declaredIds(u.path(), u.facts()));
        gen.putFile(u.path(), FileRecord.of(fileId, u, u.facts()));
        gen.fileIds.put(fileId, seal(fileId, u.path().getBytes(StandardCharsets.UTF_8)));
        gen.paths.remove(fileId);
        gen.putFacts(fileId, u.encoded());
      }
      relink(view, before, after, linker);
      Generation.putMeta(gen.meta, "nextFileId", nextId);
      String hash = gen.currentHash();
      Generation.putMeta(gen.meta, "hash", hash);
      StoreFaults.checkUnchecked(StoreFaults.Point.COMMIT, dir.path());
      gen.db.commit();
      gen.hash = hash;
      journal.record(from, hash, nameDelta.names, nameDelta.nameSetChanged,
          java.util.Arrays.copyOf(nameDelta.useIds, nameDelta.useIdCount));
    });
  }

  /** The definition names an {@link #apply} in progress touched (written under the write lock). */
  private static final class NameDelta {
    final Set<String> names = new TreeSet<>();
    boolean nameSetChanged;
    /** The targets, before and after, of every links block rewritten (their uses may have changed). */
    long[] useIds = new long[64];
    int useIdCount;

    void usesChanged(long id) {
      if (useIdCount == useIds.length) {
        useIds = java.util.Arrays.copyOf(useIds, useIds.length * 2);
      }
      useIds[useIdCount++] = id;
    }
  }

  private NameDelta nameDelta = new NameDelta();
  private final ChangeJournal journal = new ChangeJournal();

  @Override
  public DefinitionChanges definitionChanges(String fromHash, String toHash) {
    return journal.between(fromHash, toHash);
  }

  /** How many files the last {@link #apply} linked again (the changed ones and those they affect). */
  public int lastRelinked() {
    return lastRelinked;
  }

  private volatile int lastRelinked;

  /**
   * Links again the changed files, the files that spell a name whose declarations changed shape, and in the
   * C family the files that include a file whose includes changed or that appeared or went ({@link IncludeDelta}).
   */
  private void relink(GenerationView view, java.util.SortedMap<String, FileFacts> before,
      java.util.SortedMap<String, FileFacts> after, Linker linker) {
    Set<String> affected = new TreeSet<>();
    TreeSet<String> paths = new TreeSet<>();
    IncludeDelta includes = new IncludeDelta(view);
    for (Map.Entry<String, FileFacts> e : after.entrySet()) {
      affected.addAll(InterfaceDelta.affectedNames(e.getKey(), before.get(e.getKey()), e.getValue(), view));
      includes.addIncluders(e.getKey(), before.get(e.getKey()), e.getValue(), paths);
    }
    for (Map.Entry<String, FileFacts> e : after.entrySet()) {
      if (e.getValue() != null) {
        paths.add(e.getKey());
      }
    }
    for (String name : affected) {
      paths.addAll(view.filesReferencing(name));
      paths.addAll(view.filesUsing(SymbolIds.typeDependencyId(name)));
    }
    try (Linker.FileLinker fl = linker.overChanged(view)) {
      for (String path : paths) {
        FileRecord rec = gen.record(path);
        if (rec == null) {
          continue;
        }
        Links links = fl.link(path);
        byte[] block = links == null ? null : links.encode();
        replaceLinks(rec.fileId(), links, block);
        gen.putFile(path, rec.withLinks(block));
      }
    }
    lastRelinked = paths.size();
  }

  /**
   * Replaces a file's links block ({@code links} encoded as {@code block}) and its entries in the uses
   * table (either side may be absent).
   */
  private void replaceLinks(int fileId, Links links, byte[] block) {
    byte[] old = gen.links.get(fileId);
    Set<String> was = new TreeSet<>();
    if (old != null) {
      for (long id : Links.decode(unseal(fileId, old)).targets()) {
        was.add(SymbolIds.key(id));
        nameDelta.usesChanged(id);
      }
    }
    Set<String> now = new TreeSet<>();
    if (links != null) {
      for (long id : links.targets()) {
        now.add(SymbolIds.key(id));
        nameDelta.usesChanged(id);
      }
      gen.putLinks(fileId, block);
    } else {
      gen.removeLinks(fileId);
    }
    replaceInIds(gen.uses, fileId, was, now);
    for (String k : was) {
      gen.cache.uses.invalidate(SymbolIds.tableKey(k));
    }
    for (String k : now) {
      gen.cache.uses.invalidate(SymbolIds.tableKey(k));
    }
  }

  /** Records that files are unchanged but have a new modification time (no facts change, no hash change). */
  /**
   * The wall-clock time at which the last completed indexing run began its scan, or 0 when unknown (a new
   * generation, or a crash before it was recorded): files modified since then may have changed again within
   * the same clock tick, so the next run compares their content (see {@code Indexer}).
   */
  public long scannedAt() {
    return read(() -> {
      String v = Generation.metaString(gen.meta, "scannedAt");
      return v.isEmpty() ? 0L : Long.parseLong(v);
    });
  }

  /** Records {@link #scannedAt} after a completed run. Not part of the index hash. */
  public void markScanned(long wallMillis) {
    write("recording the scan time", () -> {
      Generation.putMeta(gen.meta, "scannedAt", wallMillis);
      gen.db.commit();
    });
  }

  public void touch(Map<String, Long> mtimes) {
    if (mtimes.isEmpty()) {
      return;
    }
    write("recording modification times", () -> {
      for (Map.Entry<String, Long> e : mtimes.entrySet()) {
        FileRecord rec = gen.record(e.getKey());
        if (rec != null) {
          gen.putFile(e.getKey(), rec.withMtime(e.getValue()));
        }
      }
      StoreFaults.checkUnchecked(StoreFaults.Point.COMMIT, dir.path());
      gen.db.commit();
    });
  }

  private void write(String what, Runnable body) {
    rw.writeLock().lock();
    try {
      checkOpen();
      if (readOnlyReason != null) {
        throw new StoreUnavailableException(readOnlyReason, "cannot write the index in " + dir.path()
            + " (" + what + "); it is kept as it was", null);
      }
      boolean done = false;
      try {
        body.run();
        done = true;
      } finally {
        if (!done) {
          gen.forgetCached();
        }
      }
    } catch (StoreClosedException | StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      String problem = StoreFaults.resourceProblem(e);
      if (problem != null) {
        // A full disk (or the like) is not damage: undo the transaction, keep the index, say what is missing.
        rollbackKeeping(problem);
        throw new StoreUnavailableException(problem, what + " failed", e);
      }
      throw damaged(what + " failed", e);
    } catch (Error e) {
      // Out of memory, or a fault in a mapped file on a full disk, is not damage: undo the half-written
      // transaction (reopening the generation if the rollback fails too) and let it propagate.
      String problem = StoreFaults.resourceProblem(e);
      if (problem != null) {
        try {
          rollbackKeeping(problem);
        } catch (RuntimeException | Error reopenFailed) {
          e.addSuppressed(reopenFailed);
        }
        throw e;
      }
      try {
        gen.db.rollback();
      } catch (RuntimeException | Error ignored) {
        damagedCause = e; // the rollback failed too: now the store cannot be trusted
      }
      throw e;
    } finally {
      rw.writeLock().unlock();
    }
  }

  /**
   * Rolls back a transaction a resource failure interrupted. If the rollback fails too, the generation is
   * reopened (its write-ahead log holds only committed transactions), read-only if it must be; it is never
   * deleted for this. Call with the write lock held.
   */
  private void rollbackKeeping(String problem) {
    try {
      gen.db.rollback();
      return;
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "rollback after a failed write (" + problem + ") failed; reopening the index", e);
    }
    Generation.closeQuietly(gen.db);
    Path file = dir.generation(gen.name).resolve("index.db");
    try {
      Generation g = Generation.open(gen.name, file);
      g.hash = gen.hash;
      gen = g;
    } catch (RuntimeException e) {
      Generation g = readOnlyAfter(gen.name, file, problem, e);
      g.hash = gen.hash;
      gen = g;
    }
  }

  private FileFacts storedFacts(int fileId) {
    byte[] blob = gen.facts.get(fileId);
    return blob == null ? null : FactsCodec.decode(Compression.unsealAndDecompress(fileId, blob));
  }

  /** Moves a file's entries in the name tables from its old facts to its new ones (either may be null). */
  private void replaceNames(String path, int fileId, FileFacts before, FileFacts after) {
    java.util.SortedMap<String, byte[]> was = before == null ? new java.util.TreeMap<>() : DefPostings.parts(path, before);
    java.util.SortedMap<String, byte[]> now = after == null ? new java.util.TreeMap<>() : DefPostings.parts(path, after);
    // every name the file defines, changed part or not: a definition's span moves without changing its part
    nameDelta.names.addAll(was.keySet());
    nameDelta.names.addAll(now.keySet());
    nameDelta.nameSetChanged |= replaceParts(gen, fileId, was, now);
    replaceIn(gen.refNames, fileId, before == null ? Set.of() : GenerationBuilder.referencedNames(before),
        after == null ? Set.of() : GenerationBuilder.referencedNames(after));
  }

  /**
   * Replaces a file's parts in the definition-name table where they changed (ordinals and ids move with
   * edits). Returns whether a name entered or left the table.
   */
  private static boolean replaceParts(Generation gen, int fileId, java.util.SortedMap<String, byte[]> before,
      java.util.SortedMap<String, byte[]> after) {
    BTreeMap<String, byte[]> table = gen.defNames;
    java.util.TreeSet<String> names = new java.util.TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    boolean nameSetChanged = false;
    for (String n : names) {
      byte[] part = after.get(n);
      if (java.util.Arrays.equals(before.get(n), part)) {
        continue;
      }
      byte[] v = table.get(n);
      byte[] nv = DefPostings.withPart(v == null ? null : unseal(n, v), fileId, part);
      nameSetChanged |= (v == null) != (nv == null);
      if (nv == null) {
        gen.removeDefinitions(n);
      } else {
        gen.putDefinitions(n, nv);
      }
    }
    return nameSetChanged;
  }

  private static void replaceIn(BTreeMap<String, byte[]> table, int fileId, Set<String> before, Set<String> after) {
    replaceIn(table, n -> n, fileId, before, after);
  }

  /**
   * Removes a file from the posting lists of the keys it had and adds it to those of the keys it has now;
   * {@code before} and {@code after} are the keys as sealed (names, or symbol ids' hex keys), {@code key}
   * gives the table's key for each.
   */
  private static <K> void replaceIn(BTreeMap<K, byte[]> table, java.util.function.Function<String, K> key, int fileId,
      Set<String> before, Set<String> after) {
    for (String n : before) {
      if (!after.contains(n)) {
        K k = key.apply(n);
        byte[] v = table.get(k);
        byte[] nv = Postings.without(v == null ? null : unseal(n, v), fileId);
        if (nv == null) {
          table.remove(k);
        } else {
          table.put(k, seal(n, nv));
        }
      }
    }
    for (String n : after) {
      if (!before.contains(n)) {
        K k = key.apply(n);
        byte[] v = table.get(k);
        table.put(k, seal(n, Postings.with(v == null ? null : unseal(n, v), fileId)));
      }
    }
  }

  /** {@link #replaceIn} for a table keyed by symbol id ({@link SymbolIds#tableKey}). */
  private static void replaceInIds(BTreeMap<Long, byte[]> table, int fileId, Set<String> before, Set<String> after) {
    replaceIn(table, SymbolIds::tableKey, fileId, before, after);
  }

  private StoreDamagedException damaged(String what, Throwable e) {
    // Called with the read or write lock held; repair needs the write lock, so hand the work to a flag
    // checked by resetIfDamaged() rather than upgrading the lock here.
    damagedCause = e;
    recovered("index store failed (" + what + "); it will be rebuilt", e);
    return e instanceof StoreDamagedException sde ? sde : new StoreDamagedException("index store failed: " + what, e);
  }

  /** Replaces a damaged generation with an empty one. Returns true if it did. */
  public boolean resetIfDamaged() throws IOException {
    if (damagedCause == null) {
      return false;
    }
    rw.writeLock().lock();
    try {
      checkOpen();
      if (gen != null) {
        Generation.closeQuietly(gen.db);
        dir.deleteGeneration(gen.name);
        gen = null;
      }
      gen = build(newGeneration(List.of()));
      damagedCause = null;
      return true;
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Throws {@link StoreClosedException} after {@link #close()}; call with the read or write lock held. */
  private void checkOpen() {
    if (closed) {
      throw new StoreClosedException(dir.path());
    }
  }

  @Override
  public void close() {
    rw.writeLock().lock();
    try {
      closed = true;
      if (gen != null) {
        Generation.closeQuietly(gen.db);
        gen = null;
      }
    } finally {
      rw.writeLock().unlock();
      try {
        if (lock != null && lock.isValid()) {
          lock.release();
        }
        if (lockChannel != null) {
          lockChannel.close();
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "releasing the index lock failed", e);
      }
    }
  }
}
