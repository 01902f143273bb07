package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Name matching tiers and the ranking of workspace symbols (name match, then popularity among same-named definitions). */
class WorkspaceSymbolsTest {

  @Test
  void tiersOrderExactPrefixHumpsSubstringSubsequence() {
    String q = "index";
    assertEquals(FuzzyMatcher.EXACT, FuzzyMatcher.tier(q, "index"));
    assertEquals(FuzzyMatcher.EXACT_IGNORE_CASE, FuzzyMatcher.tier(q, "Index"));
    assertEquals(FuzzyMatcher.PREFIX, FuzzyMatcher.tier(q, "indexOf"));
    assertEquals(FuzzyMatcher.PREFIX_IGNORE_CASE, FuzzyMatcher.tier(q, "IndexedMap"));
    assertEquals(FuzzyMatcher.SUBSTRING, FuzzyMatcher.tier(q, "lastIndexOf"));
    assertEquals(FuzzyMatcher.SUBSEQUENCE, FuzzyMatcher.tier(q, "ixndex"));
    assertEquals(-1, FuzzyMatcher.tier(q, "nothing"));
    assertEquals(FuzzyMatcher.HUMPS, FuzzyMatcher.tier("iOIC", "indexOfIgnoreCase"));
    assertEquals(FuzzyMatcher.HUMPS, FuzzyMatcher.tier("inOfIgCa", "indexOfIgnoreCase"));
    assertEquals(FuzzyMatcher.HUMPS, FuzzyMatcher.tier("gv", "get_value"));
    // An upper-case query letter must start a hump: "rIO" is only a subsequence of "ratio".
    assertEquals(FuzzyMatcher.SUBSEQUENCE, FuzzyMatcher.tier("rIO", "ratio"));
    assertEquals(FuzzyMatcher.HUMPS, FuzzyMatcher.tier("rIO", "readIntOrdered"));
    // Leading underscores are decoration, unless the query has them too.
    assertEquals(FuzzyMatcher.HUMPS, FuzzyMatcher.tier("fRFTC", "_formatReadFeaturesToChange"));
    assertEquals(FuzzyMatcher.PREFIX, FuzzyMatcher.tier("ini", "__init__"));
    assertEquals(FuzzyMatcher.PREFIX, FuzzyMatcher.tier("_fo", "_format"));
    assertEquals(-1, FuzzyMatcher.tier("x", "___"));
    assertEquals(-1, FuzzyMatcher.tier("x", ""));
    assertTrue(FuzzyMatcher.score("foo", "foo") > FuzzyMatcher.score("foo", "_foo"));
  }

  @Test
  void completeHumpMatchesBeatPartialOnesAndShorterNamesBreakTies() {
    int complete = FuzzyMatcher.score("FBS", "FluentBitSet");
    int partial = FuzzyMatcher.score("FBS", "FluentBitSetBuilder");
    assertTrue(complete > partial);
    // Both complete hump matches: the shorter name first.
    assertTrue(FuzzyMatcher.score("FBS", "FluentBitSet") > FuzzyMatcher.score("FBS", "FailableByteSupplier"));
  }

  @Test
  void anUpperCaseQueryLetterOnALowerCaseOneIsAWeakPrefix() {
    // "aP" asks for a hump starting with P: apply matches it only by ignoring that case, asPredicate by humps.
    assertEquals(FuzzyMatcher.PREFIX_OTHER_CASE, FuzzyMatcher.tier("aP", "apply"));
    assertEquals(FuzzyMatcher.HUMPS, FuzzyMatcher.tier("aP", "asPredicate"));
    assertTrue(FuzzyMatcher.score("aP", "asPredicate") > FuzzyMatcher.score("aP", "apply"));
    // Still above names that only contain the query.
    assertTrue(FuzzyMatcher.score("aP", "apply") > FuzzyMatcher.score("aP", "mapping"));
    // Lower-case query letters, and upper-case ones on upper-case letters, keep the prefix tiers.
    assertEquals(FuzzyMatcher.PREFIX_IGNORE_CASE, FuzzyMatcher.tier("ap", "Apply"));
    assertEquals(FuzzyMatcher.PREFIX_IGNORE_CASE, FuzzyMatcher.tier("Ap", "apply"));
    assertEquals(FuzzyMatcher.PREFIX_IGNORE_CASE, FuzzyMatcher.tier("aPOS", "APOS_ESCAPE"));
    assertEquals(FuzzyMatcher.EXACT_IGNORE_CASE, FuzzyMatcher.tier("aPPLY", "apply"));
  }

