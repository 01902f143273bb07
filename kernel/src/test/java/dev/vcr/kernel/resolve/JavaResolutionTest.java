package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.resolve.MarkedCase.Mark;
import dev.vcr.kernel.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Java resolution rules, one fixture workspace per rule family under {@code fixtures/resolve/<case>/}. The
 * fixture sources state their own expectations with markers, written immediately before a name (no space):
 *
 * <ul>
 *   <li>{@code /*@L*}{@code /} declares label {@code L}: the definition whose name follows. Labels are
 *       unique within a case.
 *   <li>{@code /*^L*}{@code /} a use that resolves to {@code L}: go-to-definition from it answers exactly
 *       {@code L}, and it is one of {@code L}'s references. Several labels ({@code /*^Ctor,Cls*}{@code /})
 *       when the use names several definitions (e.g. {@code new Foo()}: the constructor and the class);
 *       no label ({@code /*^*}{@code /}) when it names nothing in the workspace (a library method).
 *   <li>{@code /*?L*}{@code /} a use the resolver cannot decide (e.g. a member of a library type's
 *       result): by the documented policy definition falls back to same-named definitions, exactly
 *       {@code L}, while references and call hierarchy (strict) give it to nobody.
 *   <li>{@code /*~L*}{@code /} a known gap: the right answer is {@code L} but the resolver gets it wrong.
 *       It is left out of every comparison; the golden file shows what actually happens, and the fixture
 *       line carries a {@code // KNOWN GAP:} comment saying why.
 *   <li>{@code //! calls A -> B C} call edges: for every labelled method or constructor, the incoming
 *       callers are exactly the labels with an edge to it, and the outgoing callees exactly its edges.
 * </ul>
 *
 * <p>The markers are stripped before indexing (positions are those of the stripped text). Then, for each
 * case: every declaration marker points at a definition; definition from every use is exactly as marked;
 * references of every labelled declaration (without the declaration) are exactly its marked uses, no more
 * and no fewer, so an unmarked same-named decoy that steals or is stolen from shows up; references asked
 * from a use equal those of what it names; call hierarchy as marked. Results are rendered
 * {@code path:line:col} (1-based) with the label or the source line, and compared as sorted lists.
 * Finally the full rendering (references with call-site ranges) is compared with
 * {@code golden/resolve/<case>.txt}.
 */
class JavaResolutionTest {
  private static final Path FIXTURES = Golden.resources().resolve("fixtures/resolve");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> list = Files.list(FIXTURES)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  @Test
  void everyRuleFamilyHasAFixture() throws IOException {
    Set<String> names = cases().collect(Collectors.toSet());
    for (String c : List.of("shadowing", "imports", "inheritance", "overloads", "chains", "nested")) {
      assertTrue(names.contains(c), "missing fixture " + c);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesAsMarked(String name, @TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    MarkedCase c = MarkedCase.load(name, FIXTURES.resolve(name), ws);
    assertFalse(c.decls.isEmpty(), "no declaration markers in " + name);
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      Checker k = new Checker(c, index.navigator());
      List<Executable> checks = new ArrayList<>();
      checks.add(k::declarationsExist);
      checks.add(k::definitions);
      checks.add(k::references);
      checks.add(k::referencesFromUses);
      checks.add(k::callHierarchy);
      checks.add(() -> Golden.check(Golden.resources().resolve("golden/resolve/" + name + ".txt"), k.render()));
      assertAll(name, checks.stream());
    }
  }

  /** A 0-based position in a file; ordered by path, line, column. */
  record Pos(String path, int line, int col) implements Comparable<Pos> {
    static Pos of(Mark m) {
      return new Pos(m.path(), m.line(), m.col());
    }

    static Pos of(Location l) {
      return new Pos(l.path(), l.span().startLine(), l.span().startCol16());
    }

    FilePosition file() {
      return new FilePosition(path, line, col, true);
    }

    @Override
    public int compareTo(Pos o) {
      return Comparator.comparing(Pos::path).thenComparingInt(Pos::line).thenComparingInt(Pos::col).compare(this, o);
    }
  }

  private static final class Checker {
    final MarkedCase c;
    final Navigator nav;
    final Set<Pos> gaps = new HashSet<>();

    Checker(MarkedCase c, Navigator nav) {
      this.c = c;
      this.nav = nav;
      for (Mark u : c.uses) {
        if (u.kind() == '~') {
          gaps.add(Pos.of(u));
        }
      }
    }

    String show(Pos p) {
      String label = c.labelAt(p.path(), p.line(), p.col());
      return p.path() + ":" + (p.line() + 1) + ":" + (p.col() + 1)
          + (label != null ? " @" + label : "") + "  | " + c.excerpt(p.path(), p.line());
    }

    List<String> show(Iterable<Pos> ps) {
      TreeSet<Pos> sorted = new TreeSet<>();
      ps.forEach(sorted::add);
      return sorted.stream().map(this::show).collect(Collectors.toList());
    }

    List<Pos> declsOf(List<String> labels) {
      return labels.stream().map(l -> Pos.of(c.decls.get(l))).collect(Collectors.toList());
    }

    List<Pos> positions(List<Location> ls) {
      return ls.stream().map(Pos::of).collect(Collectors.toList());
    }

    SymbolKind kindOf(String label) {
      Optional<Navigator.Target> t = nav.targetAt(Pos.of(c.decls.get(label)).file());
      return t.isPresent() && t.get().def() != null ? t.get().def().kind() : null;
    }

    void declarationsExist() {
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, Mark> e : c.decls.entrySet()) {
        Pos p = Pos.of(e.getValue());
        Optional<Navigator.Target> t = nav.targetAt(p.file());
        if (t.isEmpty() || t.get().def() == null || t.get().def().nameSpan().startLine() != p.line()
            || t.get().def().nameSpan().startCol16() != p.col()) {
          wrong.add("@" + e.getKey() + " is not at a definition name: " + show(p));
        }
      }
      assertEquals(List.of(), wrong);
    }

    void definitions() {
      List<String> expected = new ArrayList<>();
      List<String> actual = new ArrayList<>();
      for (Mark u : c.uses) {
        if (u.kind() == '~') {
          continue;
        }
        String head = "definition from " + show(Pos.of(u)) + " ->";
        expected.add(head + " " + show(declsOf(u.labels())));
        actual.add(head + " " + show(positions(nav.definition(Pos.of(u).file()))));
      }
      assertLines(expected, actual);
    }

    List<Pos> referencesOf(String label) {
      List<Pos> out = positions(nav.references(Pos.of(c.decls.get(label)).file(), false));
      out.removeIf(gaps::contains);
      return out;
    }

    List<Pos> marked(String label) {
      List<Pos> out = new ArrayList<>();
      for (Mark u : c.uses) {
        if (u.kind() == '^' && u.labels().contains(label)) {
          out.add(Pos.of(u));
        }
      }
      return out;
    }

    void references() {
      StringBuilder expected = new StringBuilder();
      StringBuilder actual = new StringBuilder();
      for (String label : c.decls.keySet()) {
        expected.append("references of @").append(label).append(":\n");
        actual.append("references of @").append(label).append(":\n");
        show(marked(label)).forEach(s -> expected.append("  ").append(s).append('\n'));
        show(referencesOf(label)).forEach(s -> actual.append("  ").append(s).append('\n'));
      }
      assertLines(List.of(expected.toString().split("\n")), List.of(actual.toString().split("\n")));
    }

    void referencesFromUses() {
      List<String> expected = new ArrayList<>();
      List<String> actual = new ArrayList<>();
      for (Mark u : c.uses) {
        if (u.kind() != '^' || u.labels().isEmpty()) {
          continue;
        }
        Set<Pos> union = new TreeSet<>();
        u.labels().forEach(l -> union.addAll(marked(l)));
        List<Pos> got = positions(nav.references(Pos.of(u).file(), false));
        got.removeIf(gaps::contains);
        String head = "references from " + show(Pos.of(u)) + ":";
        expected.add(head + " " + show(union));
        actual.add(head + " " + show(got));
      }
      assertLines(expected, actual);
    }

    /** Whether every call site is a known gap: such a caller or callee is left out of the comparison. */
    boolean onlyGaps(String path, List<dev.vcr.kernel.model.Span> sites) {
      for (dev.vcr.kernel.model.Span s : sites) {
        if (!gaps.contains(new Pos(path, s.startLine(), s.startCol16()))) {
          return false;
        }
      }
      return !sites.isEmpty();
    }

    boolean callable(String label) {
      SymbolKind k = kindOf(label);
      return k == SymbolKind.METHOD || k == SymbolKind.CONSTRUCTOR;
    }

    void callHierarchy() {
      StringBuilder expected = new StringBuilder();
      StringBuilder actual = new StringBuilder();
      for (String label : c.decls.keySet()) {
        if (!callable(label)) {
          continue;
        }
        Pos at = Pos.of(c.decls.get(label));
        List<CallItem> items = nav.prepareCallHierarchy(at.file());
        List<Pos> callers = new ArrayList<>();
        List<Pos> callees = new ArrayList<>();
        List<String> fileLevel = new ArrayList<>();
        for (CallItem item : items) {
          for (IncomingCall in : nav.incomingCalls(item)) {
            if (onlyGaps(in.from().path(), in.fromRanges())) {
              continue;
            }
            if (in.from().isFileLevel()) {
              fileLevel.add(in.from().path() + " (file level)");
            } else {
              callers.add(new Pos(in.from().path(), in.from().definition().nameSpan().startLine(),
                  in.from().definition().nameSpan().startCol16()));
            }
          }
          for (OutgoingCall out : nav.outgoingCalls(item)) {
            if (onlyGaps(item.path(), out.fromRanges())) {
              continue;
            }
            callees.add(new Pos(out.to().path(), out.to().definition().nameSpan().startLine(),
                out.to().definition().nameSpan().startCol16()));
          }
        }
        List<Pos> expectedCallers = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : c.calls.entrySet()) {
          if (e.getValue().contains(label)) {
            expectedCallers.add(Pos.of(c.decls.get(e.getKey())));
          }
        }
        List<Pos> expectedCallees = declsOf(new ArrayList<>(c.calls.getOrDefault(label, new TreeSet<>())));
        expected.append("@").append(label).append(" items=1\n  incoming ").append(show(expectedCallers))
            .append("\n  outgoing ").append(show(expectedCallees)).append('\n');
        List<String> in = new ArrayList<>(show(callers));
        in.addAll(fileLevel);
        actual.append("@").append(label).append(" items=").append(items.size()).append("\n  incoming ").append(in)
            .append("\n  outgoing ").append(show(callees)).append('\n');
      }
      assertLines(List.of(expected.toString().split("\n")), List.of(actual.toString().split("\n")));
    }

    /** Everything the navigator answers for the case, with call-site ranges, for the golden file. */
    String render() {
      StringBuilder b = new StringBuilder();
      b.append("== resolve case ").append(c.name).append('\n');
      b.append("\n-- declarations: references (without declaration) and call hierarchy\n");
      for (String label : c.decls.keySet()) {
        Pos at = Pos.of(c.decls.get(label));
        SymbolKind k = kindOf(label);
        b.append('\n').append(k == null ? "?" : k.label()).append(' ').append(show(at)).append('\n');
        List<Pos> refs = positions(nav.references(at.file(), false));
        for (String s : show(refs)) {
          b.append("  ref ").append(s).append(gapSuffix(refs, s)).append('\n');
        }
        if (!callable(label)) {
          continue;
        }
        for (CallItem item : nav.prepareCallHierarchy(at.file())) {
          for (IncomingCall in : nav.incomingCalls(item)) {
            b.append("  caller ").append(in.from().isFileLevel() ? in.from().path() + " (file level)"
                : show(new Pos(in.from().path(), in.from().definition().nameSpan().startLine(),
                    in.from().definition().nameSpan().startCol16()))).append('\n');
            b.append("    at ").append(ranges(in.fromRanges())).append('\n');
          }
          for (OutgoingCall out : nav.outgoingCalls(item)) {
            b.append("  callee ").append(show(new Pos(out.to().path(), out.to().definition().nameSpan().startLine(),
                out.to().definition().nameSpan().startCol16()))).append('\n');
            b.append("    at ").append(ranges(out.fromRanges())).append('\n');
          }
        }
      }
      b.append("\n-- uses: go to definition\n");
      for (Mark u : c.uses) {
        b.append('\n').append(u.kind()).append(String.join(",", u.labels())).append(' ')
            .append(show(Pos.of(u))).append('\n');
        for (String s : show(positions(nav.definition(Pos.of(u).file())))) {
          b.append("  def ").append(s).append('\n');
        }
        if (u.kind() == '?' || u.labels().isEmpty()) {
          // What the navigator does from a use it cannot resolve: references by name, no call item.
          for (String s : show(positions(nav.references(Pos.of(u).file(), false)))) {
            b.append("  ref-by-name ").append(s).append('\n');
          }
          b.append("  call-items ").append(nav.prepareCallHierarchy(Pos.of(u).file()).size()).append('\n');
        }
      }
      return b.toString();
    }

    /**
     * Fails when the line lists differ; the message shows only the differing lines (- expected, + actual),
     * each after the nearest preceding unindented heading line, while the full texts go to the IDE's diff.
     */
    private static void assertLines(List<String> expected, List<String> actual) {
      if (expected.equals(actual)) {
        return;
      }
      StringBuilder msg = new StringBuilder("resolution differs from the markers:\n");
      List<String> e = keyed(expected);
      List<String> a = keyed(actual);
      e.stream().filter(l -> !a.contains(l)).forEach(l -> msg.append("- ").append(l).append('\n'));
      a.stream().filter(l -> !e.contains(l)).forEach(l -> msg.append("+ ").append(l).append('\n'));
      throw new AssertionFailedError(msg.toString(), String.join("\n", expected), String.join("\n", actual));
    }

    /** Each indented line prefixed by the nearest unindented line above it. */
    private static List<String> keyed(List<String> lines) {
      List<String> out = new ArrayList<>();
      String heading = "";
      for (String l : lines) {
        if (!l.startsWith(" ")) {
          heading = l;
          out.add(l);
        } else {
          out.add(heading + " ... " + l.trim());
        }
      }
      return out;
    }

    private String gapSuffix(List<Pos> refs, String shown) {
      for (Pos p : refs) {
        if (gaps.contains(p) && show(p).equals(shown)) {
          return "   (known gap)";
        }
      }
      return "";
    }

    private static String ranges(List<dev.vcr.kernel.model.Span> spans) {
      return spans.stream().map(dev.vcr.kernel.model.Span::render).collect(Collectors.joining(" "));
    }
  }
}
