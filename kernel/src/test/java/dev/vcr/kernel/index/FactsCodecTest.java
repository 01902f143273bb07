package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.model.FileFacts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The definitions-only decoding (lazy string table) gives exactly the full decoding's definitions. */
class FactsCodecTest {
  @TempDir Path tmp;

  @Test
  void definitionsAloneEqualTheFullDecodingsAcrossLanguages() throws Exception {
    Path ws = tmp.resolve("ws");
    List<String> paths = Fixtures.generate(ws, 48);
    Fixtures.index(ws, tmp.resolve("idx"), 2);
    int checked = 0;
    try (SymbolStore store = SymbolStore.open(tmp.resolve("idx"))) {
      for (String path : paths) {
        byte[] blob = store.encodedFacts(path);
        if (blob == null) {
          continue;
        }
        FileFacts full = FactsCodec.decode(blob);
        assertEquals(full.definitions(), FactsCodec.decodeDefinitions(blob), path);
        assertEquals(full, FactsCodec.decode(FactsCodec.encode(full)), path);
        // some references alone: every third one, and the last
        int n = full.references().size();
        int[] ordinals = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 == 1 || i == n - 1).toArray();
        FactsCodec.SomeReferences some = FactsCodec.referencesAt(blob, ordinals);
        assertEquals(n, some.referenceCount(), path);
        for (int i = 0; i < ordinals.length; i++) {
          assertEquals(full.references().get(ordinals[i]), some.references()[i], path + " #" + ordinals[i]);
        }
        assertEquals(n, FactsCodec.referencesAt(blob, new int[0]).referenceCount(), path);
        checked++;
      }
    }
    assertTrue(checked >= 40, "files checked: " + checked);
  }
}
