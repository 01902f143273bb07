package dev.vcr.kernel.ingest;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.query.Results.SymbolMatch;
import dev.vcr.kernel.query.Results.SymbolTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every answer an index gives about a workspace, asked through the kernel's public query API only and
 * rendered as readable strings ({@code path:line:col}), keyed by the question. The questions are found
 * without the index: every identifier in every file on disk is a position to ask at. Two indexes of the
 * same files must give equal maps, whichever way each was built.
 */
final class PropAnswers {
  private PropAnswers() {}

  /** The source files of a workspace, as root-relative keys, sorted (the index is not asked). */
  static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  /** An identifier's position in a file: 0-based line and column (the fixtures are ASCII). */
  record Token(int line, int col, String word) {}

  static List<Token> identifiers(String text) {
    List<Token> out = new ArrayList<>();
    int line = 0;
    int lineStart = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
        i++;
      } else if (Character.isJavaIdentifierStart(c) && c != '$') {
        int start = i;
        while (i < n && Character.isJavaIdentifierPart(text.charAt(i))) {
          i++;
        }
        out.add(new Token(line, start - lineStart, text.substring(start, i)));
      } else if (Character.isDigit(c)) {
        while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
      } else {
        i++;
      }
    }
    return out;
  }

  /**
   * All answers of {@code wi} for the files under {@code root}: per file its outline and file-level calls;
   * per identifier what is there, its definition, its references (with and without the declaration), the
   * call hierarchy items there and, at declarations, their incoming and outgoing calls; and workspace
   * symbols for {@code queries}.
   */
  static SortedMap<String, String> collect(WorkspaceIndex wi, Path root, List<String> queries) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    out.put("~indexHash", wi.store().indexHash());
    // One navigator for all the questions: the index does not change meanwhile, and its per-request caches
    // (facts by path, definitions by name) save re-reading the same records for every file.
    Navigator nav = wi.navigator();
    for (String path : files(root)) {
      String text = Files.readString(root.resolve(path), StandardCharsets.UTF_8);
      StringBuilder outline = new StringBuilder();
      renderTrees(nav.documentSymbols(path), "", outline);
      out.put(path + " symbols", outline.toString());
      out.put(path + " outgoing(file level)", renderOutgoing(nav.outgoingCalls(new CallItem(path, -1, null))));
      for (Token t : identifiers(text)) {
        FilePosition pos = new FilePosition(path, t.line(), t.col(), true);
        String key = path + ":" + (t.line() + 1) + ":" + (t.col() + 1) + " " + t.word();
        Optional<Navigator.Target> target = nav.targetAt(pos);
        if (target.isEmpty()) {
          out.put(key, "nothing");
          continue;
        }
        boolean decl = target.get().def() != null;
        out.put(key, decl ? "declaration" : "use");
        out.put(key + " definition", renderLocations(nav.definition(pos)));

        if (decl) {
          // At uses, references would ask the same again per use (the uses of a name are found from its
          // declaration); a use that resolves to no declaration has its definition answer above.
          out.put(key + " references", renderLocations(nav.references(pos, false)));
          out.put(key + " references+decl", renderLocations(nav.references(pos, true)));
        }
        List<CallItem> items = nav.prepareCallHierarchy(pos);
        StringBuilder b = new StringBuilder();
        for (CallItem item : items) {
          b.append(render(item)).append('\n');
          if (decl) {
            b.append("  incoming:\n");
            for (IncomingCall c : nav.incomingCalls(item)) {
              b.append("    ").append(render(c.from())).append(" at ").append(renderSpans(c.fromRanges())).append('\n');
            }
            b.append("  outgoing:\n").append(renderOutgoing(nav.outgoingCalls(item)));
          }
        }
        out.put(key + " callHierarchy", b.toString());
      }
    }
    for (String q : queries) {
      StringBuilder b = new StringBuilder();
      for (SymbolMatch m : nav.workspaceSymbols(q, 40)) {
        b.append(m.path()).append(':').append(renderDef(m.definition())).append(" score ").append(m.score()).append('\n');
      }
      out.put("~workspaceSymbols \"" + q + "\"", b.toString());
    }
    return out;
  }

  static String renderOutgoing(List<OutgoingCall> calls) {
    StringBuilder b = new StringBuilder();
    for (OutgoingCall c : calls) {
      b.append("    ").append(render(c.to())).append(" from ").append(renderSpans(c.fromRanges())).append('\n');
    }
    return b.toString();
  }

  static String render(CallItem item) {
    return item.path() + ":" + (item.definition() == null ? "(file)" : renderDef(item.definition()));
  }

  static String renderDef(Definition d) {
    return pos(d.nameSpan()) + " " + d.name() + " " + d.kind();
  }

  static String pos(Span s) {
    return (s.startLine() + 1) + ":" + (s.startCol16() + 1);
  }

  static String renderSpans(List<Span> spans) {
    StringBuilder b = new StringBuilder();
    for (Span s : spans) {
      b.append(b.length() == 0 ? "" : ",").append(pos(s));
    }
    return b.toString();
  }

  static String renderLocations(List<Location> locs) {
    StringBuilder b = new StringBuilder();
    for (Location l : locs) {
      b.append(b.length() == 0 ? "" : " ").append(l.path()).append(':').append(pos(l.span()));
    }
    return b.toString();
  }

  static void renderTrees(List<SymbolTree> trees, String indent, StringBuilder b) {
    for (SymbolTree t : trees) {
      b.append(indent).append(renderDef(t.definition())).append('\n');
      renderTrees(t.children(), indent + "  ", b);
    }
  }

  /** A readable diff of two answer maps: the first {@code max} questions whose answers differ. */
  static String diff(SortedMap<String, String> clean, SortedMap<String, String> incremental, int max) {
    TreeSet<String> keys = new TreeSet<>(clean.keySet());
    keys.addAll(incremental.keySet());
    StringBuilder b = new StringBuilder();
    int shown = 0;
    int differing = 0;
    for (String k : keys) {
      String a = clean.get(k);
      String c = incremental.get(k);
      if (a != null && a.equals(c)) {
        continue;
      }
      differing++;
      if (shown++ < max) {
        b.append("  ").append(k).append('\n');
        b.append("    clean:       ").append(indent(a)).append('\n');
        b.append("    incremental: ").append(indent(c)).append('\n');
      }
    }
    if (differing == 0) {
      return "";
    }
    return differing + " of " + keys.size() + " answers differ" + (differing > max ? " (first " + max + " shown)" : "")
        + ":\n" + b;
  }

  private static String indent(String s) {
    if (s == null) {
      return "(not asked)";
    }
    String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    return t.isEmpty() ? "(empty)" : t.replace("\n", "\n                 ");
  }
}
