package dev.vcr.kernel.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of gitignore scenarios whose expected answers follow gitignore(5). Each scenario is built on
 * disk; {@link WorkspaceScanner#isIgnored} must give the expected answer for every path, and so must the
 * real {@code git check-ignore} (skipped only if git is not installed), which keeps the table honest.
 * A seeded random sweep then compares the two directly on generated patterns and trees.
 */
class GitIgnoreConformanceTest {

  /** Paths ending in '/' are directories; {@code ignored} lists the expected subset. */
  record Case(String name, Map<String, String> ignoreFiles, List<String> paths, Set<String> ignored) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(String name, Map<String, String> ignoreFiles, List<String> paths, List<String> ignored) {
    return new Case(name, ignoreFiles, paths, new TreeSet<>(ignored));
  }

  private static Map<String, String> gi(String content) {
    return Map.of(".gitignore", content);
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("basename glob at any depth", gi("*.log\n"),
            List.of("a.log", "b.java", "d/c.log", "d/e.logx", "d/"),
            List.of("a.log", "d/c.log")),
        c("comments, blank lines and \\# escape", gi("# a comment\n\n   \n\\#hash.java\n"),
            List.of("#hash.java", "# a comment", "x.java"),
            List.of("#hash.java")),
        c("\\! escapes a leading bang", gi("\\!bang.java\n"),
            List.of("!bang.java", "bang.java"),
            List.of("!bang.java")),
        c("trailing spaces trimmed unless escaped", gi("trail.java   \nesc\\ \n"),
            List.of("trail.java", "trail.java ", "esc ", "esc"),
            List.of("trail.java", "esc ")),
        c("CRLF line endings", gi("crlf.java\r\nother.java\r\n"),
            List.of("crlf.java", "other.java", "x.java"),
            List.of("crlf.java", "other.java")),
        c("negation re-includes", gi("*.java\n!keep.java\n"),
            List.of("a.java", "keep.java", "d/keep.java", "d/x.java"),
            List.of("a.java", "d/x.java")),
        c("later rules win", gi("!a.java\na.java\nb.java\n!b.java\n"),
            List.of("a.java", "b.java"),
            List.of("a.java")),
        c("no re-include below an excluded directory", gi("build/\n!build/keep.java\n!keep2.java\n"),
            List.of("build/", "build/keep.java", "build/keep2.java", "build/sub/", "build/sub/x.java"),
            List.of("build/", "build/keep.java", "build/keep2.java", "build/sub/", "build/sub/x.java")),
        c("dir/* allows re-including a child", gi("build/*\n!build/keep.java\n"),
            List.of("build/", "build/keep.java", "build/x.java", "build/sub/", "build/sub/y.java"),
            List.of("build/x.java", "build/sub/", "build/sub/y.java")),
        c("leading slash anchors", gi("/top.java\n"),
            List.of("top.java", "d/top.java"),
            List.of("top.java")),
        c("middle slash anchors", gi("d/x.java\n"),
            List.of("d/x.java", "e/d/x.java", "x.java"),
            List.of("d/x.java")),
        c("trailing slash: directories only", gi("out/\n"),
            List.of("out/", "out/f.java", "a/out/", "a/out/g.java", "b/out"),
            List.of("out/", "out/f.java", "a/out/", "a/out/g.java")),
        c("anchored directory-only", gi("/gen/\n"),
            List.of("gen/", "gen/a.java", "src/gen/", "src/gen/b.java"),
            List.of("gen/", "gen/a.java")),
        c("leading **/ matches at any depth", gi("**/logs\n**/foo/bar\n"),
            List.of("logs/", "logs/a.java", "a/logs/", "a/b/logs", "foo/bar", "x/y/foo/bar", "foo/baz"),
            List.of("logs/", "logs/a.java", "a/logs/", "a/b/logs", "foo/bar", "x/y/foo/bar")),
        c("trailing /** matches everything inside, not the dir", gi("abc/**\n"),
            List.of("abc/", "abc/x.java", "abc/d/", "abc/d/y.java", "x/abc/z.java"),
            List.of("abc/x.java", "abc/d/", "abc/d/y.java")),
        c("middle /**/ matches zero or more dirs", gi("a/**/b.java\n"),
            List.of("a/b.java", "a/x/b.java", "a/x/y/b.java", "c/a/b.java", "a/bb.java"),
            List.of("a/b.java", "a/x/b.java", "a/x/y/b.java")),
        c("** not between slashes acts like *", gi("x**y.java\n/p/q**\n"),
            List.of("xy.java", "xay.java", "d/xaay.java", "p/q1/", "p/q1/r.java", "p/q.java"),
            List.of("xy.java", "xay.java", "d/xaay.java", "p/q1/", "p/q1/r.java", "p/q.java")),
        c("* does not cross slashes", gi("d/*.java\n"),
            List.of("d/x.java", "d/e/x.java"),
            List.of("d/x.java")),
        c("? matches one non-slash char", gi("?.java\n/a?b\n"),
            List.of("a.java", "ab.java", "axb", "a/b"),
            List.of("a.java", "axb")),
        c("character classes", gi("[abc].java\n[!abc]x.java\n[^d-f]y.java\n[0-9][0-9].rs\n"),
            List.of("a.java", "d.java", "dx.java", "ax.java", "ay.java", "ey.java", "42.rs", "4a.rs"),
            List.of("a.java", "dx.java", "ay.java", "42.rs")),
        c("class edge cases: ], -, posix, escapes", gi("[]]x.java\n[a-]m.java\n[[:digit:]]p.java\n[\\*]s.java\n"),
            List.of("]x.java", "-m.java", "am.java", "bm.java", "7p.java", "ap.java", "*s.java", "as.java"),
            List.of("]x.java", "-m.java", "am.java", "7p.java", "*s.java")),
        c("unterminated class matches nothing", gi("[abc\n"),
            List.of("a", "[abc", "b.java"),
            List.of()),
        c("escaped wildcard is literal", gi("\\*star.java\nq\\?.java\n"),
            List.of("*star.java", "xstar.java", "q?.java", "qa.java"),
            List.of("*star.java", "q?.java")),
        c("nested .gitignore overrides its parent",
            Map.of(".gitignore", "*.java\n", "sub/.gitignore", "!*.java\n"),
            List.of("a.java", "sub/b.java", "sub/c/d.java", "other/e.java"),
            List.of("a.java", "other/e.java")),
        c("nested patterns are relative to their directory",
            Map.of("sub/.gitignore", "/only.java\nx.java\ndeep/z.java\n"),
            List.of("only.java", "sub/only.java", "sub/k/only.java", "x.java", "sub/x.java", "sub/y/x.java",
                "sub/deep/z.java", "deep/z.java", "sub/a/deep/z.java"),
            List.of("sub/only.java", "sub/x.java", "sub/y/x.java", "sub/deep/z.java")),
        c("nested file cannot re-include below a directory excluded above",
            Map.of(".gitignore", "vendor/\n", "vendor/.gitignore", "!*.java\n"),
            List.of("vendor/", "vendor/a.java"),
            List.of("vendor/", "vendor/a.java")),
        c("whitelist idiom", gi("*\n!*/\n!*.java\n"),
            List.of("a.java", "a.txt", "d/b.java", "d/c.md", "d/"),
            List.of("a.txt", "d/c.md")),
        c(".git/info/exclude, overridden by .gitignore",
            Map.of(".git/info/exclude", "*.java\ntmp/\n", ".gitignore", "!keep.java\n"),
            List.of("a.java", "keep.java", "tmp/", "tmp/t.py", "s/keep.java"),
            List.of("a.java", "tmp/", "tmp/t.py")),
        c("a pattern that names a directory also hides its files", gi("docs\n"),
            List.of("docs/", "docs/a.java", "x/docs/", "x/docs/b.java", "docs.java"),
            List.of("docs/", "docs/a.java", "x/docs/", "x/docs/b.java")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scannerAnswersMatchDocumentedSemantics(Case c, @TempDir Path root) throws IOException {
    GitOracle.build(root, c.paths(), withoutGitDir(c.ignoreFiles()));
    java.nio.file.Files.createDirectories(root.resolve(".git")); // git rules apply in a repository only
    writeGitDirFiles(root, c.ignoreFiles());
    assertEquals(c.ignored(), ignoredByScanner(root, c.paths()), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gitAgreesWithTheTable(Case c, @TempDir Path root) throws Exception {
    assumeTrue(GitOracle.available(), "git not installed");
    GitOracle.build(root, c.paths(), c.ignoreFiles());
    assertEquals(c.ignored(), GitOracle.ignoredByGit(root, c.paths(), c.ignoreFiles()), c.name());
  }

  @Test
  void randomPatternsAgreeWithGit(@TempDir Path tmp) throws Exception {
    assumeTrue(GitOracle.available(), "git not installed");
    Random random = new Random(20240611L);
    List<String> failures = new ArrayList<>();
    int totalPaths = 0;
    int totalIgnored = 0;
    for (int round = 0; round < 150; round++) {
      Path root = tmp.resolve("r" + round);
      List<String> paths = randomTree(random);
      Map<String, String> ignoreFiles = new LinkedHashMap<>();
      ignoreFiles.put(".gitignore", randomPatterns(random, 4 + random.nextInt(8), paths));
      for (String p : paths) {
        if (p.endsWith("/") && random.nextInt(4) == 0) {
          ignoreFiles.put(p + ".gitignore", randomPatterns(random, 1 + random.nextInt(4), paths));
        }
      }
      if (random.nextInt(3) == 0) {
        ignoreFiles.put(".git/info/exclude", randomPatterns(random, 2, paths));
      }
      GitOracle.build(root, paths, ignoreFiles);
      Set<String> git = GitOracle.ignoredByGit(root, paths, ignoreFiles);
      Set<String> ours = ignoredByScanner(root, paths);
      totalPaths += paths.size();
      totalIgnored += git.size();
      if (!git.equals(ours)) {
        failures.add("round " + round + " files=" + ignoreFiles + "\n  paths=" + paths + "\n  git=" + git
            + "\n  ours=" + ours);
      }
    }
    assertEquals(List.of(), failures);
    // The sweep is only meaningful if the generated rules ignore a fair share of the paths, not none or all.
    assertTrue(totalIgnored > totalPaths / 10 && totalIgnored < totalPaths * 9 / 10,
        totalIgnored + " of " + totalPaths + " ignored");
  }

  // ---------------------------------------------------------------------------------------------

  private static Set<String> ignoredByScanner(Path root, List<String> paths) {
    WorkspaceScanner scanner = new WorkspaceScanner(ScanOptions.defaults());
    Set<String> out = new TreeSet<>();
    for (String p : paths) {
      if (scanner.isIgnored(root, GitOracle.strip(p), p.endsWith("/"))) {
        out.add(p);
      }
    }
    return out;
  }

  private static Map<String, String> withoutGitDir(Map<String, String> files) {
    Map<String, String> out = new LinkedHashMap<>(files);
    out.keySet().removeIf(k -> k.startsWith(".git/"));
    return out;
  }

  private static void writeGitDirFiles(Path root, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> e : files.entrySet()) {
      if (e.getKey().startsWith(".git/")) {
        Path target = root.resolve(e.getKey());
        java.nio.file.Files.createDirectories(target.getParent());
        java.nio.file.Files.writeString(target, e.getValue());
      }
    }
  }

  private static final String[] NAMES = {"a", "b", "ab", "ba", "a.java", "b.java", "ab.java", "b.py", "x.rs",
      "foo", "bar", "foo.bar", "a b", "[a]", "z-1", "#c", "!n"};

  /** Paths of a random tree: directories end in '/', each listed before its children. */
  private static List<String> randomTree(Random random) {
    Set<String> out = new LinkedHashSet<>();
    addChildren(random, "", 0, out);
    return new ArrayList<>(out);
  }

  private static void addChildren(Random random, String prefix, int depth, Set<String> out) {
    int n = 1 + random.nextInt(5);
    Set<String> used = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      String name = NAMES[random.nextInt(NAMES.length)];
      if (!used.add(name)) {
        continue;
      }
      if (depth < 4 && random.nextInt(5) < 2) {
        out.add(prefix + name + "/");
        addChildren(random, prefix + name + "/", depth + 1, out);
      } else {
        out.add(prefix + name);
      }
    }
  }

  /** Mostly patterns derived from the tree's own paths (so they hit), partly random atoms. */
  private static String randomPatterns(Random random, int count, List<String> paths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(random.nextInt(3) == 0 ? atomPattern(random) : derivedPattern(random, paths)).append('\n');
    }
    return sb.toString();
  }

  private static String derivedPattern(Random random, List<String> paths) {
    String[] parts = GitOracle.strip(paths.get(random.nextInt(paths.size()))).split("/");
    int from = random.nextInt(parts.length);
    List<String> comps = new ArrayList<>(List.of(parts).subList(from, parts.length));
    if (comps.size() > 2 && random.nextInt(3) == 0) {
      comps.remove(1 + random.nextInt(comps.size() - 2)); // a/b/c -> a/c, to probe '*' and '**' spans
      comps.add(1, random.nextBoolean() ? "*" : "**");
    }
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(4) == 0) {
      sb.append('!');
    }
    if (random.nextInt(4) == 0) {
      sb.append('/');
    } else if (random.nextInt(5) == 0) {
      sb.append("**/");
    }
    for (int i = 0; i < comps.size(); i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(globify(random, comps.get(i)));
    }
    if (random.nextInt(4) == 0) {
      sb.append('/');
    } else if (random.nextInt(8) == 0) {
      sb.append("/**");
    }
    return sb.toString();
  }

  private static String globify(Random random, String comp) {
    if (comp.equals("*") || comp.equals("**")) {
      return comp;
    }
    StringBuilder sb = new StringBuilder();
    for (char ch : comp.toCharArray()) {
      int roll = random.nextInt(14);
      if (roll == 0) {
        sb.append('?');
      } else if (roll == 1) {
        sb.append('*');
      } else if (roll == 2) {
        sb.append('[').append(ch == ']' || ch == '\\' ? 'q' : ch).append("x]");
      } else if (roll == 3) {
        sb.append("[!").append(ch == 'z' ? 'y' : 'z').append(']');
      } else if (roll == 4) {
        sb.append("*").append(ch);
      } else if (ch == '[' || ch == '*' || ch == '?' || ch == '\\' || (ch == '!' && sb.length() == 0)
          || (ch == '#' && sb.length() == 0)) {
        sb.append('\\').append(ch);
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static final String[] ATOMS = {"a", "b", "ab", ".java", "foo", "bar", "*", "*", "**", "?", "/",
      "/", "[ab]", "[!a]", "[a-c]", "\\*", "x", " ", "-", "[[:alpha:]]", "]", "\\"};

  private static String atomPattern(Random random) {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(4) == 0) {
      sb.append('!');
    }
    if (random.nextInt(5) == 0) {
      sb.append('/');
    }
    int atoms = 1 + random.nextInt(4);
    for (int j = 0; j < atoms; j++) {
      sb.append(ATOMS[random.nextInt(ATOMS.length)]);
    }
    if (random.nextInt(4) == 0) {
      sb.append('/');
    }
    return sb.toString();
  }
}
