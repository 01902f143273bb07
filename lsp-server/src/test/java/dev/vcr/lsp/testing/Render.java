package dev.vcr.lsp.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.WorkspaceSymbol;

/** Compact renderings of LSP results for golden files: paths relative to the workspace, 1-based positions. */
public final class Render {
  private Render() {}

  public static String path(Path root, String uri) {
    Path p = Path.of(URI.create(uri));
    return p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : uri;
  }

  public static String pos(Position p) {
    return (p.getLine() + 1) + ":" + (p.getCharacter() + 1);
  }

  public static String range(Range r) {
    return pos(r.getStart()) + "-" + pos(r.getEnd());
  }

  public static String location(Path root, Location l) {
    return path(root, l.getUri()) + " " + range(l.getRange());
  }

  public static List<String> locations(Path root, List<? extends Location> ls) {
    List<String> out = new ArrayList<>();
    for (Location l : ls) {
      out.add(location(root, l));
    }
    return out;
  }

  public static String item(Path root, CallHierarchyItem i) {
    return i.getKind().name().toLowerCase() + " " + i.getName()
        + (i.getDetail() == null ? "" : " [" + i.getDetail() + "]")
        + " " + path(root, i.getUri()) + " " + range(i.getSelectionRange());
  }

  public static String ranges(List<Range> rs) {
    List<String> out = new ArrayList<>();
    for (Range r : rs) {
      out.add(range(r));
    }
    return String.join(", ", out);
  }

  public static String symbol(Path root, WorkspaceSymbol s) {
    return s.getKind().name().toLowerCase() + " " + s.getName()
        + (s.getContainerName() == null ? "" : " [" + s.getContainerName() + "]")
        + " " + location(root, s.getLocation().getLeft());
  }

  /** The position of the first occurrence of {@code needle} in {@code text} (plus {@code offset} chars), UTF-16. */
  public static Position find(String text, String needle, int offset) {
    int i = text.indexOf(needle);
    if (i < 0) {
      throw new IllegalArgumentException("not found: " + needle);
    }
    return at(text, i + offset);
  }

  /** The position of a UTF-16 offset of {@code text}. */
  public static Position at(String text, int offset) {
    int line = 0;
    int lineStart = 0;
    for (int k = 0; k < offset; k++) {
      if (text.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new Position(line, offset - lineStart);
  }
}
