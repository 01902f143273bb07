package dev.vcr.kernel.query;

import dev.vcr.kernel.index.DefEntry;
import dev.vcr.kernel.index.FileRecord;
import dev.vcr.kernel.index.Hits;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.index.IndexReader;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;

/**
 * The persistent store as a {@link SymbolSource}, with bounded caches shared by all requests: decoded file
 * facts (decoding is most of a query's cost: resolving one common name reads thousands of facts), and
 * definitions by name. A cached file's facts are used only while the file's record still carries the same
 * facts digest, so that cache survives saves and serves no older content. The by-name caches and the name
 * table belong to one index hash; when the hash moves, the store's {@link IndexReader#definitionChanges}
 * says which names the change touched, and only their entries are dropped (the name table is kept when no
 * name was added or removed). Thread-safe.
 */
public final class StoreSource implements SymbolSource {
  private static final long CACHE_REFERENCES = 2_000_000;
  private static final long CACHE_DEFINITIONS = 500_000;
  /** Cached use counts (about 100 bytes each). */
  private static final long USE_COUNTS = 100_000;
  /** How many single definitions ({@link #definitionAt}) a hash's caches keep. */
  private static final long HITS = 20_000;

  private record HitKey(String name, String path, int ordinal) {}

  private final IndexReader store;
  private final com.google.common.cache.Cache<String, Decoded> facts;
  private final long definitionsWeight;
  private final boolean frozen;
  private volatile Caches caches;

  /** Facts as decoded, with the digest of the block they came from. */
  private record Decoded(long digest, FileFacts facts) {}

  /** A file's definitions alone, with the digest of the block they came from. */
  private record DecodedDefinitions(long digest, List<Definition> definitions) {}

  /**
   * Decoded facts and definitions kept from one frozen source to the next, by path, each used only while the
   * file's record carries the digest it was decoded from (a digest names the content, whichever view it was
   * read in). The relink of a saved file reads the same headers, supertypes and imports as the last one.
   */
  static final class Carried {
    private final com.google.common.cache.Cache<String, Decoded> facts;
    private final com.google.common.cache.Cache<String, DecodedDefinitions> definitions;

    Carried(long factsWeight) {
      facts = com.google.common.cache.CacheBuilder.newBuilder().maximumWeight(factsWeight)
          .<String, Decoded>weigher((k, v) -> 1 + v.facts.references().size() + v.facts.definitions().size())
          .build();
      definitions = com.google.common.cache.CacheBuilder.newBuilder().maximumWeight(factsWeight)
          .<String, DecodedDefinitions>weigher((k, v) -> 1 + v.definitions.size()).build();
    }

    /** How many files' facts it holds (for tests). */
    long size() {
      return facts.size();
    }

    void clear() {
      facts.invalidateAll();
      definitions.invalidateAll();
    }

    /** What it holds: files and weight (references plus definitions) of facts, and of definitions alone. */
    String describe() {
      long factsWeight = 0;
      for (Decoded d : facts.asMap().values()) {
        factsWeight += d.facts.references().size() + d.facts.definitions().size();
      }
      long definitionsWeight = 0;
      for (DecodedDefinitions d : definitions.asMap().values()) {
        definitionsWeight += d.definitions.size();
      }
      return facts.size() + " files' facts (" + factsWeight + " references and definitions), "
          + definitions.size() + " files' definitions (" + definitionsWeight + ")";
    }
  }

  /** Carried from earlier frozen sources, or null. */
  private final Carried carried;

  private final com.google.common.cache.Cache<String, DecodedDefinitions> definitionsOnly;

