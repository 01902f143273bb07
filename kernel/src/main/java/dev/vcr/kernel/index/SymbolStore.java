package dev.vcr.kernel.index;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import kotlin.Pair;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * The persistent symbol index of one workspace, on MapDB. It is a derived cache: the files are the truth,
 * and any doubt about the store is answered by rebuilding it.
 *
 * <p>Layout of the index directory: {@code lock} (held by the owning process for its lifetime, so a second
 * process gets {@link IndexLockedException} instead of corrupting anything), {@code CURRENT} (the name of
 * the live generation, replaced atomically) and {@code gen-NNNNNN/index.db} (a MapDB file with its WAL).
 * A full build writes a new generation by sorted bulk load and then swaps {@code CURRENT}; a crash before
 * the swap leaves the old generation live and the new one is deleted on the next open. Small changes are
 * applied in place as one WAL transaction per batch.
 *
 * <p>On open the store must pass: MapDB opens it, the schema version matches, a write and commit succeed
 * (a crash can leave a store that reads but cannot write), and the index hash recomputed from the file
 * records equals the one committed with them. Any failure, and any exception from a later operation,
 * closes the store, deletes the generation and leaves an empty one; the caller re-indexes. What happened
 * is logged and kept in {@link #recoveryLog()}.
 *
 * <p>Thread-safety: reads take a shared lock, writes an exclusive one, so readers never see half a batch.
 */
public final class SymbolStore implements AutoCloseable {
  /** Bumped whenever the layout or the facts encoding changes; an index of another version is rebuilt. */
  public static final int SCHEMA_VERSION = 6;
  /** The schema an index is made with: the layout version and the extraction queries' digest. */
  public static final String SCHEMA = SCHEMA_VERSION + "/" + dev.vcr.kernel.extract.QuerySet.digest();

  private static final Logger LOG = Logger.getLogger(SymbolStore.class.getName());
  private static final SerializerArrayTuple NAME_FILE = new SerializerArrayTuple(Serializer.STRING, Serializer.INTEGER);
  private static final long FILE_LEVEL = 0xFFFFFFFFL;

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final List<String> recoveryLog = new ArrayList<>();
  private Generation gen;
  /** Set by {@link #close()}; every read and write checks it first, under the lock (not a sign of damage). */
  private volatile boolean closed;

  /** The maps of one generation. */
  private static final class Generation {
    final String name;
    final DB db;
    final BTreeMap<String, byte[]> meta;
    final BTreeMap<String, byte[]> files;
    final BTreeMap<Integer, byte[]> fileIds;
    final BTreeMap<Integer, byte[]> facts;
    final BTreeMap<Long, byte[]> defs;
    final BTreeMap<Object[], byte[]> defNames;
    final BTreeMap<Object[], byte[]> refNames;
    final BTreeMap<Long, byte[]> callees;
    BloomFilter<CharSequence> bloom;
    /** The committed index hash, kept in memory: reading it from {@code meta} would copy the Bloom filter. */
    volatile String hash = "";
    /** Paths by file id, verified once: every by-name lookup maps each hit's file id to its path. */
    final java.util.concurrent.ConcurrentHashMap<Integer, String> paths = new java.util.concurrent.ConcurrentHashMap<>();

    Generation(String name, DB db, boolean create, BulkData bulk) {
      this.name = name;
      this.db = db;
      if (create) {
        meta = db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).createFrom(sorted(bulk.meta));
        files = db.treeMap("files", Serializer.STRING, Serializer.BYTE_ARRAY).createFrom(sorted(bulk.files));
        fileIds = db.treeMap("fileIds", Serializer.INTEGER, Serializer.BYTE_ARRAY).createFrom(sorted(bulk.fileIds));
        facts = db.treeMap("facts", Serializer.INTEGER, Serializer.BYTE_ARRAY).createFrom(sorted(bulk.facts));
        defs = db.treeMap("defs", Serializer.LONG, Serializer.BYTE_ARRAY).createFrom(sorted(bulk.defs));
        defNames = db.treeMap("defNames").keySerializer(NAME_FILE).valueSerializer(Serializer.BYTE_ARRAY)
            .createFrom(sortedTuples(bulk.defNames));
        refNames = db.treeMap("refNames").keySerializer(NAME_FILE).valueSerializer(Serializer.BYTE_ARRAY)
            .createFrom(sortedTuples(bulk.refNames));
        callees = db.treeMap("callees", Serializer.LONG, Serializer.BYTE_ARRAY).createFrom(sorted(bulk.callees));
      } else {
        meta = db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).open();
        files = db.treeMap("files", Serializer.STRING, Serializer.BYTE_ARRAY).open();
        fileIds = db.treeMap("fileIds", Serializer.INTEGER, Serializer.BYTE_ARRAY).open();
        facts = db.treeMap("facts", Serializer.INTEGER, Serializer.BYTE_ARRAY).open();
        defs = db.treeMap("defs", Serializer.LONG, Serializer.BYTE_ARRAY).open();
        defNames = db.treeMap("defNames").keySerializer(NAME_FILE).valueSerializer(Serializer.BYTE_ARRAY).open();
        refNames = db.treeMap("refNames").keySerializer(NAME_FILE).valueSerializer(Serializer.BYTE_ARRAY).open();
        callees = db.treeMap("callees", Serializer.LONG, Serializer.BYTE_ARRAY).open();
      }
    }
  }

  private SymbolStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (or creates) the index in {@code dir}, repairing it if it is damaged. */
  public static SymbolStore open(Path dir) throws IndexLockedException, IOException {
    Files.createDirectories(dir);
    FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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

  public Path directory() {
    return dir;
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
    String current = readCurrent();
    if (current == null && !generationNames().isEmpty()) {
      // Generations exist but none is named live: CURRENT was deleted or damaged, so the index is lost.
      recovered("the index's CURRENT file is missing or unreadable; its generations " + generationNames()
          + " were deleted and the workspace will be re-indexed", null);
    }
    if (current != null) {
      try {
        gen = openGeneration(current);
      } catch (RuntimeException | Error e) {
        recovered("index generation " + current + " is damaged; it was deleted and the workspace will be re-indexed", e);
        deleteGeneration(current);
        gen = null;
      }
    }
    deleteStrayGenerations(current);
    if (gen == null) {
      gen = createGeneration(new BulkData());
    }
  }

  private Generation openGeneration(String name) {
    Path file = dir.resolve(name).resolve("index.db");
    if (!Files.exists(file)) {
      throw new StoreDamagedException("generation file missing: " + file, null);
    }
    DB db = makeDb(file);
    try {
      Generation g = new Generation(name, db, false, null);
      String schema = metaString(g, "schema");
      if (!SCHEMA.equals(schema)) {
        throw new StoreDamagedException("made by another version of Vcr (schema " + schema + ", expected " + SCHEMA
            + ")", null);
      }
      // Exercise a write: a crash can leave a store that reads fine but throws on the next commit.
      putMetaInt(g, "opens", metaInt(g, "opens", 0) + 1);
      db.commit();
      String stored = metaString(g, "hash");
      String actual = computeHash(g);
      if (!actual.equals(stored)) {
        throw new StoreDamagedException("index hash " + actual + " disagrees with the committed " + stored, null);
      }
      g.hash = stored;
      g.bloom = readBloom(g);
      return g;
    } catch (RuntimeException | Error e) {
      closeQuietly(db);
      throw e;
    }
  }

  private static DB makeDb(Path file) {
    return DBMaker.fileDB(file.toFile()).fileMmapEnableIfSupported().cleanerHackEnable().transactionEnable().make();
  }

  private Generation createGeneration(BulkData bulk) throws IOException {
    String name = nextGenerationName();
    Path genDir = dir.resolve(name);
    Files.createDirectories(genDir);
    DB db = makeDb(genDir.resolve("index.db"));
    try {
      bulk.meta.put("schema", seal("schema", SCHEMA.getBytes(StandardCharsets.UTF_8)));
      int maxId = bulk.fileIds.isEmpty() ? 0 : bulk.fileIds.lastKey();
      bulk.meta.put("nextFileId", seal("nextFileId", Integer.toString(maxId + 1).getBytes(StandardCharsets.UTF_8)));
      bulk.meta.put("bloom", seal("bloom", writeBloom(bulk.bloom())));
      Generation g = new Generation(name, db, true, bulk);
      String hash = computeHash(g);
      g.meta.put("hash", seal("hash", hash.getBytes(StandardCharsets.UTF_8)));
      db.commit();
      g.hash = hash;
      g.bloom = readBloom(g);
      writeCurrent(name);
      return g;
    } catch (RuntimeException | Error e) {
      closeQuietly(db);
      deleteGeneration(name);
      throw e;
    }
  }

  /** The generation directories present, in name order. */
  private List<String> generationNames() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("gen-")) {
          out.add(n);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private String nextGenerationName() throws IOException {
    int max = 0;
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("gen-")) {
          try {
            max = Math.max(max, Integer.parseInt(n.substring(4)));
          } catch (NumberFormatException ignored) {
            // not ours
          }
        }
      }
    }
    return String.format("gen-%06d", max + 1);
  }

  private String readCurrent() throws IOException {
    Path current = dir.resolve("CURRENT");
    if (!Files.exists(current)) {
      return null;
    }
    // Decoded leniently: a damaged CURRENT must read as "no live generation", never throw.
    String name = new String(Files.readAllBytes(current), StandardCharsets.UTF_8).trim();
    return name.matches("gen-\\d{6}") ? name : null;
  }

  private void writeCurrent(String name) throws IOException {
    Path tmp = dir.resolve("CURRENT.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void deleteStrayGenerations(String keep) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("gen-") && !n.equals(keep) && (gen == null || !n.equals(gen.name))) {
          if (keep != null && gen != null) {
            // The live generation is fine; this one was left by a build or a swap that did not finish.
            recovered("deleted unfinished index generation " + n + " (left by an interrupted run)", null);
          }
          deleteGeneration(n);
        }
      }
    }
  }

  private void deleteGeneration(String name) {
    Path genDir = dir.resolve(name);
    if (!Files.exists(genDir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(genDir)) {
      List<Path> paths = new ArrayList<>();
      walk.forEach(paths::add);
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + genDir, e);
    }
  }

  // ------------------------------------------------------------------------------------------ hashing

  /** The index hash: SHA-256 over the schema and each file's path and facts digest, in path order. */
  private static String computeHash(Generation g) {
    Hasher h = Hashing.sha256().newHasher();
    h.putString(SCHEMA, StandardCharsets.UTF_8);
    for (Map.Entry<String, byte[]> e : g.files.entrySet()) {
      FileRecord r = FileRecord.decode(unseal(e.getKey(), e.getValue()));
      h.putString(e.getKey(), StandardCharsets.UTF_8).putByte((byte) 0).putLong(r.factsDigest());
    }
    return h.hash().toString();
  }

  static long digest(byte[] bytes) {
    return Hashing.farmHashFingerprint64().hashBytes(bytes).asLong();
  }

  public String indexHash() {
    return read(() -> gen.hash);
  }

  // ------------------------------------------------------------------------------------------ reads

  private <T> T read(java.util.function.Supplier<T> body) {
    rw.readLock().lock();
    try {
      checkOpen();
      return body.get();
    } catch (StoreClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw damaged("read failed", e);
    } finally {
      rw.readLock().unlock();
    }
  }

  public int fileCount() {
    return read(() -> gen.files.size());
  }

  /** All indexed paths with their records, in path order. */
  public NavigableMap<String, FileRecord> files() {
    return read(() -> {
      java.util.TreeMap<String, FileRecord> out = new java.util.TreeMap<>();
      for (Map.Entry<String, byte[]> e : gen.files.entrySet()) {
        out.put(e.getKey(), FileRecord.decode(unseal(e.getKey(), e.getValue())));
      }
      return out;
    });
  }

  public FileRecord file(String path) {
    return read(() -> {
      byte[] b = gen.files.get(path);
      return b == null ? null : FileRecord.decode(unseal(path, b));
    });
  }

  /** The facts of an indexed file, or null. */
  public FileFacts facts(String path) {
    return read(() -> {
      FileRecord rec = record(path);
      if (rec == null) {
        return null;
      }
      byte[] blob = gen.facts.get(rec.fileId());
      return blob == null ? null : FactsCodec.decode(unseal(rec.fileId(), blob));
    });
  }

  /** Non-local definitions with exactly this name, ordered by path then position. */
  public List<DefHit> definitions(String name) {
    return read(() -> {
      List<DefHit> out = new ArrayList<>();
      if (gen.bloom != null && !gen.bloom.mightContain(name)) {
        return out;
      }
      for (Map.Entry<Object[], byte[]> e : gen.defNames.prefixSubMap(new Object[] {name}).entrySet()) {
        int fileId = (Integer) e.getKey()[1];
        String path = pathOf(fileId);
        Packer.Reader r = new Packer.Reader(unseal(e.getKey(), e.getValue()));
        while (!r.atEnd()) {
          int ordinal = r.varint();
          long k = key(fileId, ordinal);
          byte[] d = gen.defs.get(k);
          if (path != null && d != null) {
            out.add(new DefHit(path, ordinal, FactsCodec.decodeDefinition(unseal(k, d))));
          }
        }
      }
      out.sort(Comparator.comparing(DefHit::path).thenComparingInt(DefHit::ordinal));
      return out;
    });
  }

  /** A definition by file and ordinal, or null. */
  public DefHit definition(String path, int ordinal) {
    return read(() -> {
      FileRecord rec = record(path);
      if (rec == null) {
        return null;
      }
      long k = key(rec.fileId(), ordinal);
      byte[] d = gen.defs.get(k);
      return d == null ? null : new DefHit(path, ordinal, FactsCodec.decodeDefinition(unseal(k, d)));
    });
  }

  /** References with exactly this name, ordered by path then position. */
  public List<RefHit> references(String name) {
    return read(() -> {
      List<RefHit> out = new ArrayList<>();
      if (gen.bloom != null && !gen.bloom.mightContain(name)) {
        return out;
      }
      for (Map.Entry<Object[], byte[]> e : gen.refNames.prefixSubMap(new Object[] {name}).entrySet()) {
        String path = pathOf((Integer) e.getKey()[1]);
        if (path == null) {
          continue;
        }
        Packer.Reader r = new Packer.Reader(unseal(e.getKey(), e.getValue()));
        while (!r.atEnd()) {
          int ordinal = r.varint();
          out.add(new RefHit(path, ordinal, FactsCodec.readReferenceBody(r, name)));
        }
      }
      out.sort(Comparator.comparing(RefHit::path).thenComparingInt(RefHit::ordinal));
      return out;
    });
  }

  /** Call references made directly inside a definition (its outgoing call sites), in source order. */
  public List<RefHit> callsFrom(String path, int callerOrdinal) {
    return read(() -> {
      List<RefHit> out = new ArrayList<>();
      FileRecord rec = record(path);
      if (rec == null) {
        return out;
      }
      long k = key(rec.fileId(), callerOrdinal);
      byte[] b = gen.callees.get(k);
      if (b == null) {
        return out;
      }
      Packer.Reader r = new Packer.Reader(unseal(k, b));
      while (!r.atEnd()) {
        int ordinal = r.varint();
        String name = r.string();
        out.add(new RefHit(path, ordinal, FactsCodec.readReferenceBody(r, name)));
      }
      return out;
    });
  }

  /** Every distinct non-local definition name, in order; for building the fuzzy symbol table. */
  public void forEachDefinitionName(Consumer<String> sink) {
    read(() -> {
      String last = null;
      for (Map.Entry<Object[], byte[]> e : gen.defNames.entrySet()) {
        Object[] k = e.getKey();
        unseal(k, e.getValue()); // verifies the key too: a damaged name never reaches the symbol table
        String name = (String) k[0];
        if (!name.equals(last)) {
          sink.accept(name);
          last = name;
        }
      }
      return null;
    });
  }

  /** Size of the live generation's files on disk, in bytes. */
  public long sizeOnDisk() {
    rw.readLock().lock();
    try {
      checkOpen();
    } catch (StoreClosedException e) {
      rw.readLock().unlock();
      throw e;
    }
    try (Stream<Path> walk = Files.walk(dir.resolve(gen.name))) {
      long total = 0;
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
      return total;
    } catch (IOException e) {
      return -1;
    } finally {
      rw.readLock().unlock();
    }
  }

  // ------------------------------------------------------------------------------------------ writes

  /**
   * Applies updates and deletions in place as one transaction. On any failure the store is damaged: it is
   * replaced by an empty generation and {@link StoreDamagedException} is thrown; the caller re-indexes.
   */
  public void apply(List<FileUpdate> updates, List<String> deletions) {
    rw.writeLock().lock();
    try {
      checkOpen();
      int nextId = metaInt(gen, "nextFileId", 1);
      for (String path : deletions) {
        byte[] rec = gen.files.remove(path);
        if (rec != null) {
          removeFacts(FileRecord.decode(unseal(path, rec)).fileId());
        }
      }
      for (FileUpdate u : updates) {
        FileRecord old = record(u.path());
        int fileId;
        if (old != null) {
          fileId = old.fileId();
          removeFacts(fileId);
        } else {
          fileId = nextId++;
        }
        Map<String, byte[]> defNames = new java.util.TreeMap<>();
        Map<String, byte[]> refNames = new java.util.TreeMap<>();
        Map<Long, byte[]> defs = new java.util.TreeMap<>();
        Map<Long, byte[]> callees = new java.util.TreeMap<>();
        FileRecord record = secondary(u, fileId, defNames::put, refNames::put, defs::put, callees::put);
        gen.files.put(u.path(), seal(u.path(), record.encode()));
        gen.fileIds.put(fileId, seal(fileId, u.path().getBytes(StandardCharsets.UTF_8)));
        gen.paths.remove(fileId);
        gen.facts.put(fileId, seal(fileId, u.encoded()));
        defs.forEach((k, v) -> gen.defs.put(k, seal(k, v)));
        callees.forEach((k, v) -> gen.callees.put(k, seal(k, v)));
        defNames.forEach((n, v) -> {
          Object[] k = new Object[] {n, fileId};
          gen.defNames.put(k, seal(k, v));
        });
        refNames.forEach((n, v) -> {
          Object[] k = new Object[] {n, fileId};
          gen.refNames.put(k, seal(k, v));
        });
        if (gen.bloom != null) {
          defNames.keySet().forEach(gen.bloom::put);
          refNames.keySet().forEach(gen.bloom::put);
        }
      }
      putMetaInt(gen, "nextFileId", nextId);
      if (gen.bloom != null) {
        gen.meta.put("bloom", seal("bloom", writeBloom(gen.bloom)));
      }
      String hash = computeHash(gen);
      gen.meta.put("hash", seal("hash", hash.getBytes(StandardCharsets.UTF_8)));
      gen.db.commit();
      gen.hash = hash;
    } catch (StoreClosedException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw damaged("writing " + updates.size() + " updates failed", e);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Records that files are unchanged but have a new modification time (no facts change, no hash change). */
  public void touch(Map<String, Long> mtimes) {
    if (mtimes.isEmpty()) {
      return;
    }
    rw.writeLock().lock();
    try {
      checkOpen();
      for (Map.Entry<String, Long> e : mtimes.entrySet()) {
        FileRecord rec = record(e.getKey());
        if (rec != null) {
          gen.files.put(e.getKey(), seal(e.getKey(), rec.withMtime(e.getValue()).encode()));
        }
      }
      gen.db.commit();
    } catch (StoreClosedException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw damaged("recording modification times failed", e);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** The encoded facts of an indexed file, for carrying unchanged files into a new generation. */
  public byte[] encodedFacts(String path) {
    return read(() -> {
      FileRecord rec = record(path);
      if (rec == null) {
        return null;
      }
      byte[] blob = gen.facts.get(rec.fileId());
      return blob == null ? null : unseal(rec.fileId(), blob);
    });
  }

  /**
   * Starts a new generation that will hold exactly {@code paths}. File ids follow path order, so a clean
   * build of the same files lays out the same store. Add every path's facts, then {@link #install}.
   */
  public GenerationBuilder newGeneration(java.util.Collection<String> paths) {
    return new GenerationBuilder(new java.util.TreeSet<>(paths));
  }

  /** Collects a new generation's entries; {@link #add} may be called from several threads. */
  public static final class GenerationBuilder {
    private final BulkData bulk = new BulkData();
    private final Map<String, Integer> ids = new java.util.HashMap<>();
    private final java.util.Set<String> added = new java.util.HashSet<>();

    private GenerationBuilder(java.util.SortedSet<String> paths) {
      int id = 1;
      for (String p : paths) {
        ids.put(p, id++);
      }
    }

    public synchronized void add(FileUpdate u) {
      Integer id = ids.get(u.path());
      if (id == null || !added.add(u.path())) {
        throw new IllegalArgumentException("not a path of this generation, or added twice: " + u.path());
      }
      FileRecord record = secondary(u, id,
          (n, v) -> {
            Object[] k = new Object[] {n, id};
            bulk.defNames.add(new Pair<>(k, seal(k, v)));
          },
          (n, v) -> {
            Object[] k = new Object[] {n, id};
            bulk.refNames.add(new Pair<>(k, seal(k, v)));
          },
          (k, v) -> bulk.defs.put(k, seal(k, v)), (k, v) -> bulk.callees.put(k, seal(k, v)));
      bulk.files.put(u.path(), seal(u.path(), record.encode()));
      bulk.fileIds.put(id, seal(id, u.path().getBytes(StandardCharsets.UTF_8)));
      bulk.facts.put(id, seal(id, u.encoded()));
    }
  }

  /**
   * Makes a built generation the live index (bulk load, commit, atomic swap of CURRENT), then deletes the
   * previous generation. Paths that were announced but never added are simply absent.
   */
  public void install(GenerationBuilder builder) throws IOException {
    rw.writeLock().lock();
    try {
      checkOpen();
      Generation old = gen;
      gen = createGeneration(builder.bulk);
      damagedCause = null;
      if (old != null) {
        closeQuietly(old.db);
        deleteGeneration(old.name);
      }
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Derives the secondary entries of one file and returns its record. */
  private static FileRecord secondary(FileUpdate u, int fileId,
      java.util.function.BiConsumer<String, byte[]> defNames,
      java.util.function.BiConsumer<String, byte[]> refNames,
      java.util.function.BiConsumer<Long, byte[]> defs,
      java.util.function.BiConsumer<Long, byte[]> callees) {
    FileFacts f = u.facts();
    java.util.TreeMap<String, Packer> byName = new java.util.TreeMap<>();
    List<Definition> ds = f.definitions();
    for (int i = 0; i < ds.size(); i++) {
      Definition d = ds.get(i);
      defs.accept(key(fileId, i), FactsCodec.encodeDefinition(d));
      if (d.kind().isNamed()) {
        byName.computeIfAbsent(d.name(), k -> new Packer(8)).varint(i);
      }
    }
    byName.forEach((n, p) -> defNames.accept(n, p.toByteArray()));
    byName.clear();
    java.util.TreeMap<Long, Packer> calls = new java.util.TreeMap<>();
    int callCount = 0;
    List<Reference> rs = f.references();
    for (int i = 0; i < rs.size(); i++) {
      Reference r = rs.get(i);
      Packer p = byName.computeIfAbsent(r.name(), k -> new Packer(32));
      p.varint(i);
      FactsCodec.writeReferenceBody(p, r);
      if (r.role().isCall()) {
        callCount++;
        int caller = f.callerOf(r.container());
        long k = caller < 0 ? key(fileId, FILE_LEVEL) : key(fileId, caller);
        Packer c = calls.computeIfAbsent(k, x -> new Packer(32));
        c.varint(i).string(r.name());
        FactsCodec.writeReferenceBody(c, r);
      }
    }
    byName.forEach((n, p) -> refNames.accept(n, p.toByteArray()));
    calls.forEach((k, p) -> callees.accept(k, p.toByteArray()));
    return new FileRecord(fileId, u.size(), u.mtimeMillis(), u.contentHash(), f.language().id(),
        digest(u.encoded()), ds.size(), rs.size(), callCount);
  }

  private void removeFacts(int fileId) {
    byte[] blob = gen.facts.remove(fileId);
    gen.fileIds.remove(fileId);
    gen.paths.remove(fileId);
    if (blob == null) {
      return;
    }
    FileFacts f = FactsCodec.decode(unseal(fileId, blob));
    for (int i = 0; i < f.definitions().size(); i++) {
      Definition d = f.definitions().get(i);
      gen.defs.remove(key(fileId, i));
      if (d.kind().isNamed()) {
        gen.defNames.remove(new Object[] {d.name(), fileId});
      }
    }
    for (Reference r : f.references()) {
      gen.refNames.remove(new Object[] {r.name(), fileId});
      if (r.role().isCall()) {
        int caller = f.callerOf(r.container());
        gen.callees.remove(caller < 0 ? key(fileId, FILE_LEVEL) : key(fileId, caller));
      }
    }
  }

  private static long key(int fileId, long ordinal) {
    return ((long) fileId << 32) | (ordinal & 0xFFFFFFFFL);
  }

  private StoreDamagedException damaged(String what, Throwable e) {
    // Called with the read or write lock held; repair needs the write lock, so hand the work to a flag
    // checked by resetIfDamaged() rather than upgrading the lock here.
    damagedCause = e;
    recovered("index store failed (" + what + "); it will be rebuilt", e);
    return e instanceof StoreDamagedException sde ? sde : new StoreDamagedException("index store failed: " + what, e);
  }

  private volatile Throwable damagedCause;

  /** Replaces a damaged generation with an empty one. Returns true if it did. */
  public boolean resetIfDamaged() throws IOException {
    if (damagedCause == null) {
      return false;
    }
    rw.writeLock().lock();
    try {
      checkOpen();
      if (gen != null) {
        closeQuietly(gen.db);
        deleteGeneration(gen.name);
      }
      gen = createGeneration(new BulkData());
      damagedCause = null;
      return true;
    } finally {
      rw.writeLock().unlock();
    }
  }

  // ------------------------------------------------------------------------------------------ meta helpers

  private static int metaInt(Generation g, String key, int fallback) {
    byte[] v = g.meta.get(key);
    return v == null ? fallback : Integer.parseInt(new String(unseal(key, v), StandardCharsets.UTF_8));
  }

  private static void putMetaInt(Generation g, String key, int value) {
    g.meta.put(key, seal(key, Integer.toString(value).getBytes(StandardCharsets.UTF_8)));
  }

  private static String metaString(Generation g, String key) {
    byte[] v = g.meta.get(key);
    return v == null ? "" : new String(unseal(key, v), StandardCharsets.UTF_8);
  }

  private static BloomFilter<CharSequence> readBloom(Generation g) {
    byte[] sealed = g.meta.get("bloom");
    if (sealed == null || sealed.length == 0) {
      return null;
    }
    byte[] b = unseal("bloom", sealed);
    try {
      return BloomFilter.readFrom(new ByteArrayInputStream(b), Funnels.unencodedCharsFunnel());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] writeBloom(BloomFilter<CharSequence> bloom) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      bloom.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  // ------------------------------------------------------------------------------------------ checksums

  /**
   * Every stored value carries a CRC32C of its key and payload. MapDB keeps no record checksums, and a
   * damaged byte in a key or a value would otherwise be served silently; with the trailer, a read of a
   * damaged entry throws {@link StoreDamagedException} and the store is rebuilt.
   */
  static byte[] seal(Object key, byte[] payload) {
    byte[] out = java.util.Arrays.copyOf(payload, payload.length + 4);
    int crc = crc(key, payload, payload.length);
    out[payload.length] = (byte) (crc >>> 24);
    out[payload.length + 1] = (byte) (crc >>> 16);
    out[payload.length + 2] = (byte) (crc >>> 8);
    out[payload.length + 3] = (byte) crc;
    return out;
  }

  static byte[] unseal(Object key, byte[] stored) {
    int n = stored.length - 4;
    if (n < 0) {
      throw new StoreDamagedException("stored value too short for its checksum (key " + describe(key) + ")", null);
    }
    int expected = ((stored[n] & 0xFF) << 24) | ((stored[n + 1] & 0xFF) << 16) | ((stored[n + 2] & 0xFF) << 8)
        | (stored[n + 3] & 0xFF);
    if (crc(key, stored, n) != expected) {
      throw new StoreDamagedException("checksum mismatch for key " + describe(key), null);
    }
    return java.util.Arrays.copyOf(stored, n);
  }

  private static int crc(Object key, byte[] payload, int length) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    if (key instanceof Object[] tuple) {
      c.update(((String) tuple[0]).getBytes(StandardCharsets.UTF_8));
      c.update(0);
      updateInt(c, (Integer) tuple[1]);
    } else if (key instanceof String str) {
      c.update(str.getBytes(StandardCharsets.UTF_8));
    } else if (key instanceof Integer i) {
      updateInt(c, i);
    } else if (key instanceof Long l) {
      updateInt(c, (int) (l >>> 32));
      updateInt(c, l.intValue());
    }
    c.update(payload, 0, length);
    return (int) c.getValue();
  }

  private static void updateInt(java.util.zip.CRC32C c, int v) {
    c.update(v >>> 24);
    c.update(v >>> 16);
    c.update(v >>> 8);
    c.update(v);
  }

  private static String describe(Object key) {
    return key instanceof Object[] t ? java.util.Arrays.toString(t) : String.valueOf(key);
  }

  private FileRecord record(String path) {
    byte[] b = gen.files.get(path);
    return b == null ? null : FileRecord.decode(unseal(path, b));
  }

  private String pathOf(int fileId) {
    String cached = gen.paths.get(fileId);
    if (cached != null) {
      return cached;
    }
    byte[] b = gen.fileIds.get(fileId);
    if (b == null) {
      return null;
    }
    String path = new String(unseal(fileId, b), StandardCharsets.UTF_8);
    gen.paths.put(fileId, path);
    return path;
  }

  private static void closeQuietly(DB db) {
    try {
      if (!db.isClosed()) {
        db.close();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "closing a damaged store failed", e);
    }
  }

  /** Throws {@link StoreClosedException} after {@link #close()}; call with the read or write lock held. */
  private void checkOpen() {
    if (closed) {
      throw new StoreClosedException(dir);
    }
  }

  @Override
  public void close() {
    rw.writeLock().lock();
    try {
      closed = true;
      if (gen != null) {
        closeQuietly(gen.db);
        gen = null;
      }
    } finally {
      rw.writeLock().unlock();
      try {
        if (lock != null && lock.isValid()) {
          lock.release();
        }
        lockChannel.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "releasing the index lock failed", e);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ bulk data

  /** Entries of a new generation, collected before a sorted bulk load. */
  private static final class BulkData {
    final java.util.TreeMap<String, byte[]> meta = new java.util.TreeMap<>();
    final java.util.TreeMap<String, byte[]> files = new java.util.TreeMap<>();
    final java.util.TreeMap<Integer, byte[]> fileIds = new java.util.TreeMap<>();
    final java.util.TreeMap<Integer, byte[]> facts = new java.util.TreeMap<>();
    final java.util.TreeMap<Long, byte[]> defs = new java.util.TreeMap<>();
    final java.util.TreeMap<Long, byte[]> callees = new java.util.TreeMap<>();
    final List<Pair<Object[], byte[]>> defNames = new ArrayList<>();
    final List<Pair<Object[], byte[]>> refNames = new ArrayList<>();

    BloomFilter<CharSequence> bloom() {
      int names = Math.max(1024, (defNames.size() + refNames.size()) / 2);
      BloomFilter<CharSequence> b = BloomFilter.create(Funnels.unencodedCharsFunnel(), names * 2L, 0.01);
      for (Pair<Object[], byte[]> p : defNames) {
        b.put((String) p.getFirst()[0]);
      }
      for (Pair<Object[], byte[]> p : refNames) {
        b.put((String) p.getFirst()[0]);
      }
      return b;
    }
  }

  private static <K, V> Iterator<Pair<K, V>> sorted(java.util.TreeMap<K, V> map) {
    List<Pair<K, V>> out = new ArrayList<>(map.size());
    map.forEach((k, v) -> out.add(new Pair<>(k, v)));
    // createFrom wants ascending order; TreeMap iteration already is, and the list is consumed once.
    return out.iterator();
  }

  private static Iterator<Pair<Object[], byte[]>> sortedTuples(List<Pair<Object[], byte[]>> list) {
    list.sort((a, b) -> NAME_FILE.compare(a.getFirst(), b.getFirst()));
    return list.iterator();
  }
}
