package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query commands without --root find their workspace as git does, and never index where nothing says to. */
class WorkspaceDiscoveryTest {
  @TempDir Path tmp;
  Path cache;
  CliRun cli;
  WorkspaceFinder finder;

  @BeforeEach
  void setUp() throws IOException {
    tmp = tmp.toRealPath();
    cache = tmp.resolve("cache");
    cli = new CliRun(cache, tmp.resolve("run"));
    finder = new WorkspaceFinder(folder -> cache.resolve(Workspace.of(folder).indexName()));
  }

  private static long entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void gitTopLevelFromASubfolder() throws Exception {
    Path repo = tmp.resolve("repo");
    CliRun.javaFixture(repo);
    Files.createDirectories(repo.resolve(".git"));
    WorkspaceFinder.Found f = finder.find(repo.resolve("app"));
    assertEquals(repo, f.root());
    assertEquals(WorkspaceFinder.Reason.GIT, f.reason());

    CliRun.Result r = cli.in(repo.resolve("app")).run("defs", "greet", "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals("app/Greeter.java:4:17", r.json().getAsJsonArray().get(0).getAsJsonObject().get("location").getAsString(),
        "paths are relative to the git top level, not to the current folder");
    assertTrue(WorkspaceFinder.hasIndex(cache.resolve(Workspace.of(repo).indexName())), "indexed the repository");
    assertEquals(1, entries(cache), "and nothing else");
  }

  @Test
  void aGitFileCountsToo() throws Exception {
    Path worktree = tmp.resolve("wt");
    CliRun.write(worktree.resolve(".git"), "gitdir: /elsewhere/.git/worktrees/wt\n");
    Files.createDirectories(worktree.resolve("a/b"));
    assertEquals(worktree, finder.find(worktree.resolve("a/b")).root());
  }