  /**
   * The caches of one index hash. A request works with the object it found, and fills it only with what
   * it read while the store still had that hash; when the hash changes, a new object replaces it, so a late
   * fill of the old one can never be served.
   */
  private static final class Caches {
    final String hash;
    final com.google.common.cache.Cache<String, List<DefHit>> definitions;
    final com.google.common.cache.Cache<String, List<DefEntry>> entries;
    /**
     * Use counts by symbol id ({@link #linkedUseCount}: workspace-symbol popularity reads hundreds per
     * query, each a read of the uses table and of up to 32 links blocks).
     */
    final com.google.common.cache.Cache<Long, Integer> useCounts =
        com.google.common.cache.CacheBuilder.newBuilder().maximumSize(USE_COUNTS).build();
    /**
     * Single definitions by name, path and ordinal ({@link #definitionAt}: a workspace-symbol answer reads
     * only the definitions it lists, and the next keystroke's answer lists most of them again).
     */
    final com.google.common.cache.Cache<HitKey, DefHit> hits =
        com.google.common.cache.CacheBuilder.newBuilder().maximumSize(HITS).build();
    /** Made on first use: the include edges of this hash (they depend on which files exist, so not carried). */
    volatile dev.vcr.kernel.resolve.IncludeEdges includes;
    /** The project layout of this hash, decoded on first use. */
    volatile dev.vcr.kernel.resolve.ProjectLayout layout;

    /**
     * The caches of {@code hash}, keeping what {@code older} holds for the names that did not change in
     * between (so a save drops only the entries of the names its files define), and the use counts of the
     * ids whose uses did not change (those of the links blocks the changes rewrote).
     */
    Caches carriedTo(String hash, long weight, IndexReader.DefinitionChanges changes) {
      java.util.Set<String> changed = changes.names();
      Caches c = new Caches(hash, weight);
      if (changes.usesChanged() != null) {
        useCounts.asMap().forEach((id, n) -> {
          if (!changes.usesMayHaveChanged(id)) {
            c.useCounts.put(id, n);
          }
        });
      }
      definitions.asMap().forEach((name, v) -> {
        if (!changed.contains(name)) {
          c.definitions.put(name, v);
        }
      });
      entries.asMap().forEach((name, v) -> {
        if (!changed.contains(name)) {
          c.entries.put(name, v);
        }
      });
      hits.asMap().forEach((key, v) -> {
        if (!changed.contains(key.name())) {
          c.hits.put(key, v);
        }
      });
      return c;
    }

    Caches(String hash, long weight) {
      this.hash = hash;
      this.definitions = com.google.common.cache.CacheBuilder.newBuilder()
          .maximumWeight(weight)
          .<String, List<DefHit>>weigher((k, v) -> 1 + v.size())
          .build();
      this.entries = com.google.common.cache.CacheBuilder.newBuilder()
          .maximumWeight(weight)
          .<String, List<DefEntry>>weigher((k, v) -> 1 + v.size())
          .build();
    }
  }

  public StoreSource(IndexReader store) {
    this(store, CACHE_REFERENCES, CACHE_DEFINITIONS);
  }

  /**
   * A source whose caches hold about {@code factsWeight} decoded references and definitions and
   * {@code definitionsWeight} by-name hits (the resolution pass of a build uses small ones: it reads each
   * file's facts once in order, and what it reads again is the few files that declare popular names).
   */
  public StoreSource(IndexReader store, long factsWeight, long definitionsWeight) {
    this(store, factsWeight, definitionsWeight, false, null);
  }

  /**
   * With {@code frozen}, the reader's content never changes while this source is used; {@code carried}
   * (or null) holds what earlier sources decoded, and receives what this one decodes.
   */
  StoreSource(IndexReader store, long factsWeight, long definitionsWeight, boolean frozen, Carried carried) {
    this.frozen = frozen;
    this.carried = carried;
    this.store = store;
    this.definitionsWeight = definitionsWeight;
    this.caches = new Caches("", definitionsWeight);
    this.definitionsOnly = com.google.common.cache.CacheBuilder.newBuilder()
        .maximumWeight(factsWeight / 4)
        .<String, DecodedDefinitions>weigher((k, v) -> 1 + v.definitions.size())
        .build();
    this.facts = com.google.common.cache.CacheBuilder.newBuilder()
        .maximumWeight(factsWeight)
        .<String, Decoded>weigher((k, v) -> 1 + v.facts.references().size() + v.facts.definitions().size())
        .build();
  }

