package dev.vcr.lsp.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The human-readable output of {@code defs refs callers callees symbols}, as grep and rg users read it:
 * hits grouped by file, a header line with the file's path, then one line per hit,
 * {@code path:line:col: source line} (the line trimmed, cut at {@link #MAX_TEXT} characters), followed for
 * definitions and calls by what the hit is in brackets, e.g. {@code [method app.Greeter.greet]}. Groups are
 * separated by a blank line. Files appear in the order of their first hit (so symbols keep their ranking);
 * within a file, hits are in line order, except for symbols (ranked).
 *
 * <p>With colour (only on a terminal, see {@link Terminal}): the header in bold magenta, the location in
 * magenta and green, the searched name in bold red where the hit's column points at it, the bracket dimmed.
 */
final class HitPrinter {
  static final int MAX_TEXT = 200;

  static final String RESET = "\u001b[0m";
  static final String HEADER = "\u001b[1;35m";
  static final String PATH = "\u001b[35m";
  static final String POSITION = "\u001b[32m";
  static final String MATCH = "\u001b[1;31m";
  static final String LABEL = "\u001b[2m";

  /** One hit: a 1-based line and UTF-16 column (0 when the hit is a whole file), and what to show with it. */
  record Hit(String path, int line, int col, String highlight, String label) {}

  /** The text of a workspace file, by index key; empty when it cannot be read. */
  @FunctionalInterface
  interface Sources {
    Optional<Path> file(String key);
  }

  private final PrintStream out;
  private final boolean colour;
  private final Sources sources;
  private final Map<String, List<String>> lines = new HashMap<>();

  HitPrinter(PrintStream out, boolean colour, Sources sources) {
    this.out = out;
    this.colour = colour;
    this.sources = sources;
  }

  /** The hits of a query command's answer (the objects {@code --json} prints). */
  @SuppressWarnings("unchecked")
  static List<Hit> hits(String command, String name, List<?> answer) {
    List<Hit> out = new ArrayList<>();
    for (Object o : answer) {
      Map<String, Object> m = (Map<String, Object>) o; // the JSON objects, local or from a daemon
      switch (command) {
        case "defs", "symbols" -> {
          Hit at = at((String) m.get("location"));
          out.add(new Hit(at.path(), at.line(), at.col(), (String) m.get("name"),
              m.get("kind") + " " + m.get("qualifiedName")));
        }
        case "refs" -> {
          Hit at = at((String) m.get("location"));
          out.add(new Hit(at.path(), at.line(), at.col(), simpleName(name), null));
        }
        case "callers", "callees" -> {
          String callee = (String) m.get("callee");
          String label = command.equals("callers")
              ? "in " + m.get("caller")
              : "calls " + callee + " (" + m.get("location") + ")";
          for (String site : (List<String>) m.get("sites")) {
            Hit at = at(site);
            out.add(new Hit(at.path(), at.line(), at.col(), simpleName(callee), label));
          }
        }
        default -> throw new IllegalArgumentException("not a query command: " + command);
      }
    }
    return out;
  }

  /** Parses {@code path:line:col} (the path may itself contain colons); a bare path is a whole file. */
  static Hit at(String location) {
    int c2 = location.lastIndexOf(':');
    int c1 = c2 > 0 ? location.lastIndexOf(':', c2 - 1) : -1;
    if (c1 > 0) {
      try {
        int line = Integer.parseInt(location.substring(c1 + 1, c2));
        int col = Integer.parseInt(location.substring(c2 + 1));
        return new Hit(location.substring(0, c1), line, col, null, null);
      } catch (NumberFormatException e) {
        // not a position: a path with colons
      }
    }
    return new Hit(location, 0, 0, null, null);
  }

  /** The last segment of a qualified name ({@code a.B.c}, {@code ns::f}, {@code A#b}). */
  static String simpleName(String qualified) {
    int cut = -1;
    for (String sep : List.of(".", "::", "#", "/", "\\")) {
      int i = qualified.lastIndexOf(sep);
      if (i >= 0) {
        cut = Math.max(cut, i + sep.length());
      }
    }
    return cut < 0 ? qualified : qualified.substring(cut);
  }

  /** Prints the hits grouped by file; {@code ranked} keeps each file's hits in the given order. */
  void print(List<Hit> hits, boolean ranked) {
    Map<String, List<Hit>> byFile = new LinkedHashMap<>();
    for (Hit h : hits) {
      byFile.computeIfAbsent(h.path(), k -> new ArrayList<>()).add(h);
    }
    boolean first = true;
    for (Map.Entry<String, List<Hit>> e : byFile.entrySet()) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println(paint(HEADER, e.getKey()));
      List<Hit> group = new ArrayList<>(e.getValue());
      if (!ranked) {
        group.sort(Comparator.comparingInt(Hit::line).thenComparingInt(Hit::col));
      }
      java.util.Set<Hit> seen = new java.util.HashSet<>();
      for (Hit h : group) {
        if (seen.add(h)) { // the same site reached twice (e.g. two overloads with one caller): shown once
          out.println(line(h));
        }
      }
    }
  }

  String line(Hit h) {
    StringBuilder b = new StringBuilder();
    b.append(paint(PATH, h.path()));
    if (h.line() > 0) {
      b.append(':').append(paint(POSITION, h.line() + ":" + h.col()));
    }
    b.append(':');
    String text = h.line() > 0 ? sourceLine(h.path(), h.line()) : null;
    if (text != null) {
      b.append(' ').append(text(text, h));
    }
    if (h.label() != null) {
      b.append(text == null || text.isBlank() ? " " : "  ").append(paint(LABEL, "[" + h.label() + "]"));
    }
    return b.toString();
  }

  /** The trimmed line, with the searched name coloured where the hit's column points at it. */
  private String text(String raw, Hit h) {
    int lead = 0;
    while (lead < raw.length() && Character.isWhitespace(raw.charAt(lead))) {
      lead++;
    }
    String t = raw.strip();
    int at = h.col() - 1 - lead;
    String name = h.highlight();
    boolean cut = t.length() > MAX_TEXT;
    if (cut) {
      t = t.substring(0, MAX_TEXT);
    }
    String shown;
    if (colour && name != null && !name.isEmpty() && at >= 0 && t.startsWith(name, at)) {
      shown = t.substring(0, at) + MATCH + name + RESET + t.substring(at + name.length());
    } else {
      shown = t;
    }
    return cut ? shown + "…" : shown;
  }

  private String paint(String code, String s) {
    return colour ? code + s + RESET : s;
  }

  /** Line {@code line} (1-based) of a workspace file, or null when the file or line cannot be read. */
  private String sourceLine(String key, int line) {
    List<String> all = lines.computeIfAbsent(key, k -> {
      Optional<Path> file = sources.file(k);
      if (file.isEmpty()) {
        return List.of();
      }
      try {
        // Decoded leniently (bad bytes become U+FFFD), as the indexer reads files.
        // Lines end at \n only, as the index counts them; a \r before it is dropped.
        String text = new String(Files.readAllBytes(file.get()), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
          int nl = text.indexOf('\n', start);
          int end = nl < 0 ? text.length() : nl;
          out.add(text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end));
          if (nl < 0) {
            break;
          }
          start = nl + 1;
        }
        return out;
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    });
    return line >= 1 && line <= all.size() ? all.get(line - 1) : null;
  }
}
