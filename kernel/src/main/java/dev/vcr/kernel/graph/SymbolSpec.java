package dev.vcr.kernel.graph;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a command or an agent names a symbol: {@code path:line:col} (what is there, a use resolved to its
 * declaration), {@code path:line} (the innermost declaration around that line), a qualified name
 * ({@code p.Greeter.greet}, or its tail {@code Greeter.greet}) or a bare name (every declaration with that
 * name). Lines and columns are 1-based, columns in UTF-16 code units.
 */
final class SymbolSpec {
  private static final Pattern AT = Pattern.compile("(.+?):(\\d+)(?::(\\d+))?");

  private SymbolSpec() {}

  static List<DefHit> find(CodeGraph g, String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      return List.of();
    }
    Navigator nav = g.nav();
    Matcher m = AT.matcher(s);
    if (m.matches() && nav.facts(m.group(1)) != null) {
      String path = m.group(1);
      int line = Integer.parseInt(m.group(2)) - 1;
      if (m.group(3) != null) {
        FilePosition pos = new FilePosition(path, line, Integer.parseInt(m.group(3)) - 1, true);
        return nav.targetAt(pos).map(nav::declarationsOf).orElse(List.of());
      }
      return around(path, nav.facts(path), line).map(List::of).orElse(List.of());
    }
    List<DefHit> out = new ArrayList<>();
    for (SymbolMatch x : nav.workspaceSymbols(s, 10_000)) {
      Definition d = x.definition();
      String qn = d.qualifiedName() == null ? d.name() : d.qualifiedName();
      if (d.name().equals(s) || qn.equals(s) || qn.endsWith("." + s) || qn.endsWith("::" + s)) {
        out.add(new DefHit(x.path(), x.ordinal(), d));
      }
    }
    out.sort(Comparator.comparing(DefHit::path).thenComparingInt(DefHit::ordinal));
    return out;
  }

  /** The declaration named on a line, else the innermost named one whose text covers it. */
  private static Optional<DefHit> around(String path, FileFacts f, int line) {
    int best = -1;
    for (int i = 0; i < f.definitions().size(); i++) {
      Definition d = f.definitions().get(i);
      if (!d.kind().isNamed()) {
        continue;
      }
      if (d.nameSpan().startLine() == line) {
        return Optional.of(new DefHit(path, i, d));
      }
      if (d.span().startLine() <= line && line <= d.span().endLine()
          && (best < 0 || f.definitions().get(best).span().contains(d.span()))) {
        best = i;
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(new DefHit(path, best, f.definitions().get(best)));
  }
}
