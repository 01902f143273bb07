package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Navigator cases that a marked fixture cannot express: answers asked from special places, and cost. */
class NavigatorEdgeCasesTest {

  @Test
  void referencesFromAnOverloadedMethodReferenceAreThoseOfItsOverloads(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    Files.writeString(ws.resolve("P.java"), String.join("\n",
        "package p;",
        "class P {",
        "  void print(String s) {}",
        "  void print(int i) {}",
        "  void use(java.util.List<String> l) {",
        "    l.forEach(this::print);",
        "    print(\"a\");",
        "    System.out.print(\"unrelated\");",
        "  }",
        "}", ""));
    Files.writeString(ws.resolve("Other.java"), "package p;\nclass Other { void print(Object o) {} void go() { print(null); } }\n");
    try (WorkspaceIndex index = open(tmp)) {
      List<String> got = lines(index.navigator().references(new FilePosition("p/P.java", 5, 20, true), false));
      // The overloads' own uses (print("a")), not the library's print or Other's.
      assertEquals(List.of("p/P.java:6"), got);
    }
  }

  @Test
  void nestedGenericCallsAreTypedOnce(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    int depth = 40;
    String call = "o";
    for (int i = 0; i < depth; i++) {
      call = "id(" + call + ")";
    }
    Files.writeString(ws.resolve("G.java"), String.join("\n",
        "package p;",
        "class G {",
        "  static <T> T id(T x) { return x; }",
        "  static String id(String s) { return s; }",
        "  void use(Object o) { Object r = " + call + "; }",
        "}", ""));
    try (WorkspaceIndex index = open(tmp)) {
      // Each level's argument type is needed twice (overloads, then the generic result): without
      // memoisation this took 2^40 steps. Any answer will do; it must come back.
      List<Location> defs = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> index.navigator().definition(new FilePosition("p/G.java", 4, 35, true)));
      assertEquals(1, defs.size());
    }
  }

  @Test
  void aUseNamesOnlyDeclarationsOfItsOwnLanguageFamily(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.writeString(ws.resolve("helper.go"), "package main\n\nfunc Helper() int { return 1 }\n");
    Files.writeString(ws.resolve("lib.cpp"), "int helper_c(int x) { return x; }\n");
    Files.writeString(ws.resolve("use.ts"), "export function run(): number {\n  return Helper();\n}\n");
    Files.writeString(ws.resolve("use.c"), "int helper_c(int x);\nint main(void) { return helper_c(2); }\n");
    try (WorkspaceIndex index = open(tmp)) {
      // TypeScript's Helper() is not Go's Helper.
      assertEquals(List.of(), lines(index.navigator().definition(new FilePosition("use.ts", 1, 10, true))));
      // C and C++ are one family: the call in use.c reaches the C++ definition (and the C prototype).
      List<String> c = lines(index.navigator().definition(new FilePosition("use.c", 1, 26, true)));
      assertEquals(true, c.contains("lib.cpp:0"), "C call to a C++ definition: " + c);
    }
  }

  @Test
  void pathsDefiningANameAreThoseOfItsDefinitionsReadFromTheNameTable(@TempDir Path tmp) throws Exception {
    // Go's resolver finds the folder of an import path no module claims from these paths alone
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    for (String dir : List.of("fmt", "log", "internal/fmt", "a/b")) {
      Files.createDirectories(ws.resolve(dir));
      String pkg = dir.substring(dir.lastIndexOf('/') + 1);
      Files.writeString(ws.resolve(dir + "/x.go"), "package " + pkg + "\n\nfunc Println(a ...any) {}\n\n"
          + "func use() {\n\tPrintln := 1\n\t_ = Println\n}\n");
    }
    Files.writeString(ws.resolve("fmt/y.go"), "package fmt\n\ntype Println struct{}\n");
    try (WorkspaceIndex index = open(tmp)) {
      for (String name : List.of("Println", "use", "absent")) {
        Navigator fresh = index.navigator(); // nothing of the name decoded yet: answered from the name table
        List<String> paths = fresh.pathsDefining(name);
        List<String> ofDefinitions = fresh.definitionsNamed(name).stream()
            .map(dev.vcr.kernel.index.Hits.DefHit::path).collect(Collectors.toList());
        assertEquals(ofDefinitions, paths, name);
        assertEquals(ofDefinitions, fresh.pathsDefining(name), name + ", once its definitions are decoded");
      }
      // the functions and the type, not the locals (a store's by-name lookups never hold those)
      assertEquals(List.of("a/b/x.go", "fmt/x.go", "fmt/y.go", "internal/fmt/x.go", "log/x.go"),
          index.navigator().pathsDefining("Println"));
    }
  }

  private static WorkspaceIndex open(Path tmp) throws Exception {
    WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tmp.resolve("ws")), tmp.resolve("index"), IndexOptions.defaults());
    index.refresh(Indexer.Progress.NONE, () -> false);
    return index;
  }

  private static List<String> lines(List<Location> ls) {
    return ls.stream().map(l -> l.path() + ":" + l.span().startLine()).collect(Collectors.toList());
  }
}
