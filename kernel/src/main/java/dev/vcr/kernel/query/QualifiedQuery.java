package dev.vcr.kernel.query;

import dev.vcr.kernel.model.Definition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workspace-symbol query that names containers before the symbol: {@code StringUtils.isEmpty},
 * {@code StringUtils#isEmpty}, {@code lang3.StringUtils}, {@code Map.Entry}, {@code os.path.join},
 * {@code ns::Foo}, {@code a/b.c}. The last segment is matched against names like any query; the others must
 * match, in order, the containers of a definition: its qualified name's segments (package, enclosing types)
 * and its file's module path (folders and file name without extension), which is how Python and
 * JavaScript modules are named.
 */
public record QualifiedQuery(List<String> qualifiers, String member) {
  private static final int EXACT = 3;
  private static final int IGNORE_CASE = 2;
  private static final int PREFIX = 1;

  /** The query split at {@code .}, {@code #}, {@code ::}, {@code ->} and {@code /}; empty when unqualified. */
  public static Optional<QualifiedQuery> parse(String query) {
    String q = query.strip();
    if (q.indexOf('.') < 0 && q.indexOf('#') < 0 && q.indexOf(':') < 0 && q.indexOf('/') < 0 && !q.contains("->")) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (String p : q.split("::|->|[.#/:\\\\]")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    if (parts.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(new QualifiedQuery(List.copyOf(parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1)));
  }

  /**
   * How well the qualifiers match the containers of {@code d} (declared in file {@code path}), or -1 when
   * they do not. Qualifiers are matched from the last to the first against containers from the nearest
   * outwards, each exactly, ignoring case or as a prefix; matching the nearest container, and matching
   * exactly, score higher.
   */
  public int containerScore(String path, Definition d) {
    List<String> containers = containers(path, d);
    int score = 0;
    int ci = containers.size() - 1;
    for (int qi = qualifiers.size() - 1; qi >= 0; qi--) {
      String q = qualifiers.get(qi);
      int best = 0;
      while (ci >= 0) {
        best = segmentMatch(q, containers.get(ci));
        ci--;
        if (best > 0) {
          break;
        }
      }
      if (best == 0) {
        return -1;
      }
      if (qi == qualifiers.size() - 1 && ci == containers.size() - 2) {
        score += 10; // the innermost qualifier names the immediate container
      }
      score += best;
    }
    return score;
  }

  /** The containers of a definition, outermost first: its file's module path, then its qualified name's. */
  static List<String> containers(String path, Definition d) {
    List<String> out = new ArrayList<>();
    String noExt = path;
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot > slash) {
      noExt = path.substring(0, dot);
    }
    for (String s : noExt.split("/")) {
      if (!s.isEmpty() && !s.equals("__init__") && !s.equals("index")) {
        out.add(s);
      }
    }
    String qn = d.qualifiedName();
    String[] segs = qn.split("\\.");
    // The qualified name ends with the definition's own name; its other segments are containers.
    int end = segs.length > 0 && segs[segs.length - 1].equals(d.name()) ? segs.length - 1 : segs.length;
    for (int i = 0; i < end; i++) {
      if (!segs[i].isEmpty()) {
        out.add(segs[i]);
      }
    }
    return out;
  }

  private static int segmentMatch(String q, String container) {
    if (container.equals(q)) {
      return EXACT;
    }
    if (container.equalsIgnoreCase(q)) {
      return IGNORE_CASE;
    }
    if (container.regionMatches(true, 0, q, 0, q.length())) {
      return PREFIX;
    }
    return 0;
  }
}