  /** The caches of the store's current index hash. */
  private Caches current() {
    String hash = store.indexHash();
    Caches c = caches;
    if (!c.hash.equals(hash)) {
      synchronized (this) {
        c = caches;
        if (!c.hash.equals(hash)) {
          IndexReader.DefinitionChanges changed = store.definitionChanges(c.hash, hash);
          c = changed == null ? new Caches(hash, definitionsWeight)
              : c.carriedTo(hash, definitionsWeight, changed);
          caches = c;
        }
      }
    }
    return c;
  }

  @Override
  public dev.vcr.kernel.lang.Language language(String path) {
    if (frozen) {
      java.util.Optional<dev.vcr.kernel.lang.Language> known = languages.getIfPresent(path);
      if (known == null) {
        known = languageOfRecord(path);
        if (known.isPresent()) { // an absent path is cheap to ask again (the store's path filter says no)
          languages.put(path, known);
        }
      }
      return known.orElse(null);
    }
    return languageOfRecord(path).orElse(null);
  }

  private java.util.Optional<dev.vcr.kernel.lang.Language> languageOfRecord(String path) {
    FileRecord rec = store.file(path);
    return rec == null ? java.util.Optional.empty() : dev.vcr.kernel.lang.Language.forId(rec.language());
  }

  /**
   * A frozen view's file languages, of the files it holds (the resolvers ask of every file a C unit might
   * include; most of what they ask about is not there, which the store's path filter answers).
   */
  private final com.google.common.cache.Cache<String, java.util.Optional<dev.vcr.kernel.lang.Language>> languages =
      com.google.common.cache.CacheBuilder.newBuilder().maximumSize(262_144).build();

  /** The store's project layout (decoded once per index hash). */
  @Override
  public dev.vcr.kernel.resolve.ProjectLayout layout() {
    Caches c = current();
    dev.vcr.kernel.resolve.ProjectLayout l = c.layout;
    if (l == null) {
      l = dev.vcr.kernel.resolve.ProjectLayout.decode(store.layout());
      c.layout = l;
    }
    return l;
  }

  /**
   * The include edges of the store's current index hash, shared by all requests (in the link pass, by all
   * its threads); a change of hash starts afresh.
   */
  @Override
  public dev.vcr.kernel.resolve.IncludeEdges sharedIncludes() {
    Caches c = current();
    dev.vcr.kernel.resolve.IncludeEdges e = c.includes;
    if (e == null) {
      synchronized (c) {
        e = c.includes;
        if (e == null) {
          e = new dev.vcr.kernel.resolve.IncludeEdges(new dev.vcr.kernel.resolve.Lookup() {
            @Override
            public FileFacts facts(String path) {
              return StoreSource.this.facts(path);
            }

            @Override
            public List<DefHit> definitionsNamed(String name) {
              return StoreSource.this.definitions(name);
            }

            @Override
            public dev.vcr.kernel.lang.Language language(String path) {
              return StoreSource.this.language(path);
            }
          }, layout().includes());
          c.includes = e;
        }
      }
    }
    return e;
  }

  /** The facts of a file if this source holds them decoded and current, else null (nothing is read). */
  private FileFacts cachedFacts(String path) {
    Decoded d = facts.getIfPresent(path);
    return d != null && current(path, d.digest) ? d.facts : null;
  }

  /**
   * Whether something decoded from a block of this digest is {@code path}'s current content: in a frozen
   * source always (the view cannot change, and a record read is a B-tree lookup), else by its record.
   */
  private boolean current(String path, long digest) {
    if (frozen) {
      return true;
    }
    FileRecord rec = store.file(path);
    return rec != null && digest == rec.factsDigest();
  }

