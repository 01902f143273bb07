package dev.vcr.kernel.query;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/** The persistent store as a {@link SymbolSource}. */
public final class StoreSource implements SymbolSource {
  private final SymbolStore store;

  public StoreSource(SymbolStore store) {
    this.store = store;
  }

  @Override
  public FileFacts facts(String path) {
    return store.facts(path);
  }

  @Override
  public List<DefHit> definitions(String name) {
    return store.definitions(name);
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