  @Test
  void sameNamedDefinitionsRankByHowOftenTheyAreUsed(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(ws.resolve("p"));
    // Three classes declare size(); B's is called three times, C's once, A's never. A's path sorts first,
    // so without popularity it would come first.
    Files.writeString(ws.resolve("p/A.java"), "package p;\nclass A { int size() { return 0; } }\n");
    Files.writeString(ws.resolve("p/B.java"), "package p;\nclass B { int size() { return 1; } }\n");
    Files.writeString(ws.resolve("p/C.java"), "package p;\nclass C { int size() { return 2; } }\n");
    Files.writeString(ws.resolve("p/Use.java"), String.join("\n",
        "package p;",
        "class Use {",
        "  int f(B b, C c) { return b.size() + b.size() + c.size() + new B().size(); }",
        "}", ""));
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = index.navigator();
      assertEquals(List.of("p/B.java", "p/C.java", "p/A.java"), paths(nav.workspaceSymbols("size", 10)));
      // Exact matches still come before better-used prefix matches.
      Files.writeString(ws.resolve("p/Sizes.java"),
          "package p;\nclass Sizes { int sizeOf() { return 0; } int g() { return sizeOf() + sizeOf(); } }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      List<SymbolMatch> got = index.navigator().workspaceSymbols("size", 10);
      assertEquals(List.of("size", "size", "size", "sizeOf", "Sizes"), names(got));
      assertEquals("p/B.java", got.get(0).path());
    }
  }

  @Test
  void qualifiedQueriesFindTheDeclarationInThatContainerFirst(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    write(ws, "java/org/lang3/StringUtils.java",
        "package org.lang3;\npublic class StringUtils { public static boolean isEmpty(String s) { return s == null; } }\n");
    write(ws, "java/org/other/Alpha.java",
        "package org.other;\npublic class Alpha { boolean isEmpty() { return true; } class StringUtils {} }\n");
    write(ws, "java/org/other/Map.java", "package org.other;\npublic interface Map { interface Entry {} }\n");
    write(ws, "java/org/other/Entry.java", "package org.other;\npublic class Entry {}\n");
    write(ws, "py/aaa/join.py", "def join(a, b):\n    return a\n");
    write(ws, "py/os/path.py", "def join(a, b):\n    return a + b\n");
    write(ws, "cpp/a.cpp", "namespace ns { class Foo {}; }\nnamespace aa { class Foo {}; }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = index.navigator();
      assertEquals("java/org/lang3/StringUtils.java#isEmpty", top(nav, "StringUtils.isEmpty"));
      assertEquals("java/org/lang3/StringUtils.java#isEmpty", top(nav, "StringUtils#isEmpty"));
      assertEquals("java/org/other/Alpha.java#isEmpty", top(nav, "Alpha.isEmpty"));
      assertEquals("java/org/lang3/StringUtils.java#StringUtils", top(nav, "lang3.StringUtils"));
      assertEquals("java/org/other/Alpha.java#StringUtils", top(nav, "Alpha.StringUtils"));
      assertEquals("java/org/other/Map.java#Entry", top(nav, "Map.Entry"));
      assertEquals("py/os/path.py#join", top(nav, "os.path.join"));
      assertEquals("cpp/a.cpp#Foo", top(nav, "ns::Foo"));
      assertEquals("ns.Foo", nav.workspaceSymbols("ns::Foo", 5).get(0).definition().qualifiedName());
      // A qualifier that names no container finds nothing, rather than everything called isEmpty.
      assertEquals(List.of(), nav.workspaceSymbols("Nowhere.isEmpty", 10));
      // A camel-hump member under a qualifier.
      assertEquals("java/org/lang3/StringUtils.java#isEmpty", top(nav, "StringUtils.iE"));
    }
  }

