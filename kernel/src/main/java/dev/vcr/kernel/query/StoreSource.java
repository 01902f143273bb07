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
  private final com.google.common.cache.Cache<String, java.util.Optional<FileFacts>> facts =
      com.google.common.cache.CacheBuilder.newBuilder()
          .maximumWeight(CACHE_REFERENCES)
          .<String, java.util.Optional<FileFacts>>weigher((k, v) -> 1 + v.map(f -> f.references().size() + f.definitions().size()).orElse(0))
          .build();
  private final com.google.common.cache.Cache<String, List<DefHit>> definitions =
      com.google.common.cache.CacheBuilder.newBuilder()
          .maximumWeight(CACHE_DEFINITIONS)
          .<String, List<DefHit>>weigher((k, v) -> 1 + v.size())
          .build();
  private volatile String cachedHash = "";

  public StoreSource(SymbolStore store) {
    this.store = store;
  }

  /** The current index hash, after dropping the caches if it changed since they were filled. */
  private String currentHash() {
    String hash = store.indexHash();
    if (!hash.equals(cachedHash)) {
      synchronized (this) {
        if (!hash.equals(cachedHash)) {
          facts.invalidateAll();
          definitions.invalidateAll();
          cachedHash = hash;
        }
      }
    }
    return hash;
  }

  @Override
  public FileFacts facts(String path) {
    String hash = currentHash();
    java.util.Optional<FileFacts> cached = facts.getIfPresent(path);
    if (cached == null) {
      cached = java.util.Optional.ofNullable(store.facts(path));
      if (hash.equals(store.indexHash())) {
        facts.put(path, cached);
      }
    }
    return cached.orElse(null);
  }

  @Override
  public List<DefHit> definitions(String name) {
    String hash = currentHash();
    List<DefHit> cached = definitions.getIfPresent(name);
    if (cached == null) {
      cached = List.copyOf(store.definitions(name));
      if (hash.equals(store.indexHash())) {
        definitions.put(name, cached);
      }
    }
    return cached;
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
