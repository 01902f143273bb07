package dev.vcr.kernel.query;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/**
 * The persistent store as a {@link SymbolSource}, with bounded caches of decoded file facts and of
 * definitions by name shared by all requests (decoding is most of a query's cost: resolving one common
 * name reads thousands of facts and definition lists). The caches are dropped whenever the index hash
 * changes, so they never serve an older index. Thread-safe.
 */
public final class StoreSource implements SymbolSource {
  private static final long CACHE_REFERENCES = 2_000_000;
  private static final long CACHE_DEFINITIONS = 500_000;

  private final SymbolStore store;
  private volatile Caches caches = new Caches("");

  /**
   * The caches of one index hash. A request works with the object it found, and fills it only with what
   * it read while the store still had that hash; when the hash changes, a new object replaces it, so a late
   * fill of the old one can never be served.
   */
  private static final class Caches {
    final String hash;
    final com.google.common.cache.Cache<String, java.util.Optional<FileFacts>> facts =
        com.google.common.cache.CacheBuilder.newBuilder()
            .maximumWeight(CACHE_REFERENCES)
            .<String, java.util.Optional<FileFacts>>weigher((k, v) -> 1 + v.map(f -> f.references().size() + f.definitions().size()).orElse(0))
            .build();
    final com.google.common.cache.Cache<String, List<DefHit>> definitions =
        com.google.common.cache.CacheBuilder.newBuilder()
            .maximumWeight(CACHE_DEFINITIONS)
            .<String, List<DefHit>>weigher((k, v) -> 1 + v.size())
            .build();

    Caches(String hash) {
      this.hash = hash;
    }
  }

  public StoreSource(SymbolStore store) {
    this.store = store;
  }

  /** The caches of the store's current index hash. */
  private Caches current() {
    String hash = store.indexHash();
    Caches c = caches;
    if (!c.hash.equals(hash)) {
      synchronized (this) {
        c = caches;
        if (!c.hash.equals(hash)) {
          c = new Caches(hash);
          caches = c;
        }
      }
    }
    return c;
  }

  @Override
  public FileFacts facts(String path) {
    Caches c = current();
    return cached(c, c.facts, path, () -> java.util.Optional.ofNullable(store.facts(path))).orElse(null);
  }

  @Override
  public List<DefHit> definitions(String name) {
    Caches c = current();
    return cached(c, c.definitions, name, () -> List.copyOf(store.definitions(name)));
  }

  /** A cached value, or one read from the store, kept only if the store still has the caches' hash. */
  private <V> V cached(Caches c, com.google.common.cache.Cache<String, V> cache, String key,
      java.util.function.Supplier<V> read) {
    V v = cache.getIfPresent(key);
    if (v == null) {
      v = read.get();
      if (c.hash.equals(store.indexHash())) {
        cache.put(key, v);
      }
    }
    return v;
  }

  @Override
  public List<RefHit> references(String name) {
    return store.references(name);
  }

  @Override
  public List<RefHit> callsFrom(String path, int ordinal) {
    return store.callsFrom(path, ordinal);
  }

  @Override
  public List<NameTable.Match> searchNames(String query, int limit) {
    return nameTable().search(query, limit);
  }

  /** The name table of the store's current content, rebuilt when the index hash changes. */
  private NameTable nameTable() {
    String hash = store.indexHash();
    synchronized (this) {
      if (table == null || !hash.equals(tableHash)) {
        List<String> names = new java.util.ArrayList<>();
        store.forEachDefinitionName(names::add);
        table = new NameTable(names);
        tableHash = hash;
      }
      return table;
    }
  }

  private NameTable table;
  private String tableHash;
}
