package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first index built by a child process and adopted: the same index as one built in process. */
class ChildBuildTest {
  private static List<String> jvm() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"));
  }

  private static void workspace(Path ws) throws Exception {
    Files.createDirectories(ws.resolve("p"));
    Files.writeString(ws.resolve("p/A.java"), "package p;\nclass A { int size() { return 1; } }\n");
    Files.writeString(ws.resolve("p/B.java"), "package p;\nclass B { int f(A a) { return a.size(); } }\n");
    Files.writeString(ws.resolve("util.py"), "def helper(x):\n    return x\n\nhelper(1)\n");
    Files.writeString(ws.resolve("skipped.py"), "def skipped():\n    pass\n");
  }

  @Test
  void theAdoptedIndexIsTheOneAnInProcessBuildMakes(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    workspace(ws);
    IndexOptions options = IndexOptions.defaults()
        .withScan(IndexOptions.defaults().scan().withExtraIgnorePatterns(List.of("skipped.py")));
    String clean;
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("clean"), options)) {
      clean = index.refresh(Indexer.Progress.NONE, () -> false).indexHash();
    }
    Path base = Files.createDirectories(tmp.resolve("indexes"));
    // what a server that died during a build left: deleted by the next build
    Files.createDirectories(base.resolve("ws-index.build-123/index/gen-000001"));
    Files.writeString(base.resolve("ws-index.build-123/index/CURRENT"), "gen-000001\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), base.resolve("ws-index"), options)) {
      List<String> progress = new ArrayList<>();
      List<String> bytes = new ArrayList<>();
      boolean built = ChildBuild.build(index, jvm(), new Indexer.Progress() {
        @Override
        public synchronized void report(int done, int total, String message) {
          progress.add(done + "/" + total + " " + message);
        }

        @Override
        public synchronized void report(int done, int total, long bytesDone, long bytesTotal, String message) {
          bytes.add(bytesDone + "/" + bytesTotal + " " + message);
          report(done, total, message);
        }
      }, () -> false);
      assertTrue(built);
      assertTrue(index.store().fileCount() == 3, "files in the adopted index: " + index.store().fileCount());
      assertFalse(progress.isEmpty(), "the child's progress reached the parent");
      // the source bytes too (the terminal's MB/s), and messages without them reach the parent whole
      long sources = Files.size(ws.resolve("p/A.java")) + Files.size(ws.resolve("p/B.java"))
          + Files.size(ws.resolve("util.py"));
      assertTrue(bytes.stream().anyMatch(b -> b.startsWith(sources + "/" + sources + " ")), bytes.toString());
      assertTrue(progress.stream().noneMatch(p -> p.contains("\u0000")), progress.toString());
      assertEquals(clean, index.store().indexHash());
      // The refresh after it finds nothing to do, and what the child built answers queries.
      IndexSummary s = index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed());
      assertEquals(clean, s.indexHash());
      assertEquals(1, index.navigator().workspaceSymbols("helper", 10).size());
      // Nothing of the child's folder is left beside the index.
      try (Stream<Path> left = Files.list(base)) {
        assertEquals(List.of(base.resolve("ws-index")), left.toList());
      }
    }
  }

  @Test
  void aCancelledOrFailedChildChangesNothing(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    workspace(ws);
    Path base = Files.createDirectories(tmp.resolve("indexes"));
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), base.resolve("ws-index"),
        IndexOptions.defaults())) {
      String empty = index.store().indexHash();
      assertFalse(ChildBuild.build(index, jvm(), Indexer.Progress.NONE, () -> true));
      assertEquals(empty, index.store().indexHash());
      // A JVM that cannot run the child (no class path): the build fails, and the index is as it was.
      assertFalse(ChildBuild.build(index, List.of(jvm().get(0)), Indexer.Progress.NONE, () -> false));
      assertEquals(empty, index.store().indexHash());
      assertEquals(0, index.store().fileCount());
      try (Stream<Path> left = Files.list(base)) {
        assertEquals(List.of(base.resolve("ws-index")), left.toList());
      }
      // and the build in process still works
      assertEquals(4, index.refresh(Indexer.Progress.NONE, () -> false).parsed());
    }
  }

  @Test
  void theChildStopsWhenItsServerIsGone(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    workspace(ws);
    List<String> cmd = ChildBuild.command(jvm(), tmp.resolve("child"), Workspace.of(ws), IndexOptions.defaults(),
        true);
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    child.getOutputStream().close(); // what the end of the server that started it looks like
    assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(3, child.exitValue());
  }

  @Test
  void smallWorkspacesAreCountedAsSuch(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    workspace(ws); // 4 source files
    Files.createDirectories(ws.resolve("node_modules/m"));
    Files.writeString(ws.resolve("node_modules/m/x.js"), "function x() {}\n");
    Files.createDirectories(ws.resolve(".hidden"));
    Files.writeString(ws.resolve(".hidden/y.py"), "def y():\n    pass\n");
    Files.writeString(ws.resolve("notes.txt"), "not source\n");
    assertTrue(ChildBuild.hasAtLeast(List.of(ws), 4));
    assertFalse(ChildBuild.hasAtLeast(List.of(ws), 5));
    assertTrue(ChildBuild.hasAtLeast(List.of(ws), 0));
    assertTrue(ChildBuild.hasAtLeast(List.of(ws, ws), 8)); // every root counts
  }

  @Test
  void theChildKeepsItsHeapCloseToItsLiveSet(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    workspace(ws);
    List<String> cmd = ChildBuild.command(List.of("/j/bin/java", "-Xss4m", "-cp", "x.jar"), tmp.resolve("child"),
        Workspace.of(ws), IndexOptions.defaults(), false);
    assertEquals(List.of("/j/bin/java", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40",
        "-XX:MinHeapDeltaBytes=64m", "-Xss4m", "-cp", "x.jar", ChildBuild.class.getName()), cmd.subList(0, 8));
    // bin/vcr's batch commands pass them on already, and what the user chose wins
    List<String> chosen = List.of("/j/bin/java", "-XX:MinHeapFreeRatio=50", "-XX:MinHeapDeltaBytes=8m", "-cp", "x.jar");
    assertEquals(chosen, ChildBuild.withBuildHeap(chosen));
    assertEquals(List.of("/j/bin/java", "-XX:MinHeapDeltaBytes=64m", "-XX:MaxHeapFreeRatio=50", "-cp", "x.jar"),
        ChildBuild.withBuildHeap(List.of("/j/bin/java", "-XX:MaxHeapFreeRatio=50", "-cp", "x.jar")));
  }

  @Test
  void theChildsJitTiersFollowTheWorkspacesSize(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    workspace(ws); // 4 source files
    List<String> launched = List.of("/j/bin/java", "-Xss4m", "-XX:TieredStopAtLevel=1", ChildBuild.LAUNCHER_TIER,
        "-cp", "x.jar");
    // at the threshold: both tiers, bin/vcr's tier option (marked as its own) replaced
    assertEquals(List.of("/j/bin/java", "-XX:TieredStopAtLevel=4", "-Xss4m", "-cp", "x.jar"),
        ChildBuild.withJitFor(launched, List.of(ws), 4));
    // below it: the first tier alone
    assertEquals(List.of("/j/bin/java", "-XX:TieredStopAtLevel=1", "-cp", "x.jar"),
        ChildBuild.withJitFor(List.of("/j/bin/java", "-cp", "x.jar"), List.of(ws), 5));
    // a tier the user chose is kept, whatever the size
    List<String> chosen = List.of("/j/bin/java", "-XX:TieredStopAtLevel=1", "-cp", "x.jar");
    assertEquals(chosen, ChildBuild.withJitFor(chosen, List.of(ws), 4));
    List<String> c2Only = List.of("/j/bin/java", "-XX:-TieredCompilation", "-cp", "x.jar");
    assertEquals(c2Only, ChildBuild.withJitFor(c2Only, List.of(ws), 5));
  }
}
