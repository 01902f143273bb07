package dev.vcr.kernel.lang;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which {@code .h} headers of a workspace are C++ by where they are (issue 12). clangd gives a header the
 * compile command of the source file nearest to it; without compile commands, the nearest sources decide
 * here: walking up from the header's folder, the first folder that holds C or C++ source files (not
 * headers) makes the header C++ when it holds more C++ sources than C sources; with none on the way up,
 * the whole workspace's counts decide the same way. So a C++ project's headers are C++, a C project's stay
 * C, and a C project with a few C++ tools (Linux's {@code tools/perf/util/c++/}) makes only the headers
 * beside those C++ C++. Depends on the set of files only, so it is deterministic; a header that uses C++
 * syntax is C++ wherever it is ({@link Language#forContent}).
 */
public final class HeaderLanguages {
  /** folder -> {C sources, C++ sources} directly in it. */
  private final Map<String, int[]> folders = new HashMap<>();
  private final int[] total = new int[2];

  /** A workspace with no sources: every header stays C unless its content says C++. */
  public static final HeaderLanguages NONE = new HeaderLanguages();

  /** Adds a workspace file (a path with '/' separators); files that are not C or C++ sources are ignored. */
  public void add(String path) {
    int kind = sourceKind(path);
    if (kind < 0) {
      return;
    }
    folders.computeIfAbsent(folder(path), k -> new int[2])[kind]++;
    total[kind]++;
  }

  /** Whether the sources nearest to a header are mostly C++. */
  public boolean cppNear(String header) {
    for (String d = folder(header); d != null; d = d.isEmpty() ? null : folder(d)) {
      int[] n = folders.get(d);
      if (n != null) {
        return n[1] > n[0];
      }
    }
    return total[1] > total[0];
  }

  /** 0 for a C source, 1 for a C++ source, -1 for anything else (headers included). */
  private static int sourceKind(String path) {
    int dot = path.lastIndexOf('.');
    if (dot < 0 || dot < path.lastIndexOf('/')) {
      return -1;
    }
    switch (path.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "c":
        return 0;
      case "cc": case "cpp": case "cxx": case "c++":
        return 1;
      default:
        return -1;
    }
  }

  private static String folder(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
