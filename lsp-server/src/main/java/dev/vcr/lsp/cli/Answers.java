package dev.vcr.lsp.cli;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the by-name query commands, as the JSON objects {@code --json} prints (their shape is a
 * contract: scripts read it). The human-readable output is rendered from these same objects
 * ({@link HitPrinter}), so both always say the same thing.
 */
public final class Answers {
  private Answers() {}

  /** The query commands that take a name. */
  public static final List<String> COMMANDS = List.of("defs", "refs", "callers", "callees", "symbols");

  /** The answer of {@code command} ({@link #COMMANDS}) for {@code name}; {@code limit} is for symbols. */
  public static List<Object> answer(Navigator nav, String command, String name, int limit) {
    return switch (command) {
      case "defs" -> defs(nav, name);
      case "refs" -> refs(nav, name);
      case "callers" -> callers(nav, name);
      case "callees" -> callees(nav, name);
      case "symbols" -> symbols(nav, name, limit);
      default -> throw new IllegalArgumentException("not a query command: " + command);
    };
  }

  static String loc(String path, Span s) {
    return path + ":" + (s.startLine() + 1) + ":" + (s.startCol16() + 1);
  }

  private static Map<String, Object> defJson(String path, Definition d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", loc(path, d.nameSpan()));
    m.put("kind", d.kind().label());
    m.put("name", d.name());
    m.put("qualifiedName", d.qualifiedName());
    return m;
  }

  private static List<Object> defs(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (DefHit d : definitionsNamed(nav, name)) {
      out.add(defJson(d.path(), d.definition()));
    }
    return out;
  }

  private static List<DefHit> definitionsNamed(Navigator nav, String name) {
    List<DefHit> out = new ArrayList<>();
    for (SymbolMatch m : nav.workspaceSymbols(name, 10_000)) {
      if (m.definition().name().equals(name)) {
        out.add(new DefHit(m.path(), m.ordinal(), m.definition()));
      }
    }
    out.sort(Comparator.comparing(DefHit::path).thenComparingInt(DefHit::ordinal));
    return out;
  }

  private static List<Object> refs(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (Location l : nav.referencesOf(definitionsNamed(nav, name), false)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("location", loc(l.path(), l.span()));
      out.add(m);
    }
    return out;
  }

  private static List<Object> callers(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (DefHit d : definitionsNamed(nav, name)) {
      if (!d.definition().kind().isCallable()) {
        continue;
      }
      for (IncomingCall c : nav.incomingCalls(new CallItem(d.path(), d.ordinal(), d.definition()))) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", c.from().isFileLevel() ? c.from().path() : loc(c.from().path(), c.from().definition().nameSpan()));
        m.put("caller", c.from().isFileLevel() ? "<top level>" : c.from().definition().qualifiedName());
        m.put("callee", d.definition().qualifiedName());
        List<String> sites = new ArrayList<>();
        c.fromRanges().forEach(s -> sites.add(loc(c.from().path(), s)));
        m.put("sites", sites);
        out.add(m);
      }
    }
    return out;
  }

  private static List<Object> callees(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (DefHit d : definitionsNamed(nav, name)) {
      if (!d.definition().kind().isCallable() && d.definition().kind() != SymbolKind.CONSTRUCTOR) {
        continue;
      }
      for (OutgoingCall c : nav.outgoingCalls(new CallItem(d.path(), d.ordinal(), d.definition()))) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", loc(c.to().path(), c.to().definition().nameSpan()));
        m.put("caller", d.definition().qualifiedName());
        m.put("callee", c.to().definition().qualifiedName());
        List<String> sites = new ArrayList<>();
        c.fromRanges().forEach(s -> sites.add(loc(d.path(), s)));
        m.put("sites", sites);
        out.add(m);
      }
    }
    return out;
  }

  private static List<Object> symbols(Navigator nav, String query, int limit) {
    List<Object> out = new ArrayList<>();
    for (SymbolMatch m : nav.workspaceSymbols(query, limit)) {
      out.add(defJson(m.path(), m.definition()));
    }
    return out;
  }
}
