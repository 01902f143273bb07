package dev.vcr.kernel.index;

import static dev.vcr.kernel.index.Seal.seal;
import static dev.vcr.kernel.index.Seal.unseal;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The maps of one index generation, in one MapDB file. Every value is sealed (see {@link Seal}).
 *
 * <ul>
 *   <li>{@code meta}: schema, index hash, next file id;
 *   <li>{@code files}: path to {@link FileRecord}; {@code fileIds}: file id to path;
 *   <li>{@code facts}: file id to the file's facts block ({@link FactsCodec}), the only copy of its
 *       definitions, references and imports;
 *   <li>{@code defNames}, {@code refNames}: name to the posting list ({@link Postings}) of the files that
 *       define, or refer to, that name;
 *   <li>{@code links}: file id to the file's links block ({@link Links}): what each reference resolves to;
 *   <li>{@code uses}, {@code decls}: symbol id ({@link SymbolIds#tableKey}: a long; a B-tree node of longs
 *       decodes far faster than one of hex strings) to the posting list of the files with a reference linked to it, or that
 *       declare it; values are sealed with the id's hex form ({@link SymbolIds#key}).
 * </ul>
 *
 * A live generation is opened with MapDB's write-ahead log, for in-place transactions. A generation being
 * built is written without it (nothing is committed until the whole build is, and a crash before the swap
 * of CURRENT leaves an unnamed generation that the next open deletes), through a file channel rather than
 * memory maps, so that a build's memory is its buffers, not the index's size.
 */
final class Generation {
  final String name;
  final DB db;
  final BTreeMap<String, byte[]> meta;
  final BTreeMap<String, byte[]> files;
  final BTreeMap<Integer, byte[]> fileIds;
  final BTreeMap<Integer, byte[]> facts;
  final BTreeMap<String, byte[]> defNames;
  final BTreeMap<String, byte[]> refNames;
  final BTreeMap<Integer, byte[]> links;
  final BTreeMap<Long, byte[]> uses;
  final BTreeMap<Long, byte[]> decls;
  /** The committed index hash, kept in memory. */
  volatile String hash = "";
  /** Paths by file id, verified once: by-name lookups map every posting to its path. */
  final Map<Integer, String> paths = new ConcurrentHashMap<>();
  /**
   * What queries read most, kept decoded so that a lookup skips the B-tree (a string-keyed node is decoded
   * whole on every get): file records by path, facts and links blocks by file id, uses by symbol. Bounded; every write of a key
   * goes through {@link #putFile}, {@link #putFacts}, {@link #putLinks} and their removals, which forget that key only, so a
   * save keeps the rest; a failed transaction forgets everything ({@link #forgetCached}).
   */
  final ReadCache cache = new ReadCache();

  private Generation(String name, DB db, BTreeMap<String, byte[]> defNames, BTreeMap<String, byte[]> refNames) {
    this.name = name;
    this.db = db;
    this.meta = meta(db).createOrOpen();
    this.files = files(db).createOrOpen();
    this.fileIds = fileIds(db).createOrOpen();
    this.facts = facts(db).createOrOpen();
    this.defNames = defNames != null ? defNames : names(db, "defNames").open();
    this.refNames = refNames != null ? refNames : names(db, "refNames").open();
    this.links = links(db).createOrOpen();
    this.uses = ids(db, "uses").createOrOpen();
    this.decls = ids(db, "decls").createOrOpen();
  }

  /** Reads this generation (the caller holds the store's lock). */
  GenerationView view() {
    return new GenerationView(hash, files, fileIds, facts, defNames, refNames, links, uses, decls, paths, null,
        cache, cache.records, meta, path -> pathFilter().mayHold(path));
  }

  private volatile PathFilter pathFilter;

  /**
   * The filter of this generation's paths, made on first use from the keys of the files table (read on
   * every lookup that misses the record cache: no lock once made).
   */
  private PathFilter pathFilter() {
    PathFilter f = pathFilter;
    if (f != null) {
      return f;
    }
    synchronized (this) {
      if (pathFilter == null) {
        java.util.List<String> all = new java.util.ArrayList<>(files.keySet());
        pathFilter = PathFilter.of(all, all.size());
      }
      return pathFilter;
    }
  }

  /** Adds a written path to the filter (made anew on next use when it is past its size). */
  private synchronized void mayNowHold(String path) {
    if (pathFilter != null && !pathFilter.add(path)) {
      pathFilter = null;
    }
  }

  void putFile(String path, FileRecord record) {
    mayNowHold(path);
    byte[] old = files.put(path, seal(path, record.encode()));
    cache.records.invalidate(path);
    replaceTerm(path, old, record);
  }

  void removeFile(String path) {
    byte[] old = files.remove(path);
    cache.records.invalidate(path);
    replaceTerm(path, old, null);
  }

  /**
   * The sum of every file's term ({@link #computeHash}) as written so far, kept as files are written so
   * that a change hashes in time proportional to what it changed; null: not known (recomputed on use).
   */
  private java.math.BigInteger termSum;

  private void replaceTerm(String path, byte[] old, FileRecord now) {
    if (termSum == null) {
      return;
    }
    java.math.BigInteger sum = termSum;
    if (old != null) {
      sum = sum.subtract(term(path, FileRecord.decode(unseal(path, old))));
    }
    if (now != null) {
      sum = sum.add(term(path, now));
    }
    termSum = sum.mod(TERM_MODULUS);
  }

  /** The index hash of what is written now (committed or not), from the kept sum of the files' terms. */
  String currentHash() {
    if (termSum == null) {
      termSum = termSum(files);
    }
    return hashOf(termSum, meta);
  }

  /** Sets the kept sum from a check of every record (on open), so that writes can keep it. */
  void checkedTermSum(java.math.BigInteger sum) {
    termSum = sum;
  }

  void putFacts(int fileId, byte[] block) {
    facts.put(fileId, seal(fileId, Compression.compress(block)));
    cache.facts.invalidate(fileId);
  }

  void removeFacts(int fileId) {
    facts.remove(fileId);
    cache.facts.invalidate(fileId);
  }

  /** Replaces a name's definition postings ({@code value} unsealed). */
  void putDefinitions(String name, byte[] value) {
    defNames.put(name, Seal.seal(name, value));
    cache.defValues.invalidate(name);
  }

  void removeDefinitions(String name) {
    defNames.remove(name);
    cache.defValues.invalidate(name);
  }

  void putLinks(int fileId, byte[] block) {
    links.put(fileId, seal(fileId, block));
    cache.links.invalidate(fileId);
  }

  void removeLinks(int fileId) {
    links.remove(fileId);
    cache.links.invalidate(fileId);
  }

  /** After a transaction that did not commit: what was cached may hold its writes. */
  void forgetCached() {
    termSum = null; // the transaction's writes are undone: the kept sum is recomputed on use
    cache.records.invalidateAll();
    cache.links.invalidateAll();
    cache.uses.invalidateAll();
    cache.facts.invalidateAll();
    cache.defValues.invalidateAll();
  }

  /** The read caches of a live generation (a generation being built has none). */
  static final class ReadCache {
    private static final long RECORDS = 200_000;
    private static final long LINK_BYTES = 32L << 20;
    private static final long USES_BYTES = 16L << 20;
    private static final long FACTS_BYTES = 48L << 20;
    final com.google.common.cache.Cache<String, FileRecord> records =
        com.google.common.cache.CacheBuilder.newBuilder().maximumSize(RECORDS).build();
    /** Unsealed links blocks. */
    final com.google.common.cache.Cache<Integer, byte[]> links = com.google.common.cache.CacheBuilder.newBuilder()
        .maximumWeight(LINK_BYTES).<Integer, byte[]>weigher((k, v) -> 64 + v.length).build();
    /** Unsealed facts blocks (a references answer reads a few references from each of hundreds). */
    final com.google.common.cache.Cache<Integer, byte[]> facts = com.google.common.cache.CacheBuilder.newBuilder()
        .maximumWeight(FACTS_BYTES).<Integer, byte[]>weigher((k, v) -> 64 + v.length).build();
    static final long DEF_VALUE_BYTES = 24L << 20;
    /**
     * Unsealed definition postings by name (a workspace-symbol answer reads those of up to 256 names; a
     * string-keyed B-tree get decodes a whole node, about 7 KB of garbage). Filled as the name table is
     * read whole ({@link GenerationView#forEachDefinitionName}), up to most of its budget, and by gets.
     */
    final com.google.common.cache.Cache<String, byte[]> defValues = com.google.common.cache.CacheBuilder.newBuilder()
        .maximumWeight(DEF_VALUE_BYTES).<String, byte[]>weigher(ReadCache::defValueWeight).build();

    static int defValueWeight(String name, byte[] value) {
      return 64 + 2 * name.length() + value.length;
    }

    /** Unsealed posting lists of the uses table, by symbol key (workspace-symbol popularity reads hundreds). */
    final com.google.common.cache.Cache<Long, byte[]> uses = com.google.common.cache.CacheBuilder.newBuilder()
        .maximumWeight(USES_BYTES).<Long, byte[]>weigher((k, v) -> 64 + v.length).build();
  }

  // The makers of the maps, one place for their serializers, shared by a live and a building generation.

  private static DB.TreeMapMaker<String, byte[]> meta(DB db) {
    return db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY);
  }

  private static DB.TreeMapMaker<String, byte[]> files(DB db) {
    return db.treeMap("files", Serializer.STRING_DELTA, Serializer.BYTE_ARRAY);
  }

  private static DB.TreeMapMaker<Integer, byte[]> fileIds(DB db) {
    return db.treeMap("fileIds", Serializer.INTEGER, Serializer.BYTE_ARRAY);
  }

  private static DB.TreeMapMaker<Integer, byte[]> facts(DB db) {
    return db.treeMap("facts", Serializer.INTEGER, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable();
  }

  private static DB.TreeMapMaker<Integer, byte[]> links(DB db) {
    return db.treeMap("links", Serializer.INTEGER, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable();
  }

  private static DB.TreeMapMaker<String, byte[]> names(DB db, String map) {
    return db.treeMap(map, Serializer.STRING_DELTA, Serializer.BYTE_ARRAY);
  }

  private static DB.TreeMapMaker<Long, byte[]> ids(DB db, String map) {
    return db.treeMap(map, Serializer.LONG, Serializer.BYTE_ARRAY);
  }

  /** Opens a live generation's file, with its write-ahead log. */
  static Generation open(String name, Path file) {
    DB db = DBMaker.fileDB(file.toFile()).fileMmapEnableIfSupported().cleanerHackEnable().transactionEnable().make();
    try {
      return new Generation(name, db, null, null);
    } catch (RuntimeException | Error e) {
      closeQuietly(db);
      throw e;
    }
  }

  /**
   * Opens a live generation's file without writing anything (no write-ahead log, no file changes), read
   * through a bounded page cache ({@link #READ_ONLY_PAGE_CACHE_BYTES}; MapDB's read-only file channel made
   * a system call per long read).
   */
  static Generation openReadOnly(String name, Path file) {
    DB db = DBMaker.volumeDB(new PagedFileVolume(file.toFile(), READ_ONLY_PAGE_CACHE_BYTES, true), true).readOnly()
        .make();
    try {
      return new Generation(name, db, null, null);
    } catch (RuntimeException | Error e) {
      closeQuietly(db);
      throw e;
    }
  }

  /**
   * A file for a generation being built: no write-ahead log (it is not live until installed), read and
   * written through a bounded cache of its pages ({@link PagedFileVolume}, {@link #BUILD_PAGE_CACHE_BYTES}).
   * Memory maps were as fast on java.base but put every page of the index in the process's resident memory;
   * MapDB's file channel made a system call per long.
   */
  static DB createForBuild(Path file) {
    long cache = Long.getLong("vcr.buildPageCacheBytes", BUILD_PAGE_CACHE_BYTES);
    return DBMaker.volumeDB(new PagedFileVolume(file.toFile(), cache), false).make();
  }

  /** The most the page cache of a generation opened read-only holds. */
  static final long READ_ONLY_PAGE_CACHE_BYTES = 16L << 20;

  /** The most a build's page cache holds ({@link PagedFileVolume}); {@code -Dvcr.buildPageCacheBytes}. */
  static final long BUILD_PAGE_CACHE_BYTES = 32L << 20;

  /** The maps of a generation being built; the name tables are bulk-loaded by {@link #finishNames}. */
  static Building building(String name, DB db) {
    return new Building(name, db);
  }

  /** A generation under construction: files, ids and facts are put in ascending order as they come. */
  static final class Building {
    final String name;
    final DB db;
    final BTreeMap<String, byte[]> meta;
    final BTreeMap<String, byte[]> files;
    final BTreeMap<Integer, byte[]> fileIds;
    final BTreeMap<Integer, byte[]> facts;
    final BTreeMap<Integer, byte[]> links;
    final Map<Integer, String> paths = new ConcurrentHashMap<>();
    /**
     * Decoded file records, for the resolution pass (a record read is a B-tree lookup through a system
     * call; on Linux the pass read records 11 % of its time). A rewrite of a record forgets it here. The
     * pass reads a record's id and facts digest, which its rewrite (adding the links digest) keeps.
     */
    final com.google.common.cache.Cache<String, FileRecord> records =
        com.google.common.cache.CacheBuilder.newBuilder().maximumSize(1 << 16).build();
    /** Every path the generation will hold (the builder is told them all before the first file). */
    PathFilter pathFilter;
    BTreeMap<String, byte[]> defNames;
    BTreeMap<String, byte[]> refNames;
    FlatNames flatDefs;

    private Building(String name, DB db) {
      this.name = name;
      this.db = db;
      this.meta = meta(db).create();
      this.files = files(db).create();
      this.fileIds = fileIds(db).create();
      this.facts = facts(db).create();
      this.links = links(db).create();
    }

    /** Bulk-loads one name or id table from postings in key order. */
    BTreeMap<String, byte[]> finishNames(String map, java.util.Iterator<kotlin.Pair<String, byte[]>> postings) {
      return names(db, map).createFrom(postings);
    }

    /**
     * Bulk-loads one id table from sealed postings in ascending {@link SymbolIds#tableKey} order ({@link IdRuns}).
     */
    void finishIds(String map, java.util.Iterator<kotlin.Pair<Long, byte[]>> postings) {
      ids(db, map).createFrom(postings);
    }

    /** Reads what is built so far; the link tables read as empty until they are sorted. */
    GenerationView view() {
      return new GenerationView("building:" + name, files, fileIds, facts, defNames, refNames, links, null, null,
          paths, flatDefs, null, records, meta, pathFilter == null ? null : pathFilter::mayHold);
    }
  }

  // ------------------------------------------------------------------------------------------ hash and meta

  /**
   * The index hash: SHA-256 over the schema, the include directories (when there is a compilation
   * database) and the sum, modulo 2^256, of one term per file: the SHA-256 of its path, facts digest and links
   * digest. A sum does not depend on order, and a change replaces the terms of the files it wrote (see
   * {@link #putFile}): a save hashes in time proportional to what it changed, and yet the same files give the
   * same hash however they were written. Links are in it so that an index whose links were updated
   * incrementally must hash like a clean one.
   */
  static String computeHash(BTreeMap<String, byte[]> files, BTreeMap<String, byte[]> meta) {
    return hashOf(termSum(files), meta);
  }

  static final java.math.BigInteger TERM_MODULUS = java.math.BigInteger.ONE.shiftLeft(256);

  /** The sum of every record's term, read from the files table. */
  static java.math.BigInteger termSum(BTreeMap<String, byte[]> files) {
    java.math.BigInteger sum = java.math.BigInteger.ZERO;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      sum = sum.add(term(e.getKey(), FileRecord.decode(unseal(e.getKey(), e.getValue()))));
    }
    return sum.mod(TERM_MODULUS);
  }

  private static java.math.BigInteger term(String path, FileRecord r) {
    byte[] d = Hashing.sha256().newHasher().putString(path, StandardCharsets.UTF_8).putByte((byte) 0)
        .putLong(r.factsDigest()).putLong(r.linksDigest()).hash().asBytes();
    return new java.math.BigInteger(1, d);
  }

  static String hashOf(java.math.BigInteger termSum, BTreeMap<String, byte[]> meta) {
    Hasher h = Hashing.sha256().newHasher();
    h.putString(SymbolStore.SCHEMA, StandardCharsets.UTF_8);
    String layout = metaString(meta, LAYOUT);
    if (!layout.isEmpty()) { // absent from indexes without project files
      h.putString("includes\u0000", StandardCharsets.UTF_8).putString(layout, StandardCharsets.UTF_8);
    }
    byte[] sum = termSum.toByteArray(); // big-endian, with a sign byte when the top bit is set
    h.putString("files\u0000", StandardCharsets.UTF_8).putBytes(sum);
    return h.hash().toString();
  }

  /**
   * The meta key of the project layout ({@code ProjectLayout#encode}). Its name, and the label under which
   * the hash takes it, are those of the include directories alone, which the layout's text begins with:
   * an index made before the other parts existed reads back, and hashes, as one made now.
   */
  static final String LAYOUT = "includePaths";

  static int metaInt(BTreeMap<String, byte[]> meta, String key, int fallback) {
    byte[] v = meta.get(key);
    return v == null ? fallback : Integer.parseInt(new String(unseal(key, v), StandardCharsets.UTF_8));
  }

  static void putMeta(BTreeMap<String, byte[]> meta, String key, Object value) {
    meta.put(key, seal(key, String.valueOf(value).getBytes(StandardCharsets.UTF_8)));
  }

  static String metaString(BTreeMap<String, byte[]> meta, String key) {
    byte[] v = meta.get(key);
    return v == null ? "" : new String(unseal(key, v), StandardCharsets.UTF_8);
  }

  FileRecord record(String path) {
    return view().file(path);
  }

  static void closeQuietly(DB db) {
    try {
      if (!db.isClosed()) {
        db.close();
      }
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(Generation.class.getName()).log(java.util.logging.Level.FINE,
          "closing a damaged store failed", e);
    }
  }
}
