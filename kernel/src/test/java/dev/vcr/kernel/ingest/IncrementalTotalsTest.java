package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh in place counts definitions, references and calls from the records it read before it and
 * those of the paths it changed; the totals must be those of a clean index of the same files.
 */
class IncrementalTotalsTest {
  @Test
  void totalsAfterChangesAdditionsAndDeletionsEqualACleanIndexs(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 40);
    Path idx = tmp.resolve("index");
    IndexSummary first = Fixtures.index(ws, idx, 2);
    Fixtures.write(ws, 3, 1); // changed (one more helper in each changed file)
    Fixtures.write(ws, 17, 2);
    Files.delete(ws.resolve(Fixtures.pathOf(9)));
    Fixtures.write(ws, 40, 0); // added
    Fixtures.write(ws, 41, 0);
    IndexSummary grown = Fixtures.index(ws, idx, 2);
    assertEquals("incremental", grown.mode());
    IndexSummary clean = Fixtures.index(ws, tmp.resolve("clean"), 2);
    assertEquals(clean.indexHash(), grown.indexHash());
    assertEquals(clean.definitions(), grown.definitions());
    assertEquals(clean.references(), grown.references());
    assertEquals(clean.calls(), grown.calls());
    assertEquals(true, grown.definitions() != first.definitions(), "the changes change the totals");
    // and a refresh where nothing changed keeps them
    IndexSummary again = Fixtures.index(ws, idx, 2);
    assertEquals(clean.definitions(), again.definitions());
    assertEquals(clean.references(), again.references());
    assertEquals(clean.calls(), again.calls());
  }
}