  private static void write(Path ws, String rel, String text) throws java.io.IOException {
    Files.createDirectories(ws.resolve(rel).getParent());
    Files.writeString(ws.resolve(rel), text);
  }

  private static String top(Navigator nav, String query) {
    List<SymbolMatch> got = nav.workspaceSymbols(query, 10);
    assertTrue(!got.isEmpty(), "nothing for " + query);
    return got.get(0).path() + "#" + got.get(0).definition().name();
  }

  private static List<String> paths(List<SymbolMatch> ms) {
    return ms.stream().map(SymbolMatch::path).collect(Collectors.toList());
  }

  @Test
  void anAnswerReadsTheDefinitionsOfTheFilesItListsAlone(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    for (int i = 0; i < 40; i++) {
      String name = String.format("S%02d", i);
      write(ws, "p/" + name + ".java", "package p;\nclass " + name + " { int size() { return " + i + "; } }\n");
    }
    write(ws, "p/Use.java", "package p;\nclass Use { int f(S07 a, S31 b) { return a.size() + b.size() + b.size(); } }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      List<SymbolMatch> all = index.navigator().workspaceSymbols("size", 100);
      assertEquals(40, all.size());
      assertEquals(List.of("p/S31.java", "p/S07.java", "p/S00.java"), paths(all.subList(0, 3)));
      java.util.Set<String> read = new java.util.TreeSet<>();
      StoreSource store = new StoreSource(index.store());
      SymbolSource counting = new SymbolSource() {
        @Override
        public dev.vcr.kernel.model.FileFacts facts(String path) {
          read.add(path);
          return store.facts(path);
        }

        @Override
        public List<dev.vcr.kernel.model.Definition> definitionsIn(String path) {
          read.add(path);
          return store.definitionsIn(path);
        }

        @Override
        public List<dev.vcr.kernel.index.Hits.DefHit> definitions(String name) {
          throw new AssertionError("every definition of " + name + " read");
        }

        @Override
        public List<dev.vcr.kernel.index.DefEntry> definitionEntries(String name) {
          return store.definitionEntries(name);
        }

        @Override
        public List<dev.vcr.kernel.index.Hits.RefHit> references(String name) {
          return store.references(name);
        }

        @Override
        public List<dev.vcr.kernel.index.Hits.RefHit> callsFrom(String path, int ordinal) {
          return store.callsFrom(path, ordinal);
        }

        @Override
        public List<NameTable.Match> searchNames(String query, int limit) {
          return store.searchNames(query, limit);
        }

        @Override
        public List<dev.vcr.kernel.index.Hits.RefHit> linkedReferences(long id) {
          return store.linkedReferences(id);
        }

        @Override
        public int linkedUseCount(long id) {
          return store.linkedUseCount(id);
        }
      };
      List<SymbolMatch> five = new Navigator(counting).workspaceSymbols("size", 5);
      assertEquals(paths(all.subList(0, 5)), paths(five));
      assertEquals(new java.util.TreeSet<>(paths(five)), read);
    }
  }

  @Test
  void aGroupLargerThanTheBudgetRanksByUsingFiles(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    int n = WorkspaceSymbols.POPULARITY_BUDGET + 2;
    for (int i = 0; i < n; i++) {
      String name = String.format("R%03d", i);
      write(ws, "p/" + name + ".java", "package p;\nclass " + name + " { void run() {} }\n");
    }
    // R099.run() is called five times from one file; R007.run() once from each of three files.
    write(ws, "p/Many.java", "package p;\nclass Many { void f(R099 r) { r.run(); r.run(); r.run(); r.run(); r.run(); } }\n");
    for (String user : List.of("U1", "U2", "U3")) {
      write(ws, "p/" + user + ".java", "package p;\nclass " + user + " { void f(R007 r) { r.run(); } }\n");
    }
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      List<SymbolMatch> got = index.navigator().workspaceSymbols("run", 3);
      assertEquals(List.of("p/R007.java", "p/R099.java", "p/R000.java"), paths(got));
    }
  }

  private static List<String> names(List<SymbolMatch> ms) {
    return ms.stream().map(m -> m.definition().name()).collect(Collectors.toList());
  }
}
