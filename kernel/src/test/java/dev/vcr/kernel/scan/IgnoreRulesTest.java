package dev.vcr.kernel.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vcr.kernel.scan.IgnoreRules.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table-driven tests of single gitignore patterns. Each row is (pattern, path, ignored?) for a
 * {@code .gitignore} at the root holding just that pattern; a path ending in {@code /} is a directory. The
 * expected answers follow gitignore(5); {@link #gitAgreesWithEveryRow} replays the table against the real
 * {@code git check-ignore}, so a wrong expectation cannot hide in the table.
 */
class IgnoreRulesTest {

  record Row(String pattern, String path, boolean ignored) {}

  private static final List<Row> ROWS = new ArrayList<>();

  private static void row(String pattern, String path, boolean ignored) {
    ROWS.add(new Row(pattern, path, ignored));
  }

  static {
    // Plain names match a file or directory of that name at any depth; a directory hides its contents.
    row("foo", "foo", true);
    row("foo", "a/foo/", true);
    row("foo", "a/foo/b.java", true);
    row("foo", "foo.java", false);
    row("foo", "xfoo", false);
    // Leading slash anchors to the ignore file's directory.
    row("/foo", "foo", true);
    row("/foo", "a/foo", false);
    // A slash in the middle anchors too.
    row("a/foo", "a/foo", true);
    row("a/foo", "b/a/foo", false);
    row("a/foo", "a/b/foo", false);
    // Trailing slash: directories only.
    row("out/", "out/", true);
    row("out/", "out/x.java", true);
    row("out/", "a/out", false);
    row("out/", "b/out/", true);
    row("a/out/", "a/out/", true);
    row("a/out/", "c/a/out/", false);
    // Globs in basenames.
    row("*.java", "A.java", true);
    row("*.java", "d/e/B.java", true);
    row("*.java", "A.javax", false);
    row("*.java", ".java", true);
    row("*", "anything", true);
    row("a*b", "ab", true);
    row("a*b", "axxb", true);
    row("a*b", "axb/c", true);
    row("a*b", "ac", false);
    // '*' in an anchored pattern stops at '/'.
    row("src/*.java", "src/A.java", true);
    row("src/*.java", "src/sub/A.java", false);
    row("/*.rs", "main.rs", true);
    row("/*.rs", "sub/main.rs", false);
    row("a/*/c", "a/b/c", true);
    row("a/*/c", "a/b/x/c", false);
    row("a/*/c", "a/c", false);
    // '?' is exactly one character, never '/'.
    row("?.py", "a.py", true);
    row("?.py", ".py", false);
    row("?.py", "ab.py", false);
    row("a?b", "a-b", true);
    row("a/?", "a/x", true);
    row("a?b", "a/b", false);
    // Character classes.
    row("[abc].go", "b.go", true);
    row("[abc].go", "d.go", false);
    row("[a-c].go", "c.go", true);
    row("[a-c].go", "C.go", false);
    row("[!a-c].go", "d.go", true);
    row("[!a-c].go", "a.go", false);
    row("[^a-c].go", "z.go", true);
    row("[]a].go", "].go", true);
    row("[]a].go", "a.go", true);
    row("[a-].go", "-.go", true);
    row("[[:upper:]]*.h", "Foo.h", true);
    row("[[:upper:]]*.h", "foo.h", false);
    row("[[:digit:][:space:]]x", "1x", true);
    row("[[:digit:][:space:]]x", " x", true);
    row("[[:digit:][:space:]]x", "ax", false);
    row("[[:bogus:]]x", "bx", false);
    row("a[/]b", "a/b", false);
    row("[ab", "a", false);
    row("[ab", "[ab", false);
    // Escapes.
    row("\\*", "*", true);
    row("\\*", "x", false);
    row("\\[ab]", "[ab]", true);
    row("\\[ab]", "a", false);
    row("\\#c", "#c", true);
    row("\\!n", "!n", true);
    row("x\\", "x", false);
    // ** forms.
    row("**/foo", "foo", true);
    row("**/foo", "a/b/foo", true);
    row("**/foo/bar", "foo/bar", true);
    row("**/foo/bar", "x/foo/bar", true);
    row("**/foo/bar", "x/foo/baz", false);
    row("abc/**", "abc/", false);
    row("abc/**", "abc/x", true);
    row("abc/**", "abc/w/y/z", true);
    row("abc/**", "zabc/x", false);
    row("a/**/b", "a/b", true);
    row("a/**/b", "a/x/b", true);
    row("a/**/b", "a/x/y/b", true);
    row("a/**/b", "a/xb", false);
    row("a/**/b", "x/a/b", false);
    row("**", "a/b/c", true);
    row("/**", "a", true);
    row("**/", "dir/", true);
    row("**/", "file", false);
    row("a**b", "axyb", true);
    row("a**b", "a/b", false);
    row("/x/a**", "x/abc", true);
    row("/x/a**", "x/a/b", true);
    row("**/*.min.js", "app.min.js", true);
    row("**/*.min.js", "a/b/lib.min.js", true);
    // Negation alone re-includes nothing that was not excluded.
    row("!foo", "foo", false);
  }

  @Test
  void everyRowMatchesDocumentedSemantics() {
    List<String> wrong = new ArrayList<>();
    for (Row r : ROWS) {
      IgnoreRules rules = IgnoreRules.parse("", ".gitignore", r.pattern() + "\n");
      boolean isDir = r.path().endsWith("/");
      boolean actual = IgnoreRules.isIgnored(List.of(rules), GitOracle.strip(r.path()), isDir);
      if (actual != r.ignored()) {
        wrong.add(r + " got " + actual);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void gitAgreesWithEveryRow(@TempDir Path tmp) throws Exception {
    assumeTrue(GitOracle.available(), "git not installed");
    Map<String, List<Row>> byPattern = new LinkedHashMap<>();
    for (Row r : ROWS) {
      byPattern.computeIfAbsent(r.pattern(), k -> new ArrayList<>()).add(r);
    }
    List<String> wrong = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, List<Row>> e : byPattern.entrySet()) {
      Path root = Files.createDirectories(tmp.resolve("p" + n++));
      List<String> paths = new ArrayList<>();
      Set<String> expected = new TreeSet<>();
      for (Row r : e.getValue()) {
        paths.add(r.path());
        if (r.ignored()) {
          expected.add(r.path());
        }
      }
      assertNoFileDirConflict(paths);
      Map<String, String> files = Map.of(".gitignore", e.getKey() + "\n");
      GitOracle.build(root, paths, files);
      Set<String> git = GitOracle.ignoredByGit(root, paths, files);
      if (!git.equals(expected)) {
        wrong.add("pattern '" + e.getKey() + "': table says " + expected + ", git says " + git);
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static void assertNoFileDirConflict(List<String> paths) {
    Set<String> dirs = new HashSet<>();
    for (String p : paths) {
      String s = GitOracle.strip(p);
      for (int i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) {
        dirs.add(s.substring(0, i));
      }
      if (p.endsWith("/")) {
        dirs.add(s);
      }
    }
    for (String p : paths) {
      assertFalse(!p.endsWith("/") && dirs.contains(p), "table row uses " + p + " as file and directory");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing and the API around single rule sets

  @Test
  void parsingSkipsCommentsBlanksAndBom() {
    IgnoreRules rules = IgnoreRules.parse("", "t", "\uFEFF# comment\n\n   \n*.log  \n!keep.log\n\\#x\r\nlast");
    assertEquals(List.of("*.log", "!keep.log", "\\#x", "last"), rules.patterns());
    assertEquals(4, rules.size());
    assertFalse(rules.isEmpty());
    assertTrue(IgnoreRules.parse("", "t", "# only\n\n").isEmpty());
    assertTrue(IgnoreRules.parse("", "t", "!\n/\n!/\n").isEmpty(), "patterns empty after parsing");
  }

  @Test
  void verdictIsTheLastMatchingPattern() {
    IgnoreRules rules = IgnoreRules.of("", "t", List.of("*.log", "!keep.log", "keep.log.bak"));
    assertEquals(Verdict.IGNORE, rules.match("a.log", false));
    assertEquals(Verdict.INCLUDE, rules.match("d/keep.log", false));
    assertEquals(Verdict.NO_MATCH, rules.match("a.java", false));
    assertEquals(Verdict.IGNORE, IgnoreRules.of("", "t", List.of("!a", "a")).match("a", false));
    assertEquals(Verdict.INCLUDE, IgnoreRules.of("", "t", List.of("a", "!a")).match("a", false));
  }

  @Test
  void decidingPatternNamesTheLineThatDecides() {
    IgnoreRules rules = IgnoreRules.parse("", ".gitignore", "# header\n/*\n!keep.c\n\n*.o\n");
    assertEquals("line 2 \"/*\"", rules.decidingPattern("arch", true));
    assertEquals("line 3 \"!keep.c\"", rules.decidingPattern("keep.c", false));
    assertEquals("line 5 \"*.o\"", rules.decidingPattern("a/b.o", false));
    assertEquals(null, rules.decidingPattern("a/b.c", false));
  }

  @Test
  void baseDirectoryScopesTheRules() {
    IgnoreRules rules = IgnoreRules.of("src/main", "src/main/.gitignore", List.of("/gen", "*.tmp", "x/y"));
    assertEquals("src/main", rules.baseDir());
    assertEquals(Verdict.IGNORE, rules.match("src/main/gen", true));
    assertEquals(Verdict.NO_MATCH, rules.match("gen", true));
    assertEquals(Verdict.NO_MATCH, rules.match("src/main/a/gen", true));
    assertEquals(Verdict.IGNORE, rules.match("src/main/a/b.tmp", false));
    assertEquals(Verdict.NO_MATCH, rules.match("src/b.tmp", false));
    assertEquals(Verdict.NO_MATCH, rules.match("src/mainx/b.tmp", false));
    assertEquals(Verdict.NO_MATCH, rules.match("src/main", true), "a set never applies to its own dir");
    assertEquals(Verdict.IGNORE, rules.match("src/main/x/y", false));
    assertEquals("src/main", IgnoreRules.of("./src/main/", "t", List.of()).baseDir());
  }

  @Test
  void stackedSetsDeeperWinsAndExcludedParentsCannotBeReincluded() {
    IgnoreRules top = IgnoreRules.of("", ".gitignore", List.of("*.gen", "vendor/"));
    IgnoreRules sub = IgnoreRules.of("lib", "lib/.gitignore", List.of("!*.gen"));
    IgnoreRules vendor = IgnoreRules.of("vendor", "vendor/.gitignore", List.of("!*"));
    List<IgnoreRules> stack = List.of(top, sub, vendor);
    assertTrue(IgnoreRules.isIgnored(stack, "a.gen", false));
    assertFalse(IgnoreRules.isIgnored(stack, "lib/a.gen", false));
    assertFalse(IgnoreRules.isIgnored(stack, "lib/deep/a.gen", false));
    assertTrue(IgnoreRules.isIgnored(stack, "vendor", true));
    assertTrue(IgnoreRules.isIgnored(stack, "vendor/x.java", false));
    assertFalse(IgnoreRules.isIgnored(stack, "", true));
    assertFalse(IgnoreRules.isIgnored(List.of(), "a", false));
  }

  @Test
  void pathologicalPatternsStayFast() {
    IgnoreRules rules = IgnoreRules.of("", "t",
        List.of("*a*a*a*a*a*a*a*a*a*a*b", "**/**/**/**/**/**/**/**/**/z", "a*/*a*/**/*a*/*a*/x"));
    String longName = "a".repeat(2000);
    String deep = "a/".repeat(300) + "y";
    long start = System.nanoTime();
    assertEquals(Verdict.NO_MATCH, rules.match(longName, false));
    assertEquals(Verdict.NO_MATCH, rules.match(deep, false));
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "backtracking is bounded");
  }
}