  /** A file's definitions from the cache of definitions alone, if they are there and current; else null. */
  private List<Definition> cachedDefinitions(String path) {
    DecodedDefinitions d = definitionsOnly.getIfPresent(path);
    return d != null && current(path, d.digest) ? d.definitions : null;
  }

  @Override
  public FileFacts facts(String path) {
    if (frozen) {
      // The view cannot change (a generation being linked): what is cached is current.
      Decoded d = facts.getIfPresent(path);
      if (d != null) {
        return d.facts;
      }
    }
    FileRecord rec = store.file(path);
    if (rec == null) {
      return null;
    }
    Decoded d = facts.getIfPresent(path);
    if (d != null && d.digest == rec.factsDigest()) {
      return d.facts;
    }
    Decoded kept = carried == null ? null : carried.facts.getIfPresent(path);
    if (kept != null && kept.digest == rec.factsDigest()) {
      facts.put(path, kept);
      return kept.facts;
    }
    IndexReader.DigestedFacts read = store.digestedFacts(path);
    if (read == null) {
      return null;
    }
    FileFacts f = dev.vcr.kernel.index.FactsCodec.decode(read.encoded());
    Decoded decoded = new Decoded(read.digest(), f);
    facts.put(path, decoded);
    if (carried != null) {
      carried.facts.put(path, decoded);
    }
    return f;
  }

  /**
   * A file's definitions: from its decoded facts when cached, else from a cache of definitions alone
   * (checked against the facts digest like the facts), else decoded without the references.
   */
  @Override
  public List<Definition> definitionsIn(String path) {
    FileFacts f = cachedFacts(path);
    if (f != null) {
      return f.definitions();
    }
    List<Definition> known = cachedDefinitions(path);
    if (known != null) {
      return known;
    }
    FileRecord rec = store.file(path);
    if (rec == null) {
      return null;
    }
    DecodedDefinitions kept = carried == null ? null : carried.definitions.getIfPresent(path);
    if (kept != null && kept.digest == rec.factsDigest()) {
      definitionsOnly.put(path, kept);
      return kept.definitions;
    }
    IndexReader.DigestedFacts read = store.digestedFacts(path);
    if (read == null) {
      return null;
    }
    List<Definition> defs = dev.vcr.kernel.index.FactsCodec.decodeDefinitions(read.encoded());
    DecodedDefinitions decoded = new DecodedDefinitions(read.digest(), defs);
    definitionsOnly.put(path, decoded);
    if (carried != null) {
      carried.definitions.put(path, decoded);
    }
    return defs;
  }

  /**
   * From the file's decoded facts or definitions when they are cached (checked as {@link #definitionsIn}
   * checks them), else decoded alone from its block, and not cached: most of an incoming-calls answer's
   * files are read for one or two callers each.
   */
  @Override
  public Definition[] definitionsAt(String path, int[] ordinals) {
    FileFacts f = cachedFacts(path);
    List<Definition> known = f != null ? f.definitions() : cachedDefinitions(path);
    if (known != null) {
      return SymbolSource.pick(known, ordinals);
    }
    byte[] blob = store.encodedFacts(path);
    return blob == null ? null : dev.vcr.kernel.index.FactsCodec.definitionsAt(blob, ordinals);
  }

  @Override
  public List<DefHit> definitions(String name) {
    Caches c = current();
    List<DefHit> v = c.definitions.getIfPresent(name);
    if (v == null) {
      List<DefHit> out = new java.util.ArrayList<>();
      if (frozen) {
        // The resolution pass goes on to read the members of what it finds: it caches facts.
        for (String path : store.filesDefining(name)) {
          FileFacts f = facts(path);
          if (f != null) {
            Hits.definitionsIn(path, f, name, out);
          }
        }
      } else {
        // For a query, a file whose facts are not cached is read for its definitions alone (a
        // workspace-symbol answer lists hundreds of files; their references are not needed, nor worth
        // caching); the name's definition entries (one read of the name table) give the files, and in
        // each the ordinals of the definitions of the name.
        List<DefEntry> entries = definitionEntries(name);
        for (int i = 0; i < entries.size(); ) {
          String path = entries.get(i).path();
          int end = i + 1;
          while (end < entries.size() && entries.get(end).path().equals(path)) {
            end++;
          }
          List<Definition> defs = definitionsIn(path);
          if (defs != null) {
            definitionsAt(path, defs, name, entries.subList(i, end), out);
          }
          i = end;
        }
      }
      v = List.copyOf(out);
      if (c.hash.equals(store.indexHash())) {
        c.definitions.put(name, v);
      }
    }
    return v;
  }

