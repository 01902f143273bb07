package dev.vcr.kernel.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fixture workspace whose sources carry their expectations inline (see {@link JavaResolutionTest} for the
 * marker language). {@link #load} reads the marked sources, writes them without the markers into a
 * workspace folder, and records where each marker pointed in the stripped text.
 */
final class MarkedCase {
  /** A marker: {@code kind} is one of {@code @ ^ ? ~}; the position is 0-based, of the name that follows. */
  record Mark(char kind, List<String> labels, String path, int line, int col) {
    String where() {
      return path + ":" + (line + 1) + ":" + (col + 1);
    }
  }

  private static final Pattern MARK = Pattern.compile("/\\*([@^?~])([^*]*)\\*/");
  private static final Pattern CALLS = Pattern.compile("//!\\s*calls\\s+(\\S+)\\s*->(.*)");

  final String name;
  /** Declarations by label. */
  final Map<String, Mark> decls = new LinkedHashMap<>();
  /** Use markers ({@code ^ ? ~}) in file and position order. */
  final List<Mark> uses = new ArrayList<>();
  /** Call edges: caller label to callee labels. */
  final Map<String, TreeSet<String>> calls = new TreeMap<>();
  /** Stripped source lines by path, for excerpts. */
  final Map<String, List<String>> lines = new TreeMap<>();

  private MarkedCase(String name) {
    this.name = name;
  }

  /** Reads fixture folder {@code src}, writing the stripped sources under {@code workspace}. */
  static MarkedCase load(String name, Path src, Path workspace) throws IOException {
    MarkedCase c = new MarkedCase(name);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    for (Path file : files) {
      String rel = src.relativize(file).toString().replace('\\', '/');
      List<String> out = new ArrayList<>();
      List<String> in = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int ln = 0; ln < in.size(); ln++) {
        String line = in.get(ln);
        Matcher calls = CALLS.matcher(line);
        if (calls.find()) {
          TreeSet<String> callees = c.calls.computeIfAbsent(calls.group(1), k -> new TreeSet<>());
          for (String callee : calls.group(2).trim().split("[\\s,]+")) {
            if (!callee.isEmpty()) {
              callees.add(callee);
            }
          }
        }
        StringBuilder stripped = new StringBuilder();
        Matcher m = MARK.matcher(line);
        int last = 0;
        while (m.find()) {
          stripped.append(line, last, m.start());
          last = m.end();
          char kind = m.group(1).charAt(0);
          List<String> labels = Arrays.stream(m.group(2).split(","))
              .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
          Mark mark = new Mark(kind, labels, rel, ln, stripped.length());
          if (kind == '@') {
            if (labels.size() != 1) {
              throw new IllegalArgumentException("a declaration marker names one label: " + mark.where());
            }
            if (c.decls.put(labels.get(0), mark) != null) {
              throw new IllegalArgumentException("label declared twice: " + labels.get(0) + " at " + mark.where());
            }
          } else {
            c.uses.add(mark);
          }
        }
        stripped.append(line.substring(last));
        out.add(stripped.toString());
      }
      c.lines.put(rel, out);
      Path target = workspace.resolve(rel);
      Files.createDirectories(target.getParent());
      Files.writeString(target, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
    }
    for (Mark u : c.uses) {
      for (String l : u.labels()) {
        if (!c.decls.containsKey(l)) {
          throw new IllegalArgumentException("use of undeclared label " + l + " at " + u.where());
        }
      }
    }
    for (Map.Entry<String, TreeSet<String>> e : c.calls.entrySet()) {
      for (String l : concat(e.getKey(), e.getValue())) {
        if (!c.decls.containsKey(l)) {
          throw new IllegalArgumentException("calls line names undeclared label " + l);
        }
      }
    }
    return c;
  }

  private static List<String> concat(String first, TreeSet<String> rest) {
    List<String> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out;
  }

  /** The label declared at a 0-based position, or null. */
  String labelAt(String path, int line, int col) {
    for (Map.Entry<String, Mark> e : decls.entrySet()) {
      Mark m = e.getValue();
      if (m.path().equals(path) && m.line() == line && m.col() == col) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The stripped source line, trimmed and shortened, for readable renderings. */
  String excerpt(String path, int line) {
    List<String> ls = lines.get(path);
    if (ls == null || line < 0 || line >= ls.size()) {
      return "";
    }
    String s = ls.get(line).trim();
    return s.length() > 70 ? s.substring(0, 67) + "..." : s;
  }
}
