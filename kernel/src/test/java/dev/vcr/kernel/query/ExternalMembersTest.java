package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uses of a library member link to its external id (receiver type by simple name, member, arity): the
 * references of {@code sb.append(x)} are the one-argument appends on StringBuilder receivers, not every
 * same-spelled occurrence. When a workspace declaration takes the library type's name, or goes again,
 * the files whose links depended on that name are linked again, also where they never spell it.
 */
class ExternalMembersTest {
  private static final String A = String.join("\n",
      "package p;",
      "class A {",
      "  void run(StringBuilder sb, java.util.List<String> l) {",
      "    sb.append(\"x\");",
      "    sb.append(1);",
      "    l.add(\"y\");",
      "    append(2);",
      "    sb.append(\"w\", 0, 1);",
      "  }",
      "  void append(int x) {}",
      "}", "");
  private static final String B = String.join("\n",
      "package p;",
      "class B {",
      "  StringBuilder make() { return new StringBuilder(); }",
      "  void go(Object o) {",
      "    make().append(\"z\");",
      "    System.out.append(\"unknown receiver type\");",
      "    o.append(\"on Object\");",
      "  }",
      "}", "");
  // Never spells StringBuilder: its receiver is typed through B.make().
  private static final String C = "package p;\nclass C {\n  void c(B b) {\n    b.make().append(\"q\");\n  }\n}\n";

  @Test
  void libraryMemberReferencesAreItsLinkedUses(@TempDir Path tmp) throws Exception {
    Path ws = write(tmp);
    try (WorkspaceIndex index = open(ws, tmp.resolve("index"))) {
      Navigator nav = index.navigator();
      List<String> expected = List.of("p/A.java:3", "p/A.java:4", "p/B.java:4", "p/C.java:3");
      assertEquals(expected, lines(nav.references(new FilePosition("p/A.java", 3, 8, true), false)));
      assertEquals(expected, lines(nav.references(new FilePosition("p/C.java", 3, 15, true), false)), "the same id");
      // Three arguments: another member id; the list's add: another type.
      assertEquals(List.of("p/A.java:7"), lines(nav.references(new FilePosition("p/A.java", 7, 8, true), false)));
      assertEquals(List.of("p/A.java:5"), lines(nav.references(new FilePosition("p/A.java", 5, 7, true), false)));
      // Object's: its own id. The workspace method is unaffected.
      assertEquals(List.of("p/B.java:6"), lines(nav.references(new FilePosition("p/B.java", 6, 7, true), false)));
      assertEquals(List.of("p/A.java:6"), lines(nav.references(new FilePosition("p/A.java", 9, 8, true), false)));
      // A receiver whose type is unknown (a library type's field) keeps the name fallback: every append.
      assertEquals(List.of("p/A.java:3", "p/A.java:4", "p/A.java:6", "p/A.java:7", "p/B.java:4", "p/B.java:5",
          "p/B.java:6", "p/C.java:3"), lines(nav.references(new FilePosition("p/B.java", 5, 16, true), false)));
      // Highlights in one file follow the same id.
      assertEquals(2, nav.highlights(new FilePosition("p/A.java", 3, 8, true)).size());
    }
  }

  @Test
  void callHierarchyOnALibraryMemberListsTheCallersOfItsLinkedUses(@TempDir Path tmp) throws Exception {
    Path ws = write(tmp);
    try (WorkspaceIndex index = open(ws, tmp.resolve("index"))) {
      Navigator nav = index.navigator();
      List<Results.CallItem> items = nav.prepareCallHierarchy(new FilePosition("p/A.java", 3, 8, true));
      assertEquals(1, items.size(), items.toString());
      Results.CallItem item = items.get(0);
      assertEquals(appendId(), item.external().id());
      assertEquals("StringBuilder.append", item.external().name());
      assertEquals("p/A.java", item.path());
      assertEquals(3, item.external().at().startLine());
      // Callers: A.run (two calls), B.go (one) and C.c (one); not the three-argument append, not the
      // workspace method, not the unknown receiver's nor Object's.
      List<String> callers = nav.incomingCalls(item).stream()
          .map(c -> c.from().path() + ":" + c.from().definition().name() + "x" + c.fromRanges().size())
          .collect(Collectors.toList());
      assertEquals(List.of("p/A.java:runx2", "p/B.java:gox1", "p/C.java:cx1"), callers);
      // The same item as a client sends it back (no use span): the same callers.
      Results.CallItem back = new Results.CallItem("p/C.java", -1, null,
          new Results.ExternalMember(appendId(), "StringBuilder", "append", null));
      assertEquals(3, nav.incomingCalls(back).size());
      assertEquals(List.of(), nav.outgoingCalls(item), "a library member's body is not in the workspace");
      // A receiver of unknown type: no item (references fall back to every same-named use, but a call
      // hierarchy of "every append" would name no callable).
      assertEquals(List.of(), nav.prepareCallHierarchy(new FilePosition("p/B.java", 5, 16, true)));
      // On the workspace method's call: the workspace method, as before.
      List<Results.CallItem> own = nav.prepareCallHierarchy(new FilePosition("p/A.java", 6, 5, true));
      assertEquals(1, own.size());
      assertEquals(null, own.get(0).external());
      assertEquals("append", own.get(0).definition().name());
    }
  }

  @Test
  void aWorkspaceTypeTakingTheNameRelinksDependentFiles(@TempDir Path tmp) throws Exception {
    Path ws = write(tmp);
    try (WorkspaceIndex index = open(ws, tmp.resolve("index"))) {
      Path shadow = ws.resolve("p/StringBuilder.java");
      Files.writeString(shadow, "package p;\nclass StringBuilder {\n  int length() { return 0; }\n}\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertSame(index, ws, tmp.resolve("clean1"), "after p.StringBuilder appeared");
      // No library StringBuilder any more, so no use of its append; C was linked again though it never
      // spells the name.
      assertEquals(0, index.navigator().referencesToExternal(appendId(), "append").size());

      Files.delete(shadow);
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertSame(index, ws, tmp.resolve("clean2"), "after p.StringBuilder went again");
      assertEquals(4, index.navigator().referencesToExternal(appendId(), "append").size());
    }
  }

  private static long appendId() {
    return dev.vcr.kernel.index.SymbolIds.externalId(dev.vcr.kernel.lang.Language.JAVA, "StringBuilder", "append", 1);
  }

  private static void assertSame(WorkspaceIndex index, Path ws, Path cleanDir, String when) throws Exception {
    Map<String, Object> clean = Fixtures.cleanSnapshot(ws, cleanDir);
    Fixtures.assertSameIndex(clean, Fixtures.snapshot(index.store()), when);
  }

  private static Path write(Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p")).getParent();
    Files.writeString(ws.resolve("p/A.java"), A);
    Files.writeString(ws.resolve("p/B.java"), B);
    Files.writeString(ws.resolve("p/C.java"), C);
    return ws;
  }

  private static WorkspaceIndex open(Path ws, Path indexDir) throws Exception {
    WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), indexDir, IndexOptions.defaults());
    index.refresh(Indexer.Progress.NONE, () -> false);
    return index;
  }

  private static List<String> lines(List<Location> ls) {
    return ls.stream().map(l -> l.path() + ":" + l.span().startLine()).collect(Collectors.toList());
  }
}