  /**
   * A file's definitions of a name, as {@link Hits#definitionsIn} finds them, taken at the ordinals of the
   * name's entries for that file (sorted); if the entries do not match the definitions (the file changed in
   * between), the definitions are scanned.
   */
  private static void definitionsAt(String path, List<Definition> defs, String name, List<DefEntry> entries,
      List<DefHit> out) {
    int start = out.size();
    for (DefEntry e : entries) {
      int k = e.ordinal();
      Definition d = k >= 0 && k < defs.size() ? defs.get(k) : null;
      if (d == null || !d.kind().isNamed() || !d.name().equals(name)) {
        out.subList(start, out.size()).clear();
        Hits.definitionsIn(path, defs, name, out);
        return;
      }
      out.add(new DefHit(path, k, d));
    }
  }

  /**
   * From the name's cached definitions when they are cached, else from a cache of single definitions, else
   * from the file's definitions.
   */
  @Override
  public DefHit definitionAt(String path, int ordinal, String name) {
    if (frozen) {
      return SymbolSource.super.definitionAt(path, ordinal, name);
    }
    Caches c = current();
    List<DefHit> all = c.definitions.getIfPresent(name);
    if (all != null) {
      int lo = 0;
      int hi = all.size() - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        DefHit h = all.get(mid);
        int cmp = h.path().compareTo(path);
        cmp = cmp != 0 ? cmp : Integer.compare(h.ordinal(), ordinal);
        if (cmp == 0) {
          return h;
        }
        if (cmp < 0) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return null;
    }
    HitKey key = new HitKey(name, path, ordinal);
    DefHit h = c.hits.getIfPresent(key);
    if (h == null) {
      h = decodedAlone(path, ordinal, name);
      if (h != null && c.hash.equals(store.indexHash())) {
        c.hits.put(key, h);
      }
    }
    return h;
  }

  /**
   * Definition {@code ordinal} of {@code path} as {@link SymbolSource#definitionAt} gives it, from the file's
   * cached facts when they are cached, else decoded alone from the file's block: one Linux register header
   * holds 40,000 macros, and a workspace-symbol answer lists one definition of each of 256 files.
   */
  private DefHit decodedAlone(String path, int ordinal, String name) {
    if (cachedFacts(path) != null) {
      return SymbolSource.super.definitionAt(path, ordinal, name);
    }
    byte[] blob = store.encodedFacts(path);
    Definition d = blob == null ? null : dev.vcr.kernel.index.FactsCodec.definitionAt(blob, ordinal);
    return d != null && d.kind().isNamed() && d.name().equals(name) ? new DefHit(path, ordinal, d) : null;
  }

  @Override
  public List<DefEntry> definitionEntries(String name) {
    Caches c = current();
    List<DefEntry> v = c.entries.getIfPresent(name);
    if (v == null) {
      v = store.definitionEntries(name);
      if (c.hash.equals(store.indexHash())) {
        c.entries.put(name, v);
      }
    }
    return v;
  }

  @Override
  public List<RefHit> references(String name) {
    List<RefHit> out = new java.util.ArrayList<>();
    for (String path : store.filesReferencing(name)) {
      FileFacts f = facts(path);
      if (f != null) {
        Hits.referencesIn(path, f, name, out);
      }
    }
    return out;
  }

