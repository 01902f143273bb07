package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declaration whose name error recovery left empty (a method header half deleted while editing) never
 * enters the facts, and one odd name or entry never fails a whole workspace-symbol search.
 */
class NamelessDeclarationsTest {
  private static final String FIXTURE = "/fixtures/syntax-errors/p/HalfMethod.java";

  private static byte[] fixture() throws Exception {
    try (InputStream in = NamelessDeclarationsTest.class.getResourceAsStream(FIXTURE)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aHalfDeletedMethodHeaderYieldsNoNamelessDefinition() throws Exception {
    FileFacts f = SymbolExtractor.extract(Language.JAVA, fixture());
    assertTrue(f.errorNodes() > 0, "the fixture has a syntax error");
    for (Definition d : f.definitions()) {
      assertFalse(d.name().isBlank(), "a definition without a name: " + d);
      assertTrue(d.nameSpan().startCol() != d.nameSpan().endCol() || d.nameSpan().startLine() != d.nameSpan().endLine(),
          "a zero-width name: " + d);
    }
    for (Reference r : f.references()) {
      assertFalse(r.name().isEmpty(), "a reference without a name: " + r);
    }
    List<String> names = f.definitions().stream().map(Definition::name).collect(Collectors.toList());
    assertTrue(names.containsAll(List.of("HalfMethod", "getLabel", "getTitle")), names.toString());
    // Containers still point at enclosing container definitions earlier in the list.
    List<Definition> defs = f.definitions();
    for (int i = 0; i < defs.size(); i++) {
      int c = defs.get(i).container();
      if (c >= 0) {
        assertTrue(c < i, "container before member: " + defs.get(i));
        assertTrue(defs.get(c).kind().isContainer(), "container is a container: " + defs.get(c));
        assertTrue(defs.get(c).span().contains(defs.get(i).span()), defs.get(c) + " encloses " + defs.get(i));
      }
    }
    for (Definition d : defs) {
      assertFalse(d.qualifiedName().endsWith(".") || d.qualifiedName().contains(".."), "qualified name " + d);
    }
  }

  @Test
  void workspaceSymbolSearchWorksWithTheBrokenFileIndexed(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    Files.write(ws.resolve("HalfMethod.java"), fixture());
    Files.writeString(ws.resolve("Good.java"), "package p;\nclass Good { int getCount() { return 0; } }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tmp.resolve("ws")), tmp.resolve("index"),
        IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = index.navigator();
      List<String> got = nav.workspaceSymbols("get", 10).stream().map(m -> m.definition().name())
          .collect(Collectors.toList());
      assertTrue(got.containsAll(List.of("getLabel", "getTitle", "getCount")), got.toString());
      List<SymbolMatch> all = index.navigator().workspaceSymbols("", 1000);
      assertFalse(all.isEmpty());
      assertTrue(all.stream().noneMatch(m -> m.definition().name().isEmpty()), "no nameless symbol");
      assertEquals(List.of(), index.store().definitions(""));
    }
  }

  @Test
  void emptyNamesMatchNothingAndNeverThrow() {
    assertEquals(-1, FuzzyMatcher.tier("get", ""));
    assertEquals(-1, FuzzyMatcher.score("get", ""));
    assertEquals(-1, FuzzyMatcher.score("", ""));
    NameTable table = new NameTable(List.of("", "getName", "set"));
    assertEquals(List.of("getName"), table.search("g", 10).stream().map(NameTable.Match::name).collect(Collectors.toList()));
    assertEquals(2, table.search("", 10).size());
  }

  @Test
  void anEntryThatFailsIsSkippedNotTheWholeAnswer() {
    Definition good = new Definition("getGood", SymbolKind.METHOD, span(), span(), -1, "p.A.getGood", 0, null, null);
    SymbolSource source = new SymbolSource() {
      @Override
      public FileFacts facts(String path) {
        return null;
      }

      @Override
      public List<DefHit> definitions(String name) {
        return List.of();
      }

      @Override
      public List<Definition> definitionsIn(String path) {
        return path.equals("p/A.java") ? List.of(good) : null;
      }

      @Override
      public List<dev.vcr.kernel.index.DefEntry> definitionEntries(String name) {
        if (name.equals("getOdd")) {
          throw new IllegalStateException("an undecodable entry");
        }
        return name.equals("getGood")
            ? List.of(new dev.vcr.kernel.index.DefEntry("p/A.java", 0, SymbolKind.METHOD, -1, 1L))
            : List.of();
      }

      @Override
      public List<RefHit> references(String name) {
        return List.of();
      }

      @Override
      public List<RefHit> callsFrom(String path, int ordinal) {
        return List.of();
      }

      @Override
      public List<NameTable.Match> searchNames(String query, int limit) {
        return new NameTable(List.of("getGood", "getOdd")).search(query, limit);
      }

      @Override
      public List<RefHit> linkedReferences(long id) {
        return List.of();
      }

      @Override
      public int linkedUseCount(long id) {
        return 0;
      }
    };
    List<SymbolMatch> got = new Navigator(source).workspaceSymbols("get", 10);
    assertEquals(List.of("getGood"), got.stream().map(m -> m.definition().name()).collect(Collectors.toList()));
  }

  private static Span span() {
    return new Span(0, 0, 0, 0, 1, 1);
  }
}
