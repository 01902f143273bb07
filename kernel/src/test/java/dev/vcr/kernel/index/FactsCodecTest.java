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
  void referencesAtReachesAnyReferenceOfALongFileFromItsCheckpoints() {
    java.util.Random rnd = new java.util.Random(11);
    List<dev.vcr.kernel.model.Reference> refs = new java.util.ArrayList<>();
    int line = 0;
    int container = -1;
    dev.vcr.kernel.model.RefRole[] roles = dev.vcr.kernel.model.RefRole.values();
    for (int k = 0; k < 700; k++) {
      line += rnd.nextInt(3);
      int col = rnd.nextInt(80);
      int wide = rnd.nextInt(10) == 0 ? 2 : 0; // UTF-16 columns that differ from the byte columns
      int endLine = line + (rnd.nextInt(20) == 0 ? 1 : 0);
      container = rnd.nextInt(5) == 0 ? rnd.nextInt(40) - 1 : container;
      refs.add(new dev.vcr.kernel.model.Reference("n" + rnd.nextInt(30), roles[rnd.nextInt(roles.length)],
          new dev.vcr.kernel.model.Span(line, col, col - wide, endLine, col + 5, col + 5 - wide), container,
          rnd.nextBoolean() ? "r" + rnd.nextInt(5) : null, rnd.nextBoolean() ? rnd.nextInt(4) : -1,
          rnd.nextBoolean() ? "a, b" : null));
    }
    FileFacts facts = new FileFacts(dev.vcr.kernel.lang.Language.JAVA, "p", List.of(), List.copyOf(refs), List.of(), 0);
    byte[] blob = FactsCodec.encode(facts);
    assertEquals(facts, FactsCodec.decode(blob));
    for (int trial = 0; trial < 200; trial++) {
      int[] ordinals = java.util.stream.IntStream.range(0, refs.size()).filter(i -> rnd.nextInt(40) == 0).toArray();
      FactsCodec.SomeReferences some = FactsCodec.referencesAt(blob, ordinals);
      assertEquals(refs.size(), some.referenceCount());
      for (int i = 0; i < ordinals.length; i++) {
        assertEquals(refs.get(ordinals[i]), some.references()[i], "#" + ordinals[i]);
      }
    }
    for (int k : new int[] {0, 31, 32, 33, 63, 64, 699}) {
      assertEquals(refs.get(k), FactsCodec.referencesAt(blob, new int[] {k}).references()[0], "#" + k);
    }
  }

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
        int[] ordinals = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 == 1 || i % 97 == 0 || i == n - 1).toArray();
        FactsCodec.SomeReferences some = FactsCodec.referencesAt(blob, ordinals);
        assertEquals(n, some.referenceCount(), path);
        for (int i = 0; i < ordinals.length; i++) {
          assertEquals(full.references().get(ordinals[i]), some.references()[i], path + " #" + ordinals[i]);
        }
        assertEquals(n, FactsCodec.referencesAt(blob, new int[0]).referenceCount(), path);
        // sparse ones, reached from the checkpoints
        int[] sparse = java.util.stream.IntStream.range(0, n).filter(i -> i % 45 == 44 || i == n - 1).toArray();
        FactsCodec.SomeReferences few = FactsCodec.referencesAt(blob, sparse);
        for (int i = 0; i < sparse.length; i++) {
          assertEquals(full.references().get(sparse[i]), few.references()[i], path + " #" + sparse[i]);
        }
        checked++;
      }
    }
    assertTrue(checked >= 40, "files checked: " + checked);
  }
}
