package dev.vcr.kernel.index;

import static dev.vcr.kernel.index.Seal.unseal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mapdb.BTreeMap;

/**
 * Reads one generation's maps without locking: the live store wraps each call in its read lock, and a
 * build or an in-place change reads the generation it is writing (MapDB shows a writer its own writes).
 * Tables a generation does not have yet (a build before its link tables are sorted) read as empty.
 */
final class GenerationView implements IndexReader {
  private final String hash;
  private final BTreeMap<String, byte[]> files;
  private final BTreeMap<Integer, byte[]> fileIds;
  private final BTreeMap<Integer, byte[]> facts;
  private final BTreeMap<String, byte[]> defNames;
  private final BTreeMap<String, byte[]> refNames;
  private final BTreeMap<Integer, byte[]> links;
  private final BTreeMap<Long, byte[]> uses;
  private final BTreeMap<Long, byte[]> decls;
  private final Map<Integer, String> paths;
  /** A mapped copy of the definition-name table while a build links (see {@link FlatNames}), else null. */
  private final FlatNames flatDefs;
  /** The live generation's read caches, or null (a generation being built). */
  private final Generation.ReadCache cache;
  /** Decoded file records (the live generation's, or those of a generation being built), or null. */
  private final com.google.common.cache.Cache<String, FileRecord> records;
  private final BTreeMap<String, byte[]> meta;
  /** False for a path the generation certainly does not hold ({@link PathFilter}); null: ask the table. */
  private final java.util.function.Predicate<String> mayHold;

  GenerationView(String hash, BTreeMap<String, byte[]> files, BTreeMap<Integer, byte[]> fileIds,
      BTreeMap<Integer, byte[]> facts, BTreeMap<String, byte[]> defNames, BTreeMap<String, byte[]> refNames,
      BTreeMap<Integer, byte[]> links, BTreeMap<Long, byte[]> uses, BTreeMap<Long, byte[]> decls,
      Map<Integer, String> paths, FlatNames flatDefs, Generation.ReadCache cache,
      com.google.common.cache.Cache<String, FileRecord> records, BTreeMap<String, byte[]> meta,
      java.util.function.Predicate<String> mayHold) {
    this.meta = meta;
    this.mayHold = mayHold;
    this.flatDefs = flatDefs;
    this.cache = cache;
    this.records = records;
    this.hash = hash;
    this.files = files;
    this.fileIds = fileIds;
    this.facts = facts;
    this.defNames = defNames;
    this.refNames = refNames;
    this.links = links;
    this.uses = uses;
    this.decls = decls;
    this.paths = paths;
  }

  @Override
  public String indexHash() {
    return hash;
  }

  @Override
  public String layout() {
    return Generation.metaString(meta, Generation.LAYOUT);
  }

  @Override
  public FileRecord file(String path) {
    FileRecord cached = records == null ? null : records.getIfPresent(path);
    if (cached != null) {
      return cached;
    }
    if (mayHold != null && !mayHold.test(path)) {
      return null;
    }
    byte[] b = files.get(path);
    FileRecord rec = b == null ? null : FileRecord.decode(unseal(path, b));
    if (rec != null && records != null) {
      records.put(path, rec);
    }
    return rec;
  }

  /** Every indexed path, in order (a walk over the keys of the files table; no record is decoded). */
  List<String> paths() {
    return new java.util.ArrayList<>(files.keySet());
  }

  /** A file's unsealed links block, or null. */
  private byte[] linksBlock(int fileId) {
    byte[] cached = cache == null ? null : cache.links.getIfPresent(fileId);
    if (cached != null) {
      return cached;
    }
    byte[] b = links == null ? null : links.get(fileId);
    byte[] block = b == null ? null : unseal(fileId, b);
    if (block != null && cache != null) {
      cache.links.put(fileId, block);
    }
    return block;
  }

  @Override
  public byte[] encodedFacts(String path) {
    FileRecord rec = file(path);
    if (rec == null) {
      return null;
    }
    byte[] cached = cache == null ? null : cache.facts.getIfPresent(rec.fileId());
    if (cached != null) {
      return cached;
    }
    byte[] blob = facts.get(rec.fileId());
    byte[] block = blob == null ? null : Compression.unsealAndDecompress(rec.fileId(), blob);
    if (block != null && cache != null) {
      cache.facts.put(rec.fileId(), block);
    }
    return block;
  }

  /** The record and the block from this one view: the record's digest is the block's. */
  @Override
  public DigestedFacts digestedFacts(String path) {
    FileRecord rec = file(path);
    byte[] encoded = rec == null ? null : encodedFacts(path);
    return encoded == null ? null : new DigestedFacts(rec.factsDigest(), encoded);
  }

  @Override
  public List<String> filesDefining(String name) {
    byte[] v = definitionsValue(name);
    return v == null ? List.of() : paths(name, DefPostings.files(v));
  }

  @Override
  public List<DefEntry> definitionEntries(String name) {
    byte[] v = definitionsValue(name);
    if (v == null) {
      return List.of();
    }
    List<DefPostings.Raw> raw = DefPostings.entries(v);
    List<DefEntry> out = new ArrayList<>(raw.size());
    for (DefPostings.Raw e : raw) {
      String p = pathOf(e.fileId());
      if (p == null) {
        throw new StoreDamagedException("definitions of '" + name + "' name missing file id " + e.fileId(), null);
      }
      out.add(new DefEntry(p, e.ordinal(), e.kind(), e.arity(), e.id()));
    }
    // file ids follow path order after a full build, not after in-place additions
    out.sort(java.util.Comparator.comparing(DefEntry::path).thenComparingInt(DefEntry::ordinal));
    return out;
  }

