package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
      // the same places without their strings
      FactsCodec.Sites sites = FactsCodec.sitesAt(blob, ordinals);
      assertEquals(refs.size(), sites.referenceCount());
      for (int i = 0; i < ordinals.length; i++) {
        dev.vcr.kernel.model.Reference r = refs.get(ordinals[i]);
        assertEquals(r.role(), sites.roles()[i], "#" + ordinals[i]);
        assertEquals(r.span(), sites.spans()[i], "#" + ordinals[i]);
        assertEquals(r.container(), sites.containers()[i], "#" + ordinals[i]);
      }
    }
    for (int k : new int[] {0, 31, 32, 33, 63, 64, 699}) {
      assertEquals(refs.get(k), FactsCodec.referencesAt(blob, new int[] {k}).references()[0], "#" + k);
    }
  }

  @Test
  void oneDefinitionDecodedAloneEqualsTheFullDecodingsWithNestingImportsAndOddQualifiedNames() {
    java.util.Random rnd = new java.util.Random(5);
    dev.vcr.kernel.model.SymbolKind[] kinds = dev.vcr.kernel.model.SymbolKind.values();
    for (int trial = 0; trial < 40; trial++) {
      String pkg = rnd.nextBoolean() ? "" : "p.q";
      List<dev.vcr.kernel.model.Definition> defs = new java.util.ArrayList<>();
      int line = 0;
      for (int k = 0; k < 300; k++) {
        line += rnd.nextInt(3);
        int col = rnd.nextInt(60);
        int wide = rnd.nextInt(8) == 0 ? 1 : 0;
        dev.vcr.kernel.model.Span span = new dev.vcr.kernel.model.Span(line, col, col - wide, line + rnd.nextInt(3), 70, 70);
        dev.vcr.kernel.model.Span nameSpan = new dev.vcr.kernel.model.Span(line, col + 2, col + 2 - wide, line, col + 5, col + 5 - wide);
        // nested in an earlier definition, top level, or (rarely) a container that comes later
        int container = k == 0 || rnd.nextInt(4) == 0 ? -1 : rnd.nextInt(30) == 0 ? k + 1 : rnd.nextInt(k);
        String name = "d" + rnd.nextInt(50);
        String prefix = container < 0 ? pkg : container < k ? defs.get(container).qualifiedName() : "later";
        String usual = prefix.isEmpty() ? name : prefix + "." + name;
        String qualified = rnd.nextInt(6) == 0 ? "x::" + name : usual;
        defs.add(new dev.vcr.kernel.model.Definition(name, kinds[rnd.nextInt(kinds.length)], span, nameSpan, container,
            qualified, rnd.nextBoolean() ? rnd.nextInt(4) : -1, rnd.nextBoolean() ? "T" + rnd.nextInt(3) : null,
            rnd.nextInt(5) == 0 ? new dev.vcr.kernel.model.Span(line + 1, 0, 0, line + 2, 1, 1) : null));
      }
      List<dev.vcr.kernel.model.Import> imports = List.of(
          new dev.vcr.kernel.model.Import("m.a", "b", null, false, false, new dev.vcr.kernel.model.Span(0, 0, 0, 0, 9, 9)),
          new dev.vcr.kernel.model.Import("m.c", null, "c2", true, true, new dev.vcr.kernel.model.Span(1, 4, 3, 2, 1, 1)));
      FileFacts facts = new FileFacts(dev.vcr.kernel.lang.Language.JAVA, pkg, List.copyOf(defs), List.of(), imports, 0);
      byte[] blob = FactsCodec.encode(facts);
      List<dev.vcr.kernel.model.Definition> all = FactsCodec.decodeDefinitions(blob);
      assertEquals(defs, all);
      for (int k = 0; k < all.size(); k++) {
        assertEquals(all.get(k), FactsCodec.definitionAt(blob, k), "#" + k);
      }
      assertEquals(null, FactsCodec.definitionAt(blob, -1));
      assertEquals(null, FactsCodec.definitionAt(blob, all.size()));
      assertSomeDefinitions(all, blob, rnd, "trial " + trial);
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
        // references read one by one before the whole list is decoded, and by role from their headers
        FileFacts lazy = FactsCodec.decode(blob);
        for (dev.vcr.kernel.model.RefRole role : dev.vcr.kernel.model.RefRole.values()) {
          int[] expected = java.util.stream.IntStream.range(0, full.references().size())
              .filter(i -> full.references().get(i).role() == role).toArray();
          assertArrayEquals(expected, FactsCodec.ordinalsWithRole(lazy.references(), role), path + " " + role);
        }
        for (dev.vcr.kernel.model.RefRole role : dev.vcr.kernel.model.RefRole.values()) {
          List<dev.vcr.kernel.model.Reference> expected = full.references().stream().filter(r -> r.role() == role)
              .toList();
          assertEquals(expected, FactsCodec.referencesWithRole(lazy.references(), role), path + " " + role);
          assertEquals(expected, FactsCodec.referencesWithRole(List.copyOf(full.references()), role), path + " " + role);
        }
        assertEquals(false, FactsCodec.isDecoded(lazy.references()), path);
        for (int i = lazy.references().size() - 1; i >= 0; i -= 2) {
          assertEquals(full.references().get(i), lazy.references().get(i), path + " reference #" + i);
        }
        assertEquals(full.references(), lazy.references(), path);
        // released after a whole read: decoded again, equal, when next read whole
        assertEquals(full.references(), List.copyOf(lazy.references()), path);
        assertEquals(true, FactsCodec.isDecoded(lazy.references()), path);
        FactsCodec.release(lazy.references());
        assertEquals(false, FactsCodec.isDecoded(lazy.references()), path);
        assertEquals(full.references(), List.copyOf(lazy.references()), path);
        assertEquals(true, FactsCodec.isDecoded(lazy.references()), path);
        List<dev.vcr.kernel.model.Reference> plain = List.copyOf(full.references());
        FactsCodec.release(plain); // a list not read from a block: nothing to let go of
        assertEquals(full.references(), plain, path);
        assertEquals(full.definitions(), FactsCodec.decodeDefinitions(blob), path);
        assertEquals(full, FactsCodec.decode(FactsCodec.encode(full)), path);
        for (int k = 0; k < full.definitions().size(); k++) {
          assertEquals(full.definitions().get(k), FactsCodec.definitionAt(blob, k), path + " definition #" + k);
        }
        assertEquals(null, FactsCodec.definitionAt(blob, full.definitions().size()), path);
        assertSomeDefinitions(full.definitions(), blob, new java.util.Random(path.hashCode()), path);
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

  /**
   * {@link FactsCodec#definitionsAt} of some ordinals in random order, with repeats and out-of-range ones,
   * equals the full decoding's definitions at them.
   */
  private static void assertSomeDefinitions(List<dev.vcr.kernel.model.Definition> all, byte[] blob,
      java.util.Random rnd, String what) {
    for (int trial = 0; trial < 4; trial++) {
      int[] ordinals = new int[1 + rnd.nextInt(6)];
      for (int i = 0; i < ordinals.length; i++) {
        ordinals[i] = rnd.nextInt(all.size() + 2) - 1;
      }
      dev.vcr.kernel.model.Definition[] some = FactsCodec.definitionsAt(blob, ordinals);
      assertEquals(ordinals.length, some.length, what);
      for (int i = 0; i < ordinals.length; i++) {
        int o = ordinals[i];
        assertEquals(o >= 0 && o < all.size() ? all.get(o) : null, some[i], what + " #" + o);
      }
    }
  }
}
