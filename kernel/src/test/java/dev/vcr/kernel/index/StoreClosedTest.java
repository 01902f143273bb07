package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexSummary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store used after close says so ({@link StoreClosedException}) instead of failing inside MapDB, and a
 * closed store is not a damaged one: nothing is logged as damage and the index on disk is kept.
 */
class StoreClosedTest {
  @TempDir Path tmp;

  @Test
  void readsAndWritesAfterCloseThrowStoreClosedAndAreNotDamage() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 8);
    Path idx = tmp.resolve("idx");
    IndexSummary s = Fixtures.index(ws, idx, 2);
    SymbolStore store = SymbolStore.open(idx);
    String hash = store.indexHash();
    assertEquals(s.indexHash(), hash);
    String path = store.files().firstKey();
    store.close();

    assertThrows(StoreClosedException.class, store::indexHash);
    assertThrows(StoreClosedException.class, store::fileCount);
    assertThrows(StoreClosedException.class, () -> store.facts(path));
    assertThrows(StoreClosedException.class, () -> store.definitions("Unit1"));
    assertThrows(StoreClosedException.class, () -> store.references("Unit1"));
    assertThrows(StoreClosedException.class, () -> store.forEachDefinitionName(n -> { }));
    assertThrows(StoreClosedException.class, store::sizeOnDisk);
    assertThrows(StoreClosedException.class, () -> store.apply(List.of(), List.of(path), dev.vcr.kernel.index.Linker.NONE));
    StoreClosedException e = assertThrows(StoreClosedException.class, () -> store.touch(java.util.Map.of(path, 1L)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(List.of(), store.recoveryLog(), "a closed store is not damaged");
    assertEquals(false, store.resetIfDamaged(), "nothing was flagged as damage");

    try (SymbolStore again = SymbolStore.open(idx)) {
      assertEquals(hash, again.indexHash(), "the index on disk was kept");
      assertEquals(List.of(), again.recoveryLog());
    }
  }
}