  /** A name's definition postings, unsealed, or null. */
  private byte[] definitionsValue(String name) {
    if (flatDefs != null) {
      byte[] v = flatDefs.get(name);
      return v == null ? null : unseal(name, v);
    }
    byte[] cached = cache == null ? null : cache.defValues.getIfPresent(name);
    if (cached != null) {
      return cached;
    }
    byte[] v = defNames.get(name);
    byte[] value = v == null ? null : unseal(name, v);
    if (value != null && cache != null) {
      cache.defValues.put(name, value);
    }
    return value;
  }

  @Override
  public List<String> filesReferencing(String name) {
    return paths(refNames, name);
  }

  @Override
  public void forEachDefinitionName(Consumer<String> sink) {
    if (cache == null) {
      for (String name : defNames.keySet()) {
        sink.accept(name);
      }
      return;
    }
    // The whole table is read (the values come with the keys in each node): keep the postings, up to most
    // of the cache's budget, for the by-name reads that follow a name search.
    long room = Generation.ReadCache.DEF_VALUE_BYTES * 3 / 4;
    for (Map.Entry<String, byte[]> e : defNames.entrySet()) {
      String name = e.getKey();
      sink.accept(name);
      if (room > 0 && cache.defValues.getIfPresent(name) == null) {
        byte[] value = unseal(name, e.getValue());
        cache.defValues.put(name, value);
        room -= Generation.ReadCache.defValueWeight(name, value);
      }
    }
  }

  @Override
  public GraphSummary graphSummary(String path) {
    FileRecord rec = file(path);
    byte[] b = rec == null ? null : linksBlock(rec.fileId());
    return b == null ? null : Links.graphOf(b);
  }

  /**
   * Walks the links table and the file-id table side by side, both in file-id order: each B-tree leaf is
   * read once, where a lookup per path reads a leaf (and the path's record) for every file.
   */
  @Override
  public void forEachGraphSummary(java.util.function.BiConsumer<String, GraphSummary> each) {
    for (int from = Integer.MIN_VALUE; from != Integer.MAX_VALUE; ) {
      from = graphSummariesFrom(from, Integer.MAX_VALUE, each);
    }
  }

  /**
   * At most {@code max} summaries of the walk, from file id {@code from} on; returns the file id to go on
   * from, or {@link Integer#MAX_VALUE} at the end.
   */
  int graphSummariesFrom(int from, int max, java.util.function.BiConsumer<String, GraphSummary> each) {
    if (links == null) {
      return Integer.MAX_VALUE;
    }
    java.util.Iterator<Map.Entry<Integer, byte[]>> ids = fileIds.tailMap(from, true).entrySet().iterator();
    Map.Entry<Integer, byte[]> id = ids.hasNext() ? ids.next() : null;
    int n = 0;
    for (Map.Entry<Integer, byte[]> e : links.tailMap(from, true).entrySet()) {
      int fileId = e.getKey();
      if (n++ == max) {
        return fileId;
      }
      while (id != null && id.getKey() < fileId) {
        id = ids.hasNext() ? ids.next() : null;
      }
      if (id == null || id.getKey() != fileId) {
        continue; // no path: not a file of this generation
      }
      String path = new String(unseal(fileId, id.getValue()), StandardCharsets.UTF_8);
      each.accept(path, Links.graphOf(unseal(fileId, e.getValue())));
    }
    return Integer.MAX_VALUE;
  }

  @Override
  public Links links(String path) {
    byte[] b = linksBlock(path);
    return b == null ? null : Links.decode(b);
  }

  @Override
  public List<String> filesUsing(long id) {
    if (uses == null) {
      return List.of();
    }
    byte[] v = usesOf(id);
    return v == null ? List.of() : paths(SymbolIds.key(id), Postings.decode(v));
  }

  @Override
  public byte[] linksBlock(String path) {
    FileRecord rec = file(path);
    return rec == null ? null : linksBlock(rec.fileId());
  }

  @Override
  public int fileCountUsing(long id) {
    if (uses == null) {
      return 0;
    }
    byte[] v = usesOf(id);
    return v == null ? 0 : new Packer.Reader(v).varint();
  }

  /** The unsealed posting list of the files using a symbol, or null. */
  private byte[] usesOf(long id) {
    long key = SymbolIds.tableKey(id);
    byte[] cached = cache == null ? null : cache.uses.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    byte[] v = uses.get(key);
    byte[] postings = v == null ? null : unseal(SymbolIds.key(id), v);
    if (postings != null && cache != null) {
      cache.uses.put(key, postings);
    }
    return postings;
  }

  @Override
  public List<String> filesDeclaring(long id) {
    if (decls == null) {
      return List.of();
    }
    byte[] v = decls.get(SymbolIds.tableKey(id));
    String key = SymbolIds.key(id);
    return v == null ? List.of() : paths(key, Postings.decode(unseal(key, v)));
  }

  private List<String> paths(BTreeMap<String, byte[]> table, String key) {
    byte[] v = table.get(key);
    return v == null ? List.of() : paths(key, Postings.decode(unseal(key, v)));
  }

  private List<String> paths(String key, int[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      String p = pathOf(id);
      if (p == null) {
        throw new StoreDamagedException("posting of '" + key + "' names missing file id " + id, null);
      }
      out.add(p);
    }
    out.sort(null); // ids follow path order after a full build, not after in-place additions
    return out;
  }

  String pathOf(int fileId) {
    String cached = paths.get(fileId);
    if (cached != null) {
      return cached;
    }
    byte[] b = fileIds.get(fileId);
    if (b == null) {
      return null;
    }
    String path = new String(unseal(fileId, b), StandardCharsets.UTF_8);
    paths.put(fileId, path);
    return path;
  }
}