  @Override
  public List<String> filesReferencing(String name) {
    return store.filesReferencing(name);
  }

  @Override
  public List<RefHit> callsFrom(String path, int ordinal) {
    List<RefHit> out = new java.util.ArrayList<>();
    FileFacts f = facts(path);
    if (f != null) {
      Hits.callsFrom(path, f, ordinal, out);
    }
    return out;
  }

  @Override
  public List<RefHit> linkedReferences(long id) {
    return linkedReferences(id, null);
  }

  @Override
  public List<RefHit> linkedReferences(long id, java.util.Set<String> files) {
    List<RefHit> out = new java.util.ArrayList<>();
    linkedReferences(id, files, out::addAll);
    return out;
  }

  /** Each file's: its references are read from its decoded facts when cached, else from its block alone. */
  @Override
  public void linkedReferences(long id, java.util.Set<String> files, java.util.function.Consumer<List<RefHit>> perFile) {
    eachLinkedFile(id, files, (path, ordinals, linked) -> {
      List<RefHit> out = new java.util.ArrayList<>(ordinals.length);
      FileFacts f = cachedFacts(path);
      if (f != null && dev.vcr.kernel.index.FactsCodec.isDecoded(f.references())) {
        if (linked != f.references().size()) {
          return; // changed between the reads: the next request sees the new batch whole
        }
        for (int ordinal : ordinals) {
          out.add(new RefHit(path, ordinal, f.references().get(ordinal)));
        }
      } else {
        // Not decoded yet (or not its references): read only the references asked for (a common name's
        // answer spans hundreds of files, most of which the request needs nothing else from).
        byte[] blob = store.encodedFacts(path);
        dev.vcr.kernel.index.FactsCodec.SomeReferences some;
        try {
          some = blob == null ? null : dev.vcr.kernel.index.FactsCodec.referencesAt(blob, ordinals);
        } catch (IllegalArgumentException changed) {
          return; // the links block and the facts are from different batches
        }
        if (some == null || some.referenceCount() != linked) {
          return;
        }
        for (int i = 0; i < ordinals.length; i++) {
          out.add(new RefHit(path, ordinals[i], some.references()[i]));
        }
      }
      if (!out.isEmpty()) {
        perFile.accept(out);
      }
    });
  }

  /** As {@link #linkedReferences}, the calls only; from a block, without decoding the references' strings. */
  @Override
  public void linkedCalls(long id, java.util.Set<String> files,
      java.util.function.Consumer<List<Hits.CallSite>> perFile) {
    eachLinkedFile(id, files, (path, ordinals, linked) -> {
      List<Hits.CallSite> out = new java.util.ArrayList<>(ordinals.length);
      FileFacts f = cachedFacts(path);
      if (f != null && dev.vcr.kernel.index.FactsCodec.isDecoded(f.references())) {
        if (linked != f.references().size()) {
          return;
        }
        for (int ordinal : ordinals) {
          Reference r = f.references().get(ordinal);
          if (r.role().isCall()) {
            out.add(new Hits.CallSite(path, ordinal, r.span(), r.container()));
          }
        }
      } else {
        byte[] blob = store.encodedFacts(path);
        dev.vcr.kernel.index.FactsCodec.Sites some;
        try {
          some = blob == null ? null : dev.vcr.kernel.index.FactsCodec.sitesAt(blob, ordinals);
        } catch (IllegalArgumentException changed) {
          return;
        }
        if (some == null || some.referenceCount() != linked) {
          return;
        }
        for (int i = 0; i < ordinals.length; i++) {
          if (some.roles()[i].isCall()) {
            out.add(new Hits.CallSite(path, ordinals[i], some.spans()[i], some.containers()[i]));
          }
        }
      }
      if (!out.isEmpty()) {
        perFile.accept(out);
      }
    });
  }

  private interface LinkedFile {
    /** A file's references linked to the id ({@code ordinals}), and how many references its links cover. */
    void read(String path, int[] ordinals, int linked);
  }