  @Test
  void anIndexedFolderWithoutGit() throws Exception {
    Path ws = tmp.resolve("ws");
    CliRun.javaFixture(ws);
    assertThrows(WorkspaceFinder.NoWorkspaceException.class, () -> finder.find(ws.resolve("app")));
    CliRun.Result idx = cli.in(tmp).run("index", ws.toString(), "--index-dir",
        cache.resolve(Workspace.of(ws).indexName()).toString());
    assertEquals(0, idx.code(), idx.err());

    WorkspaceFinder.Found f = finder.find(ws.resolve("app"));
    assertEquals(ws, f.root());
    assertEquals(WorkspaceFinder.Reason.INDEXED, f.reason());
    CliRun.Result r = cli.in(ws.resolve("app")).run("refs", "greet", "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.json().getAsJsonArray().size(), r.out());
    JsonObject stats = cli.in(ws.resolve("app")).run("stats", "--json").json().getAsJsonObject();
    assertEquals(ws.toString(), stats.getAsJsonArray("roots").get(0).getAsString());
  }

  @Test
  void theNearestWins() throws Exception {
    // An indexed folder inside a repository: from inside it, that index; from elsewhere in the repo, the repo.
    Path repo = tmp.resolve("repo");
    Path sub = repo.resolve("libs/sub");
    CliRun.javaFixture(sub);
    Files.createDirectories(repo.resolve(".git"));
    Files.createDirectories(repo.resolve("docs"));
    assertEquals(0, cli.in(tmp).run("index", sub.toString(), "--index-dir",
        cache.resolve(Workspace.of(sub).indexName()).toString()).code());
    assertEquals(sub, finder.find(sub.resolve("app")).root());
    assertEquals(repo, finder.find(repo.resolve("docs")).root());
    assertEquals(repo, finder.find(repo.resolve("libs")).root());
    // A nested repository starts afresh, as in git.
    Path nested = repo.resolve("vendor/x");
    Files.createDirectories(nested.resolve(".git"));
    assertEquals(nested, finder.find(nested).root());
  }

  @Test
  void nothingFoundExits6AndIndexesNothing() throws Exception {
    Path home = tmp.resolve("home");
    CliRun.javaFixture(home.resolve("stuff"));
    for (String command : new String[] {"defs", "refs", "callers", "callees", "symbols"}) {
      CliRun.Result r = cli.in(home).run(command, "greet");
      assertEquals(Cli.NO_WORKSPACE, r.code(), command + ": " + r.err());
      assertEquals(6, r.code());
      assertEquals("", r.out());
      assertTrue(r.err().startsWith("vcr: no workspace found: neither " + home + " nor a folder above it is a git "
          + "repository (has .git) or has a Vcr index (in " + cache + "); "), r.err());
      assertTrue(r.err().contains("'vcr index DIR'") && r.err().contains("--root DIR"), r.err());
      assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }
    assertEquals(6, cli.in(home.resolve("stuff")).run("stats").code());
    assertEquals(0, entries(cache), "no index was made anywhere");
    // --root still names a workspace explicitly, and `vcr index DIR` still indexes DIR.
    assertEquals(0, cli.in(home).run("defs", "greet", "--root", home.resolve("stuff").toString()).code());
    assertEquals(0, cli.in(tmp).run("index", home.toString(), "--index-dir", tmp.resolve("i2").toString()).code());
    assertTrue(WorkspaceFinder.hasIndex(tmp.resolve("i2")));
  }

  @Test
  void aMissingStartFolderIsAnIoError() {
    Path gone = tmp.resolve("gone");
    CliRun.Result r = cli.in(gone).run("defs", "x");
    assertEquals(Cli.IO, r.code(), r.err());
    assertFalse(r.err().isEmpty());
  }

  /**
   * A query given only --index-dir asks about the workspace that directory indexes, from any folder; one
   * that names another workspace for it is refused, and the index is left as it was (it used to index the
   * current folder's workspace into the directory, replacing the other's index).
   */
  @Test
  void anIndexDirectoryAnswersForItsOwnWorkspaceAndIsNeverReindexedForAnother() throws Exception {
    Path ws = tmp.resolve("ws");
    CliRun.javaFixture(ws);
    Path repo = tmp.resolve("repo");
    CliRun.write(repo.resolve("Other.java"), "class Other { void greet() {} }\n");
    Files.createDirectories(repo.resolve(".git"));
    Path idx = tmp.resolve("idx");
    assertEquals(0, cli.in(tmp).run("index", ws.toString(), "--index-dir", idx.toString()).code());
    String hash = cli.in(tmp).run("stats", "--index-dir", idx.toString(), "--json").json().getAsJsonObject()
        .get("indexHash").getAsString();

    // From inside another repository: the directory's workspace, not the repository.
    CliRun.Result r = cli.in(repo).run("refs", "greet", "--index-dir", idx.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.json().getAsJsonArray().size(), r.out());
    JsonObject stats = cli.in(repo).run("stats", "--index-dir", idx.toString(), "--json").json().getAsJsonObject();
    assertEquals(ws.toString(), stats.getAsJsonArray("roots").get(0).getAsString());
    assertEquals(hash, stats.get("indexHash").getAsString());

    // Naming another workspace for it: refused (exit 6), nothing indexed.
    CliRun.Result other = cli.in(tmp).run("defs", "greet", "--root", repo.toString(), "--index-dir", idx.toString());
    assertEquals(6, other.code(), other.err());
    assertTrue(other.err().contains("holds the index of"), other.err());
    assertEquals(hash, cli.in(tmp).run("stats", "--index-dir", idx.toString(), "--json").json().getAsJsonObject()
        .get("indexHash").getAsString(), "the index is as it was");

    // An index that does not record its workspace (an earlier version's) is not guessed at either.
    Files.delete(idx.resolve(dev.vcr.kernel.WorkspaceIndex.ROOTS_FILE));
    CliRun.Result unknown = cli.in(repo).run("refs", "greet", "--index-dir", idx.toString());
    assertEquals(6, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("--root"), unknown.err());
    assertEquals(0, cli.in(repo).run("refs", "greet", "--root", ws.toString(), "--index-dir", idx.toString()).code(),
        "--root names it, and the directory records it again");
    assertEquals(List.of(ws), dev.vcr.kernel.WorkspaceIndex.recordedRoots(idx).orElseThrow());
  }
}
