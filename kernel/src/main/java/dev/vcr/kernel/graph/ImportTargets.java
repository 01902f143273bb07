package dev.vcr.kernel.graph;

import dev.vcr.kernel.resolve.CResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The workspace files an import or include names, for the file dependency graph. Relative modules
 * ({@code "util.h"} next to the includer, {@code ./model}, {@code .pricing}) resolve against the importing
 * file's folder; other modules match a workspace file by path suffix ({@code shop.models} is
 * {@code .../shop/models.py}, {@code list.h} any {@code .../list.h}, at most {@link #MAX_MATCHES}). System
 * headers ({@code <stdio.h>}) and packages that are not in the workspace name nothing.
 */
final class ImportTargets {
  static final int MAX_MATCHES = 4;
  private static final List<String> SCRIPT_EXTENSIONS =
      List.of(".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js");

  private final SortedSet<String> paths;
  private final Map<String, List<String>> byFileName = new TreeMap<>();

  ImportTargets(SortedSet<String> paths) {
    this.paths = paths;
    for (String p : paths) {
      byFileName.computeIfAbsent(p.substring(p.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(p);
    }
  }

  /**
   * The files an import of {@code module} ({@code name}: the imported name, or null) in {@code path} (of the
   * language family {@code family}) names, in path order. The answer
   * depends only on the folder, the language family and the import, so it is remembered for the files
   * of the same folder, which include the same headers (Linux: 55,000 files, 800,000 includes).
   */
  SortedSet<String> resolve(String path, String family, String module, String name) {
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    if (!dir.equals(memoDir)) {
      memo.clear();
      memoDir = dir;
    }
    String key = family + '\u0000' + module + '\u0000' + name;
    return memo.computeIfAbsent(key, k -> compute(path, family, module, name));
  }

  private final Map<String, SortedSet<String>> memo = new java.util.HashMap<>(); // lookups only
  private String memoDir;

  private SortedSet<String> compute(String path, String family, String m, String name) {
    SortedSet<String> out = new TreeSet<>();
    if (m == null || m.isEmpty()) {
      return out;
    }
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    switch (family) {
      case "c" -> {
        if (m.startsWith("<")) {
          return out;
        }
        m = m.replace("\"", "");
        exact(CResolver.join(dir, m), out);
        if (out.isEmpty()) {
          suffix(m, out);
        }
      }
      case "python" -> {
        for (String mod : name == null ? List.of(m) : List.of(m, m + (m.endsWith(".") ? "" : ".") + name)) {
          python(dir, mod, out);
        }
      }
      default -> {
        if (m.startsWith("./") || m.startsWith("../")) {
          String base = CResolver.join(dir, m);
          exact(base, out);
          for (String ext : SCRIPT_EXTENSIONS) {
            exact(base + ext, out);
          }
        }
      }
    }
    return out;
  }

  private void python(String dir, String mod, SortedSet<String> out) {
    int dots = 0;
    while (dots < mod.length() && mod.charAt(dots) == '.') {
      dots++;
    }
    String rest = mod.substring(dots).replace('.', '/');
    if (dots > 0) {
      String base = dir;
      for (int i = 1; i < dots && !base.isEmpty(); i++) {
        base = base.contains("/") ? base.substring(0, base.lastIndexOf('/')) : "";
      }
      String p = rest.isEmpty() ? base : CResolver.join(base, rest);
      exact(p + ".py", out);
      exact(CResolver.join(p, "__init__.py"), out);
    } else if (!rest.isEmpty()) {
      suffix(rest + ".py", out);
      suffix(rest + "/__init__.py", out);
    }
  }

  private void exact(String p, SortedSet<String> out) {
    if (paths.contains(p)) {
      out.add(p);
    }
  }

  private void suffix(String rel, SortedSet<String> out) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    String tail = "/" + rel;
    int n = 0;
    for (String p : byFileName.getOrDefault(name, List.of())) {
      if (p.equals(rel) || p.endsWith(tail)) {
        out.add(p);
        if (++n == MAX_MATCHES) {
          break;
        }
      }
    }
  }
}
