package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.Budget;
import dev.vcr.kernel.graph.GraphResults.ContextItem;
import dev.vcr.kernel.graph.GraphResults.ContextResult;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.OutgoingCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an agent or a reviewer needs to change one symbol, within a token budget: the symbol's whole text,
 * then its callers (signature and call lines), its callees and the types it uses (documentation and
 * signature), then the tests that call it. Items are ranked in that order, by location within a group, and
 * taken while they fit (tokens are estimated as characters / 4); the focus is cut to the budget if it alone
 * is too big. The answer says what was spent and what was left out.
 */
final class ContextPack {
  private static final List<String> ORDER = List.of("focus", "caller", "callee", "type", "test");

  private final CodeGraph g;
  private final int budget;
  private final Map<String, Optional<SourceText>> texts = new HashMap<>(); // by path; never iterated

  ContextPack(CodeGraph g, int budget) {
    this.g = g;
    this.budget = Math.max(0, budget);
  }

  private record Candidate(String role, Node node, String text) {}

  ContextResult run(DefHit focus) {
    Node fn = new Node(focus.path(), focus.ordinal());
    List<Candidate> all = new ArrayList<>();
    Optional<SourceText> st = text(focus.path());
    all.add(new Candidate("focus", fn, st.map(t -> t.text(focus.definition().span())).orElse("")));
    CallItem item = new CallItem(focus.path(), focus.ordinal(), focus.definition());
    TreeMap<Node, String> callers = new TreeMap<>();
    for (IncomingCall c : g.nav().incomingCalls(item)) {
      Node n = new Node(c.from().path(), c.from().ordinal());
      callers.put(n, callerText(c));
    }
    g.check();
    TreeMap<Node, String> callees = new TreeMap<>();
    for (OutgoingCall c : g.nav().outgoingCalls(item)) {
      callees.put(new Node(c.to().path(), c.to().ordinal()), header(c.to().path(), c.to().definition()));
    }
    g.check();
    TreeMap<Node, String> types = typesUsed(focus);
    callers.forEach((n, t) -> all.add(new Candidate(isTest(n.path()) ? "test" : "caller", n, t)));
    callees.forEach((n, t) -> all.add(new Candidate("callee", n, t)));
    types.forEach((n, t) -> all.add(new Candidate("type", n, t)));
    all.sort(java.util.Comparator.comparingInt((Candidate c) -> ORDER.indexOf(c.role())).thenComparing(Candidate::node));

    List<ContextItem> items = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    int used = 0;
    int droppedTokens = 0;
    for (Candidate c : all) {
      int tokens = tokens(c.text());
      if (used + tokens <= budget) {
        items.add(new ContextItem(c.role(), g.ref(c.node()), tokens, false, c.text()));
        used += tokens;
      } else if (c.role().equals("focus") && budget > 0) {
        String cut = c.text().substring(0, Math.min(c.text().length(), budget * 4));
        items.add(new ContextItem(c.role(), g.ref(c.node()), tokens(cut), true, cut));
        used += tokens(cut);
      } else {
        dropped.add(c.role() + " " + g.ref(c.node()).location());
        droppedTokens += tokens;
      }
    }
    Budget b = new Budget(budget, used, budget - used, items.size(), dropped.size(), droppedTokens);
    return new ContextResult(CodeGraph.ref(focus.path(), focus.definition()), b, items, dropped);
  }

  static int tokens(String text) {
    return (text.length() + 3) / 4;
  }

  private static boolean isTest(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    String name = p.substring(p.lastIndexOf('/') + 1);
    return p.startsWith("test/") || p.startsWith("tests/") || p.contains("/test/") || p.contains("/tests/")
        || name.startsWith("test_") || name.contains("_test.") || name.contains(".test.") || name.contains(".spec.")
        || name.matches(".*tests?\\.[a-z]+");
  }

  /** A caller: its header, then each line with a call site. */
  private String callerText(IncomingCall c) {
    StringBuilder sb = new StringBuilder();
    if (!c.from().isFileLevel()) {
      sb.append(header(c.from().path(), c.from().definition()));
    }
    Optional<SourceText> st = text(c.from().path());
    int last = -1;
    for (Span s : c.fromRanges()) {
      if (s.startLine() != last && st.isPresent()) {
        sb.append(sb.length() == 0 ? "" : "\n").append(s.startLine() + 1).append(": ")
            .append(st.get().line(s.startLine()).strip());
      }
      last = s.startLine();
    }
    return sb.toString();
  }

  /** A declaration's documentation (as a comment) and signature. */
  private String header(String path, Definition d) {
    Optional<SourceText> st = text(path);
    if (st.isEmpty()) {
      return d.qualifiedName();
    }
    FileFacts f = g.nav().facts(path);
    String doc = f == null ? null : st.get().doc(d, f.language());
    String sig = st.get().signature(d);
    return doc == null ? sig : "/* " + doc.replace("*/", "* /") + " */\n" + sig;
  }

  /** Types named inside the focus (type uses, constructions, supertypes, annotations), resolved. */
  private TreeMap<Node, String> typesUsed(DefHit focus) {
    TreeMap<Node, String> out = new TreeMap<>();
    FileFacts f = g.nav().facts(focus.path());
    if (f == null) {
      return out;
    }
    Span body = focus.definition().span();
    for (Reference r : f.references()) {
      RefRole role = r.role();
      boolean typeUse = role == RefRole.TYPE || role == RefRole.NEW || role == RefRole.INHERIT || role == RefRole.ANNOTATION;
      if (!typeUse || !body.contains(r.span())) {
        continue;
      }
      for (DefHit d : g.nav().resolve(focus.path(), f, r)) {
        Definition def = d.definition();
        Node n = new Node(d.path(), d.ordinal());
        if (def.kind() == dev.vcr.kernel.model.SymbolKind.CONSTRUCTOR && def.container() >= 0) {
          FileFacts df = g.nav().facts(d.path());
          n = new Node(d.path(), def.container());
          def = df.definitions().get(def.container());
        }
        if (def.kind().isType() && !out.containsKey(n) && !(n.ordinal() == focus.ordinal() && n.path().equals(focus.path()))) {
          out.put(n, header(d.path(), def));
        }
      }
    }
    return out;
  }

  private Optional<SourceText> text(String path) {
    return texts.computeIfAbsent(path, p -> Optional.ofNullable(g.text(p)).map(SourceText::new));
  }
}