  /** The files that use {@code id} (of {@code files} only, unless null), in path order, with their links. */
  private void eachLinkedFile(long id, java.util.Set<String> files, LinkedFile each) {
    for (String path : store.filesUsing(id)) {
      if (files != null && !files.contains(path)) {
        continue;
      }
      byte[] block = store.linksBlock(path);
      if (block == null) {
        continue; // removed since the list was read
      }
      each.read(path, dev.vcr.kernel.index.Links.referencesTo(block, id),
          dev.vcr.kernel.index.Links.referenceCount(block));
    }
  }

  /** Above this many using files, popularity counts files instead of reading each one's links. */
  private static final int EXACT_COUNT_FILES = 32;

  /**
   * How many references link to {@code id} (estimated when many files use it, see below): cached per index
   * hash, and carried to the next hash unless a change rewrote a links block that links, or linked, to it.
   */
  @Override
  public int linkedUseCount(long id) {
    if (frozen) {
      return countUses(id);
    }
    Caches c = current();
    Integer known = c.useCounts.getIfPresent(id);
    if (known != null) {
      return known;
    }
    int n = countUses(id);
    if (c.hash.equals(store.indexHash())) {
      c.useCounts.put(id, n);
    }
    return n;
  }

  @Override
  public int linkedFileCount(long id) {
    return store.fileCountUsing(id);
  }

  /** The use count cached for {@code id} under the store's current hash, or null (for tests). */
  Integer cachedUseCount(long id) {
    return current().useCounts.getIfPresent(id);
  }

  private int countUses(long id) {
    int fileCount = store.fileCountUsing(id);
    if (fileCount > EXACT_COUNT_FILES) {
      return fileCount * 2; // widely used: estimated at two uses per file, without reading them
    }
    int n = 0;
    for (String path : store.filesUsing(id)) {
      byte[] block = store.linksBlock(path);
      n += block == null ? 0 : dev.vcr.kernel.index.Links.count(block, id);
    }
    return n;
  }

  @Override
  public List<NameTable.Match> searchNames(String query, int limit) {
    return nameTable().search(query, limit);
  }

  /**
   * The name table of the store's current content. When the index hash changes, the changes since the table
   * was built name the definition names they touched: those that still have definitions stay in (or come
   * into) the table, the others leave it. Only a change the store cannot describe (a large one) reads every
   * name again: on Linux that read is seconds and gigabytes of allocation, a save adds a name in a moment.
   * Made under its own lock: the other caches' hash change ({@link #current}) does not wait for it.
   */
  private NameTable nameTable() {
    String hash = store.indexHash();
    synchronized (tableLock) {
      if (table != null && !hash.equals(tableHash)) {
        IndexReader.DefinitionChanges changed = store.definitionChanges(tableHash, hash);
        if (changed != null) {
          if (changed.nameSetChanged()) {
            List<String> present = new java.util.ArrayList<>();
            List<String> absent = new java.util.ArrayList<>();
            for (String name : changed.names()) {
              (store.definitionEntries(name).isEmpty() ? absent : present).add(name);
            }
            table = table.updated(present, absent);
          }
          tableHash = hash;
        }
      }
      if (table == null || !hash.equals(tableHash)) {
        NameTable.Builder names = new NameTable.Builder();
        store.forEachDefinitionName(names::add);
        table = names.build();
        tableHash = hash;
      }
      return table;
    }
  }

  /**
   * Brings the name table up to the store's current content now, so that no workspace-symbol request pays
   * for it: the servers call it after each indexing run (on Linux the first table takes 2-3 s).
   */
  public void prepareNameTable() {
    nameTable();
  }

  /** Whether the name table is made and matches the store's current content (for tests). */
  public boolean nameTableCurrent() {
    synchronized (tableLock) {
      return table != null && store.indexHash().equals(tableHash);
    }
  }

  private final Object tableLock = new Object();
  private NameTable table;
  private String tableHash;
}
