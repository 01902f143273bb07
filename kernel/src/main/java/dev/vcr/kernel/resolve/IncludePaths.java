package dev.vcr.kernel.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The include directories a compilation database ({@code compile_commands.json}) gives the C and C++
 * files of the workspace: per file, the workspace folders of its {@code -iquote}, {@code -I} and
 * {@code -isystem} options, in the order given (index keys, as files are named in the index). Distinct
 * lists are kept once (most files of a project share one). {@link IncludeEdges} looks an include up in
 * them after the including file's folder (quoted form) and before the ancestor folders.
 *
 * <p>It is part of the index as one part of the {@link ProjectLayout} (its {@link #encode()} lines start
 * that text), so the link pass, in-place updates and queries all see the same directories. Immutable.
 */
public final class IncludePaths {
  /** One directory: its index key ("" for the root of a one-root workspace), and whether only quoted includes look in it ({@code -iquote}). */
  public record Dir(String key, boolean quoteOnly) {}

  public static final IncludePaths NONE = new IncludePaths(new TreeMap<>());

  /** File key to its list; equal lists are one instance. */
  private final SortedMap<String, List<Dir>> byFile;
  /** Each distinct list's number (by first appearance in file order), for caches keyed by list. */
  private final Map<List<Dir>, Integer> listIds = new HashMap<>();

  private IncludePaths(SortedMap<String, List<Dir>> byFile) {
    this.byFile = byFile;
    for (List<Dir> l : byFile.values()) {
      listIds.putIfAbsent(l, listIds.size());
    }
  }

  /** From file keys to their directories in order; empty lists are dropped. */
  public static IncludePaths of(SortedMap<String, List<Dir>> byFile) {
    Map<List<Dir>, List<Dir>> shared = new HashMap<>();
    SortedMap<String, List<Dir>> out = new TreeMap<>();
    for (Map.Entry<String, List<Dir>> e : byFile.entrySet()) {
      if (!e.getValue().isEmpty()) {
        List<Dir> l = List.copyOf(e.getValue());
        out.put(e.getKey(), shared.computeIfAbsent(l, k -> k));
      }
    }
    return out.isEmpty() ? NONE : new IncludePaths(out);
  }

  public boolean isEmpty() {
    return byFile.isEmpty();
  }

  /** How many files the database gives directories. */
  public int fileCount() {
    return byFile.size();
  }

  /** The directories of a file, in order; empty when the database does not name the file. */
  public List<Dir> of(String fileKey) {
    return byFile.getOrDefault(fileKey, List.of());
  }

  /** The number of a file's list (files with equal lists share it), or -1 for none. */
  int listId(String fileKey) {
    List<Dir> l = byFile.get(fileKey);
    return l == null ? -1 : listIds.get(l);
  }

  /**
   * A deterministic text form: the distinct lists, then each file with its list's number. "" when empty,
   * so that an index made before compilation databases were read compares equal to one without any.
   */
  public String encode() {
    String e = encoded;
    if (e == null) {
      e = computeEncoding();
      encoded = e;
    }
    return e;
  }

  private volatile String encoded;

  private String computeEncoding() {
    if (byFile.isEmpty()) {
      return "";
    }
    List<List<Dir>> lists = new ArrayList<>();
    Map<List<Dir>, Integer> ids = new HashMap<>();
    StringBuilder files = new StringBuilder();
    for (Map.Entry<String, List<Dir>> e : byFile.entrySet()) {
      Integer id = ids.get(e.getValue());
      if (id == null) {
        id = lists.size();
        ids.put(e.getValue(), id);
        lists.add(e.getValue());
      }
      files.append('F').append(e.getKey()).append('\t').append(id).append('\n');
    }
    StringBuilder b = new StringBuilder();
    for (List<Dir> l : lists) {
      b.append('L');
      for (Dir d : l) {
        b.append('\t').append(d.quoteOnly() ? 'q' : 'i').append(d.key());
      }
      b.append('\n');
    }
    return b.append(files).toString();
  }

  /** Reads {@link #encode()}'s form (as part of {@link ProjectLayout#decode}, which remembers its last answer). */
  public static IncludePaths decode(String text) {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    List<List<Dir>> lists = new ArrayList<>();
    SortedMap<String, List<Dir>> byFile = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("L")) {
        List<Dir> l = new ArrayList<>();
        for (String part : line.substring(1).split("\t")) {
          if (!part.isEmpty()) {
            l.add(new Dir(part.substring(1), part.charAt(0) == 'q'));
          }
        }
        lists.add(List.copyOf(l));
      } else if (line.startsWith("F")) {
        int tab = line.lastIndexOf('\t');
        byFile.put(line.substring(1, tab), lists.get(Integer.parseInt(line.substring(tab + 1))));
      }
    }
    return new IncludePaths(byFile);
  }
}
