package dev.vcr.kernel.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vcr.kernel.lang.Language;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceScannerTest {

  @TempDir Path root;

  private static final WorkspaceScanner DEFAULT = new WorkspaceScanner(ScanOptions.defaults());

  /** Most tests here are about git's rules, which apply inside a repository only: make root one. */
  @BeforeEach
  void makeRootARepository() throws IOException {
    Files.createDirectories(root.resolve(".git"));
  }

  // ---------------------------------------------------------------------------------------------
  // Order and selection

  @Test
  void listsKnownLanguagesInStringOrderOfPaths() throws IOException {
    // '-' < '.' < '/' < '0' < 'B' < 'a': a depth-first walk by name would put a/b.java before a.java.
    for (String p : List.of("a0.java", "a/b.java", "a.java", "a-b.java", "B.java", "z/y/x.py", "a/c/d.ts",
        "README.md", "Makefile", "a/notes.txt", "noext")) {
      write(p, "x");
    }
    ScanResult result = DEFAULT.scan(List.of(root));
    assertEquals(List.of("B.java", "a-b.java", "a.java", "a/b.java", "a/c/d.ts", "a0.java", "z/y/x.py"),
        paths(result));
    assertEquals(List.of(), result.skipped(), "unknown extensions are not skipped, just not listed");
    List<String> sorted = new ArrayList<>(paths(result));
    Collections.sort(sorted);
    assertEquals(sorted, paths(result));
  }

  @Test
  void fileMetadata() throws IOException {
    Path file = write("src/Main.java", "class Main {}\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));
    ScannedFile f = DEFAULT.scan(List.of(root)).files().get(0);
    assertEquals(0, f.rootIndex());
    assertEquals(root.toAbsolutePath().normalize(), f.root());
    assertEquals("src/Main.java", f.path());
    assertEquals(root.resolve("src/Main.java"), f.absolute());
    assertEquals(Language.JAVA, f.language());
    assertEquals(14, f.size());
    assertEquals(1_600_000_000_000L, f.mtimeMillis());
  }

  @Test
  void sameTreeBuiltInDifferentOrdersScansIdentically(@TempDir Path other) throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add("d" + (i % 5) + "/s" + (i % 3) + "/f" + i + (i % 2 == 0 ? ".java" : ".go"));
    }
    names.add(".gitignore");
    for (String n : names) {
      write(root, n, n.equals(".gitignore") ? "*7.go\n/d1/\n" : "content " + n);
    }
    List<String> reversed = new ArrayList<>(names);
    Collections.reverse(reversed);
    Files.createDirectories(other.resolve(".git"));
    for (String n : reversed) {
      write(other, n, n.equals(".gitignore") ? "*7.go\n/d1/\n" : "content " + n);
    }
    ScanResult a = DEFAULT.scan(List.of(root));
    ScanResult b = DEFAULT.scan(List.of(other));
    assertEquals(summary(a), summary(b));
    assertEquals(summary(a), summary(DEFAULT.scan(List.of(root))));
    assertFalse(paths(a).contains("d2/s1/f7.go"));
    assertTrue(paths(a).stream().noneMatch(p -> p.startsWith("d1/")));
    assertEquals(40 - 8 - 4, a.files().size()); // d1 holds 8 files; f7, f17, f27, f37.go are in d2
  }

  // ---------------------------------------------------------------------------------------------
  // Ignore rules during the scan

  @Test
  void nestedGitignoreWithNegationAnchoringAndDirectoryOnly() throws IOException {
    write(".gitignore", "*.gen.java\n/out/\nlogs/\n!/keep.gen.java\n");
    write("keep.gen.java", "x");
    write("a.gen.java", "x");
    write("out/o.java", "x");
    write("src/out/o.java", "x"); // /out/ is anchored: src/out stays
    write("logs/l.py", "x");
    write("src/logs", "not a dir"); // logs/ matches directories only (and logs is no source anyway)
    write("src/logs.py", "x");
    write("src/.gitignore", "!*.gen.java\n/local.java\n");
    write("src/b.gen.java", "x");
    write("src/local.java", "x");
    write("src/deep/local.java", "x");
    write("lib/.gitignore", "*\n!*.java\n!*/\n");
    write("lib/x.java", "x");
    write("lib/x.py", "x");
    write("lib/sub/y.java", "x");
    assertEquals(List.of("keep.gen.java", "lib/sub/y.java", "lib/x.java", "src/b.gen.java",
        "src/deep/local.java", "src/logs.py", "src/out/o.java"), paths(DEFAULT.scan(List.of(root))));
  }

  @Test
  void cannotReincludeBelowAnExcludedDirectory() throws IOException {
    write(".gitignore", "vendor/\n!vendor/keep.java\n");
    write("vendor/.gitignore", "!*.java\n");
    write("vendor/keep.java", "x");
    write("gen/.gitignore", "*\n");
    write("gen/.vcrignore", "!a.java\n");
    write("gen/a.java", "x");
    write("gen/b.java", "x");
    assertEquals(List.of("gen/a.java"), paths(DEFAULT.scan(List.of(root))));
  }

  @Test
  void doubleStarForms() throws IOException {
    write(".gitignore", "**/tmp\nbuild/**\na/**/z.java\n");
    for (String p : List.of("tmp/a.java", "x/y/tmp/b.java", "build/c.java", "build/d/e.java", "a/z.java",
        "a/q/r/z.java", "a/zz.java", "b/a/z.java", "tmpx/f.java")) {
      write(p, "x");
    }
    assertEquals(List.of("a/zz.java", "b/a/z.java", "tmpx/f.java"), paths(DEFAULT.scan(List.of(root))));
  }

  @Test
  void characterClassesAndQuestionMark() throws IOException {
    write(".gitignore", "[ab]?.java\n[!c-e]x.rs\nv[0-9].go\n");
    for (String p : List.of("a1.java", "b22.java", "c1.java", "fx.rs", "cx.rs", "v1.go", "vx.go")) {
      write(p, "x");
    }
    assertEquals(List.of("b22.java", "c1.java", "cx.rs", "vx.go"), paths(DEFAULT.scan(List.of(root))));
  }

  @Test
  void gitInfoExcludeVcrignoreAndExtraPatterns() throws IOException {
    Files.createDirectories(root.resolve(".git/info"));
    write(".git/info/exclude", "*.py\n");
    write(".git/HEAD.java", "not part of the workspace");
    write(".gitignore", "!keep.py\n");
    write(".vcrignore", "generated/\n");
    write("keep.py", "x");
    write("drop.py", "x");
    write("generated/g.java", "x");
    write("sub/.vcrignore", "*.ts\n");
    write("sub/a.ts", "x");
    write("sub/b.java", "x");
    write("sub/.gitignore", "b.java\n");
    write("sub/c.java", "x");
    write("third_party/t.java", "x");
    write("main.java", "x");
    assertEquals(List.of("keep.py", "main.java", "sub/c.java", "third_party/t.java"),
        paths(DEFAULT.scan(List.of(root))));

    WorkspaceScanner extra =
        new WorkspaceScanner(ScanOptions.defaults().withExtraIgnorePatterns(List.of("third_party/", "!b.java")));
    assertEquals(List.of("keep.py", "main.java", "sub/b.java", "sub/c.java"), paths(extra.scan(List.of(root))),
        "extra patterns are relative to the root and override ignore files");
    assertTrue(extra.isIgnored(root, "third_party/t.java", false));
    assertFalse(extra.isIgnored(root, "sub/b.java", false));
  }

  @Test
  void gitDirectoriesAreNeverScanned() throws IOException {
    write(".git/hooks/pre-commit.py", "x");
    write("sub/.git/objects/x.java", "x");
    write("other/.git", "gitdir: ../.git/worktrees/other"); // a worktree's .git file: skipped too
    write("other/o.java", "x");
    write("sub/s.java", "x");
    assertEquals(List.of("other/o.java", "sub/s.java"), paths(DEFAULT.scan(List.of(root))));
    assertTrue(DEFAULT.isIgnored(root, ".git/hooks/pre-commit.py", false));
    assertTrue(DEFAULT.isIgnored(root, "sub/.git", true));
  }

  // ---------------------------------------------------------------------------------------------
  // Skips

  @Test
  void tooLargeFilesAreSkippedWithoutReading() throws IOException {
    write("ok.java", "0123456789");
    write("big.java", "0123456789A");
    write("big.txt", "0123456789ABCDEF"); // unknown language: not even reported
    ScanResult r = new WorkspaceScanner(ScanOptions.defaults().withMaxFileBytes(10)).scan(List.of(root));
    assertEquals(List.of("ok.java"), paths(r));
    assertEquals(List.of(new SkippedFile(0, "big.java", SkipReason.TOO_LARGE, "11 bytes > limit of 10")),
        r.skipped());
    assertEquals(2L * 1024 * 1024, ScanOptions.defaults().maxFileBytes());
  }

  @Test
  void binaryFilesAreDetectedInTheFirst8KiB() throws IOException {
    byte[] early = "class A {}".repeat(20).getBytes(StandardCharsets.US_ASCII);
    early[100] = 0;
    Files.write(root.resolve("early.java"), early);
    byte[] late = new byte[9000];
    java.util.Arrays.fill(late, (byte) 'a');
    late[8500] = 0;
    Files.write(root.resolve("late.java"), late);
    byte[] edge = new byte[8192];
    java.util.Arrays.fill(edge, (byte) 'a');
    edge[8191] = 0;
    Files.write(root.resolve("edge.java"), edge);
    write("empty.java", "");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("empty.java", "late.java"), paths(r));
    assertEquals(Map.of("early.java", SkipReason.BINARY, "edge.java", SkipReason.BINARY), reasons(r));
  }

  @Test
  void looksBinary() {
    assertFalse(WorkspaceScanner.looksBinary(new byte[0]));
    assertFalse(WorkspaceScanner.looksBinary("plain text\n\t\r".getBytes(StandardCharsets.UTF_8)));
    assertFalse(WorkspaceScanner.looksBinary("héllo ✓".getBytes(StandardCharsets.UTF_8)));
    assertTrue(WorkspaceScanner.looksBinary(new byte[] {'a', 0, 'b'}));
    byte[] head = new byte[WorkspaceScanner.SNIFF_BYTES + 10];
    java.util.Arrays.fill(head, (byte) ' ');
    head[WorkspaceScanner.SNIFF_BYTES] = 0; // beyond the sniff window
    assertFalse(WorkspaceScanner.looksBinary(head));
    head[WorkspaceScanner.SNIFF_BYTES - 1] = 0;
    assertTrue(WorkspaceScanner.looksBinary(head));
    assertFalse(WorkspaceScanner.looksBinary(new byte[] {'a', 0}, 1));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void fifoIsUnreadableAndNeverOpened() throws Exception {
    Path fifo = root.resolve("pipe.java");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo unavailable");
    write("ok.java", "x");
    new ProcessBuilder("mkfifo", root.resolve("pipe.txt").toString()).start().waitFor(10, TimeUnit.SECONDS);
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("ok.java"), paths(r));
    assertEquals(1, r.skipped().size());
    SkippedFile s = r.skipped().get(0);
    assertEquals("pipe.java", s.path());
    assertEquals(SkipReason.UNREADABLE, s.reason());
    assertTrue(s.detail().contains("not a regular file"), s.detail());
  }

  @Test
  void permissionDeniedIsUnreadable() throws IOException {
    Path file = write("secret.java", "x");
    Path dir = Files.createDirectories(root.resolve("locked"));
    write("locked/inner.java", "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
    try {
      // Root (as in CI containers) can read anything, so the condition cannot be produced; the FIFO and
      // dangling-symlink tests cover the UNREADABLE path there.
      assumeFalse(Files.isReadable(file), "running as root: permissions are not enforced");
      ScanResult r = DEFAULT.scan(List.of(root));
      assertEquals(List.of(), paths(r));
      assertEquals(Map.of("locked", SkipReason.UNREADABLE, "secret.java", SkipReason.UNREADABLE), reasons(r));
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Symlinks

  @Test
  void symlinkInsideRootIsFollowedWhenItsTargetIsNotOtherwiseListed() throws IOException {
    write(".gitignore", "build/\n");
    write("build/generated/G.java", "x");
    write("build/generated/sub/H.java", "x");
    write("build/Shared.java", "x");
    link("gen", "build/generated");
    link("Shared.java", "build/Shared.java");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("Shared.java", "gen/G.java", "gen/sub/H.java"), paths(r));
    assertEquals(root.resolve("gen/sub/H.java"), r.files().get(2).absolute());
    assertEquals(List.of(), r.skipped());
  }

  @Test
  void realPathWinsOverAnAliasEvenWhenTheAliasSortsFirst() throws IOException {
    write("src/A.java", "x");
    write("src/p/B.java", "x");
    link("alias", "src");           // "alias" < "src"
    link("src/p/Again.java", "../A.java");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("src/A.java", "src/p/B.java"), paths(r));
    assertEquals(2, r.skipped().size());
    assertEquals(new SkippedFile(0, "alias", SkipReason.SYMLINK_LOOP, "same directory as 'src', already scanned"),
        r.skipped().get(0));
    assertEquals(new SkippedFile(0, "src/p/Again.java", SkipReason.SYMLINK_LOOP,
        "same file as 'src/A.java', already scanned"), r.skipped().get(1));
  }

  @Test
  void twoAliasesOfAnIgnoredDirectory_firstInPathOrderWins() throws IOException {
    write(".gitignore", "/hidden/\n");
    write("hidden/X.java", "x");
    link("b", "hidden");
    link("a/link", "../hidden");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("a/link/X.java"), paths(r));
    assertEquals(List.of(new SkippedFile(0, "b", SkipReason.SYMLINK_LOOP,
        "same directory as 'a/link', already scanned")), r.skipped());
  }

  @Test
  void symlinkOutsideRootIsSkipped(@TempDir Path outside) throws IOException {
    write(outside, "Out.java", "x");
    write(outside, "dir/In.java", "x");
    write(outside, "notes.txt", "x");
    link("Out.java", outside.resolve("Out.java").toString());
    link("ext", outside.resolve("dir").toString());
    link("notes.txt", outside.resolve("notes.txt").toString());
    write("Mine.java", "x");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("Mine.java"), paths(r));
    assertEquals(Map.of("Out.java", SkipReason.SYMLINK_OUTSIDE_ROOT, "ext", SkipReason.SYMLINK_OUTSIDE_ROOT),
        reasons(r));
    assertTrue(r.skipped().get(0).detail().contains(outside.toRealPath().toString()));
  }

  @Test
  void siblingDirectoryWithRootAsPrefixIsOutside() throws IOException {
    Path parent = root;
    Path ws = Files.createDirectories(parent.resolve("ws"));
    write(parent, "ws-other/X.java", "x"); // "ws-other" starts with "ws" as a string, not as a path
    Files.createSymbolicLink(ws.resolve("x"), parent.resolve("ws-other"));
    ScanResult r = DEFAULT.scan(List.of(ws));
    assertEquals(List.of(), paths(r));
    assertEquals(Map.of("x", SkipReason.SYMLINK_OUTSIDE_ROOT), reasons(r));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void symlinkLoopsAreSkippedWithoutHanging() throws IOException {
    write("a/b/C.java", "x");
    link("a/b/up", "..");
    link("a/b/self", ".");
    link("a/top", root.toString());
    link("x.java", "y.java");
    link("y.java", "x.java");
    link("self.java", "self.java");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("a/b/C.java"), paths(r));
    Map<String, SkipReason> expected = new TreeMap<>();
    for (String p : List.of("a/b/self", "a/b/up", "a/top", "self.java", "x.java", "y.java")) {
      expected.put(p, SkipReason.SYMLINK_LOOP);
    }
    assertEquals(expected, reasons(r));
    assertTrue(detail(r, "a/b/up").contains("cycle"), detail(r, "a/b/up"));
    assertTrue(detail(r, "a/top").contains("ancestor ''"), detail(r, "a/top"));
  }

  @Test
  void danglingSymlinkIsUnreadable() throws IOException {
    link("gone.java", "missing.java");
    link("gone-dir", "missing-dir");
    link("ignored.java", "nowhere.java");
    write(".gitignore", "ignored.java\n");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of(), paths(r));
    assertEquals(List.of(new SkippedFile(0, "gone.java", SkipReason.UNREADABLE, "dangling symlink -> missing.java")),
        r.skipped());
  }

  @Test
  void rootMayBeASymlink(@TempDir Path elsewhere) throws IOException {
    write("src/A.java", "x");
    link("src/B.java", "A.java");
    Path viaLink = elsewhere.resolve("ws");
    Files.createSymbolicLink(viaLink, root);
    ScanResult r = DEFAULT.scan(List.of(viaLink));
    assertEquals(List.of("src/A.java"), paths(r));
    assertEquals(viaLink, r.files().get(0).root());
    assertEquals(viaLink.resolve("src/A.java"), r.files().get(0).absolute());
    assertEquals(Map.of("src/B.java", SkipReason.SYMLINK_LOOP), reasons(r));
  }

  // ---------------------------------------------------------------------------------------------
  // Roots

  @Test
  void multipleRootsKeepTheirIndex(@TempDir Path second) throws IOException {
    write("z.java", "x");
    write(second, "a.java", "x");
    write(second, "big.java", "x".repeat(100));
    WorkspaceScanner scanner = new WorkspaceScanner(ScanOptions.defaults().withMaxFileBytes(50));
    ScanResult r = scanner.scan(List.of(root, second));
    assertEquals(List.of("0:z.java", "1:a.java"),
        r.files().stream().map(f -> f.rootIndex() + ":" + f.path()).collect(Collectors.toList()));
    assertEquals(second, r.files().get(1).root());
    assertEquals(List.of(new SkippedFile(1, "big.java", SkipReason.TOO_LARGE, "100 bytes > limit of 50")),
        r.skipped());
  }

  @Test
  void missingOrNonDirectoryRootThrows() throws IOException {
    Path file = write("file.java", "x");
    assertThrows(NoSuchFileException.class, () -> DEFAULT.scan(List.of(root.resolve("nope"))));
    assertThrows(NotDirectoryException.class, () -> DEFAULT.scan(List.of(root, file)));
  }

  @Test
  void interruptStopsTheScan() throws IOException {
    write("a/b.java", "x");
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedIOException.class, () -> DEFAULT.scan(List.of(root)));
      assertTrue(Thread.currentThread().isInterrupted(), "interrupt status is kept");
    } finally {
      Thread.interrupted();
    }
    assertEquals(List.of("a/b.java"), paths(DEFAULT.scan(List.of(root))));
  }

  @Test
  void resultListsAreImmutable() throws IOException {
    write("a.java", "x");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertThrows(UnsupportedOperationException.class, () -> r.files().clear());
    assertThrows(UnsupportedOperationException.class, () -> r.skipped().clear());
  }

  // ---------------------------------------------------------------------------------------------
  // Git rules only inside git repositories; .ignore and .vcrignore everywhere

  @Test
  void outsideARepositoryGitignoreIsNotReadButIgnoreAndVcrignoreAre(@TempDir Path plain) throws IOException {
    assumeFalse(WorkspaceScanner.insideRepository(plain), "the temporary folder is inside a git repository");
    // Debian's linux-source tarball: a .gitignore whose "/*" hides everything, in a tree without .git.
    write(plain, ".gitignore", "/*\n!/.gitignore\n");
    write(plain, "sub/.gitignore", "*.java\n");
    write(plain, ".ignore", "*.py\n");
    write(plain, "sub/.vcrignore", "gen/\n");
    for (String p : List.of("a.java", "b.py", "init/main.c", "sub/s.java", "sub/gen/g.java", "sub/t.ts")) {
      write(plain, p, "x");
    }
    ScanResult r = DEFAULT.scan(List.of(plain));
    assertEquals(List.of("a.java", "init/main.c", "sub/s.java", "sub/t.ts"), paths(r));
    assertEquals(List.of(), r.warnings());
    assertFalse(DEFAULT.isIgnored(plain, "a.java", false));
    assertFalse(DEFAULT.isIgnored(plain, "init", true));
    assertFalse(DEFAULT.isIgnored(plain, "sub/s.java", false));
    assertTrue(DEFAULT.isIgnored(plain, "b.py", false));
    assertTrue(DEFAULT.isIgnored(plain, "sub/gen/g.java", false));

    // The same tree as a repository: the .gitignore files now apply.
    Files.createDirectories(plain.resolve(".git"));
    assertEquals(List.of(), paths(DEFAULT.scan(List.of(plain))));
    assertTrue(DEFAULT.isIgnored(plain, "a.java", false));
    assertTrue(DEFAULT.isIgnored(plain, "init", true));
  }

  @Test
  void aRootBelowARepositoryTopIsInsideTheRepository() throws IOException {
    write("module/.gitignore", "*.gen.java\n");
    write("module/a.gen.java", "x");
    write("module/b.java", "x");
    Path module = root.resolve("module");
    assertTrue(WorkspaceScanner.insideRepository(module));
    assertEquals(List.of("b.java"), paths(DEFAULT.scan(List.of(module))));
    assertTrue(DEFAULT.isIgnored(module, "a.gen.java", false));
  }

  @Test
  void aNestedRepositoryStartsAfreshForGitRulesOnly() throws IOException {
    // root is a repository (see makeRootARepository); lib/ is another one inside it.
    write(".gitignore", "*.gen.java\nvendor/\n");
    write(".vcrignore", "*.skip.java\n");
    write(".git/info/exclude", "*.ex.java\n");
    write("lib/.git/info/exclude", "x.java\n");
    write("lib/.gitignore", "local.java\n");
    // A worktree-style .git file: its exclude lives in the common dir named by gitdir/commondir.
    write("wt/.git", "gitdir: ../meta/worktrees/wt\n");
    write("meta/worktrees/wt/commondir", "../..\n");
    write("meta/info/exclude", "w.java\n");
    for (String p : List.of("a.gen.java", "a.ex.java", "a.java", "vendor/v.java", "lib/a.gen.java", "lib/a.ex.java",
        "lib/x.java", "lib/local.java", "lib/vendor/v.java", "lib/b.skip.java", "lib/ok.java", "wt/w.java",
        "wt/a.gen.java", "wt/ok.java", "sub/x.java", "sub/local.java")) {
      write(p, "x");
    }
    List<String> expected = List.of("a.java", "lib/a.ex.java", "lib/a.gen.java", "lib/ok.java",
        "lib/vendor/v.java", "sub/local.java", "sub/x.java", "wt/a.gen.java", "wt/ok.java");
    assertEquals(expected, paths(DEFAULT.scan(List.of(root))));
    assertEquals(expected, listedByIsIgnored(root));
  }

  @Test
  void aRepositoryInsideAPlainTreeHasGitRulesOnlyWithinIt(@TempDir Path plain) throws IOException {
    assumeFalse(WorkspaceScanner.insideRepository(plain), "the temporary folder is inside a git repository");
    write(plain, ".gitignore", "*.java\n");
    write(plain, ".ignore", "*.skip.py\n");
    write(plain, "repo/.git/HEAD", "ref: refs/heads/main\n");
    write(plain, "repo/.gitignore", "*.py\n!keep.py\n");
    for (String p : List.of("a.java", "a.py", "repo/b.java", "repo/b.py", "repo/keep.py", "repo/c.skip.py")) {
      write(plain, p, "x");
    }
    List<String> expected = List.of("a.java", "a.py", "repo/b.java", "repo/keep.py");
    assertEquals(expected, paths(DEFAULT.scan(List.of(plain))));
    assertEquals(expected, listedByIsIgnored(plain));
  }

  // ---------------------------------------------------------------------------------------------
  // The all-hidden warning

  @Test
  void warnsWhenIgnoreRulesHideEverySourceFile() throws IOException {
    write(".gitignore", "# build products\n/*\n!/.gitignore\n");
    for (String p : List.of("init/main.c", "kernel/fork.c", "kernel/sched/core.c", "include/linux/mm.h",
        "README", "Makefile", "x.java")) {
      write(p, "x");
    }
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of(), r.files());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    String w = r.warnings().get(0);
    assertTrue(w.startsWith("ignore rules hide every source file of " + root + " (5 files): "), w);
    assertTrue(w.contains(".gitignore (line 2 \"/*\") hides 5"), w);
  }

  @Test
  void theWarningNamesEachRuleFileThatHidSources(@TempDir Path plain) throws IOException {
    write(plain, ".ignore", "*.c\n");
    write(plain, "a/.vcrignore", "*\n");
    write(plain, "a.c", "x");
    write(plain, "a/b.java", "x");
    write(plain, "a/c/d.java", "x");
    List<String> w = DEFAULT.scan(List.of(plain)).warnings();
    assertEquals(List.of("ignore rules hide every source file of " + plain + " (3 files): "
        + ".ignore (line 1 \"*.c\") hides 1; a/.vcrignore (line 1 \"*\") hides 2; nothing to index"), w);
    WorkspaceScanner extra = new WorkspaceScanner(ScanOptions.defaults().withExtraIgnorePatterns(List.of("/a/")));
    write(plain, ".ignore", "");
    write(plain, "a.c", "x");
    assertEquals(List.of(), extra.scan(List.of(plain)).warnings(), "a.c is listed");
    Files.delete(plain.resolve("a.c"));
    assertEquals(List.of("ignore rules hide every source file of " + plain + " (2 files): "
        + "the extra ignore patterns (line 1 \"/a/\") hides 2; nothing to index"),
        extra.scan(List.of(plain)).warnings());
  }

  @Test
  void noWarningWhenSomethingIsListedOrNothingHiddenIsSource() throws IOException {
    write(".gitignore", "build/\n*.java\n");
    write("build/A.class", "x");
    write("README.md", "x");
    assertEquals(List.of(), DEFAULT.scan(List.of(root)).warnings(), "only non-source files are hidden");
    write("a.java", "x");
    write("b.py", "x");
    ScanResult r = DEFAULT.scan(List.of(root));
    assertEquals(List.of("b.py"), paths(r));
    assertEquals(List.of(), r.warnings());
  }

  // ---------------------------------------------------------------------------------------------
  // isIgnored

  @Test
  void isIgnoredAgreesWithScan() throws IOException {
    write(".gitignore", "*.log\n/build/\n!important.log\ndocs/*\n!docs/keep/\n");
    write(".vcrignore", "*.min.js\n");
    write("src/.gitignore", "gen*/\n!gen-keep/\n*.py\n!/tool.py\n");
    write("src/.vcrignore", "!lib.min.js\n");
    List<String> all = List.of("a.java", "b.log", "important.log", "build/b.java", "src/build/c.java",
        "docs/d.java", "docs/keep/e.java", "docs/keep/f.min.js", "app.min.js", "src/lib.min.js",
        "src/x.min.js", "src/gen1/g.java", "src/gen-keep/h.java", "src/tool.py", "src/sub/tool.py",
        "src/sub/gen2/i.ts", "src/genfile.java", "deep/a/b/c/d.rs");
    for (String p : all) {
      write(p, "x");
    }
    WorkspaceScanner scanner = new WorkspaceScanner(ScanOptions.defaults());
    List<String> listed = paths(scanner.scan(List.of(root)));
    List<String> expected = new ArrayList<>();
    List<Path> everything;
    try (Stream<Path> walk = Files.walk(root)) {
      everything = walk.sorted().collect(Collectors.toList());
    }
    for (Path p : everything) {
      if (p.equals(root)) {
        continue;
      }
      String rel = root.relativize(p).toString().replace('\\', '/');
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      boolean ignored = scanner.isIgnored(root, rel, isDir);
      if (!isDir && !ignored && Language.forFileName(p.getFileName().toString()).isPresent()) {
        expected.add(rel);
      }
    }
    Collections.sort(expected);
    assertEquals(expected, listed);
    assertTrue(listed.containsAll(List.of("a.java", "deep/a/b/c/d.rs", "docs/keep/e.java", "src/gen-keep/h.java",
        "src/genfile.java", "src/lib.min.js", "src/tool.py", "src/build/c.java")));
    assertFalse(listed.contains("src/sub/tool.py"));
    assertFalse(listed.contains("src/sub/gen2/i.ts"));
    assertFalse(listed.contains("docs/keep/f.min.js"));
    // Directory answers and path forms.
    assertTrue(scanner.isIgnored(root, "build", true));
    assertFalse(scanner.isIgnored(root, "build", false), "/build/ matches directories only");
    assertTrue(scanner.isIgnored(root, "./build/new/File.java", false));
    assertTrue(scanner.isIgnored(root, "src/gen9", true));
    assertFalse(scanner.isIgnored(root, "", true));
  }

  @Test
  void isIgnoredSeesIgnoreFileChanges() throws IOException {
    write(".gitignore", "*.java\n");
    assertTrue(DEFAULT.isIgnored(root, "a.java", false));
    write(".gitignore", "*.py\n");
    assertFalse(DEFAULT.isIgnored(root, "a.java", false));
    assertTrue(DEFAULT.isIgnored(root, "a.py", false));
    Files.delete(root.resolve(".gitignore"));
    assertFalse(DEFAULT.isIgnored(root, "a.py", false));
    write("sub/.vcrignore", "x/\n");
    assertTrue(DEFAULT.isIgnored(root, "sub/x/y.java", false));
    assertFalse(DEFAULT.isIgnored(root, "x/y.java", false));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The known-language files under base that {@link WorkspaceScanner#isIgnored} does not ignore. */
  private static List<String> listedByIsIgnored(Path base) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path p : walk.sorted().collect(Collectors.toList())) {
        String rel = base.relativize(p).toString().replace('\\', '/');
        if (!rel.isEmpty() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && Language.forFileName(p.getFileName().toString()).isPresent()
            && !DEFAULT.isIgnored(base, rel, false)) {
          out.add(rel);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  private Path write(String rel, String content) throws IOException {
    return write(root, rel, content);
  }

  private static Path write(Path base, String rel, String content) throws IOException {
    Path p = base.resolve(rel);
    Files.createDirectories(p.getParent());
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return p;
    }
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private void link(String rel, String target) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.createSymbolicLink(p, Path.of(target));
  }

  private static List<String> paths(ScanResult r) {
    return r.files().stream().map(ScannedFile::path).collect(Collectors.toList());
  }

  private static Map<String, SkipReason> reasons(ScanResult r) {
    Map<String, SkipReason> out = new TreeMap<>();
    for (SkippedFile s : r.skipped()) {
      out.put(s.path(), s.reason());
    }
    return out;
  }

  private static String detail(ScanResult r, String path) {
    return r.skipped().stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow().detail();
  }

  private static List<String> summary(ScanResult r) {
    List<String> out = new ArrayList<>();
    r.files().forEach(f -> out.add(f.path() + " " + f.language() + " " + f.size()));
    r.skipped().forEach(s -> out.add("skip " + s.path() + " " + s.reason()));
    return out;
  }
}
