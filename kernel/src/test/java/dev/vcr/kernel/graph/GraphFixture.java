package dev.vcr.kernel.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workspaces whose graphs are known by construction, in Java, Python, TypeScript and C: one function per
 * file, each calling the functions listed for it, in four folders.
 * <ul>
 *   <li>{@code chain}: chainA → chainB → chainC → chainD;</li>
 *   <li>{@code diamond}: diamondTop → diamondLeft, diamondRight → diamondBottom (diamondLeft has a doc comment);</li>
 *   <li>{@code cycle}: cycleX → cycleY → cycleZ → cycleX, three files;</li>
 *   <li>{@code clusters}: clusterP1..3 all call each other, so do clusterQ1..3, and one bridge clusterP1 → clusterQ1.</li>
 * </ul>
 */
final class GraphFixture {
  static final List<String> LANGUAGES = List.of("java", "python", "typescript", "c");

  static final Map<String, List<String>> CALLS = new LinkedHashMap<>();

  static {
    CALLS.put("chain/chainA", List.of("chainB"));
    CALLS.put("chain/chainB", List.of("chainC"));
    CALLS.put("chain/chainC", List.of("chainD"));
    CALLS.put("chain/chainD", List.of());
    CALLS.put("diamond/diamondTop", List.of("diamondLeft", "diamondRight"));
    CALLS.put("diamond/diamondLeft", List.of("diamondBottom"));
    CALLS.put("diamond/diamondRight", List.of("diamondBottom"));
    CALLS.put("diamond/diamondBottom", List.of());
    CALLS.put("cycle/cycleX", List.of("cycleY"));
    CALLS.put("cycle/cycleY", List.of("cycleZ"));
    CALLS.put("cycle/cycleZ", List.of("cycleX"));
    CALLS.put("clusters/clusterP1", List.of("clusterP2", "clusterP3", "clusterQ1"));
    CALLS.put("clusters/clusterP2", List.of("clusterP3", "clusterP1"));
    CALLS.put("clusters/clusterP3", List.of("clusterP1", "clusterP2"));
    CALLS.put("clusters/clusterQ1", List.of("clusterQ2", "clusterQ3"));
    CALLS.put("clusters/clusterQ2", List.of("clusterQ3", "clusterQ1"));
    CALLS.put("clusters/clusterQ3", List.of("clusterQ1", "clusterQ2"));
  }

  private GraphFixture() {}

  static void write(Path ws, String lang) throws IOException {
    for (Map.Entry<String, List<String>> e : CALLS.entrySet()) {
      String folder = e.getKey().substring(0, e.getKey().indexOf('/'));
      String fn = e.getKey().substring(folder.length() + 1);
      Path file = ws.resolve(path(lang, e.getKey()));
      Files.createDirectories(file.getParent());
      Files.writeString(file, source(lang, folder, fn, e.getValue()));
    }
  }

  /** The workspace path of the file defining function {@code fn} of {@code folder}. */
  static String path(String lang, String folderAndFn) {
    String folder = folderAndFn.substring(0, folderAndFn.indexOf('/'));
    String fn = folderAndFn.substring(folder.length() + 1);
    return switch (lang) {
      case "java" -> folder + "/" + cls(fn) + ".java";
      case "python" -> folder + "/" + fn + ".py";
      case "typescript" -> folder + "/" + fn + ".ts";
      case "c" -> folder + "/" + fn + ".c";
      default -> throw new IllegalArgumentException(lang);
    };
  }

  static String file(String lang, String fn) {
    for (String k : CALLS.keySet()) {
      if (k.endsWith("/" + fn)) {
        return path(lang, k);
      }
    }
    throw new IllegalArgumentException(fn);
  }

  private static String cls(String fn) {
    return Character.toUpperCase(fn.charAt(0)) + fn.substring(1);
  }

  private static String source(String lang, String folder, String fn, List<String> callees) {
    boolean doc = fn.equals("diamondLeft");
    StringBuilder sb = new StringBuilder();
    switch (lang) {
      case "java" -> {
        sb.append("package ").append(folder).append(";\n\npublic class ").append(cls(fn)).append(" {\n");
        sb.append(doc ? "  /** Left branch. */\n" : "");
        sb.append("  public static int ").append(fn).append("() {\n    int n = 0;\n");
        callees.forEach(c -> sb.append("    n += ").append(cls(c)).append('.').append(c).append("();\n"));
        sb.append("    return n;\n  }\n}\n");
      }
      case "python" -> {
        callees.forEach(c -> sb.append("from .").append(c).append(" import ").append(c).append('\n'));
        sb.append("\n\ndef ").append(fn).append("():\n");
        sb.append(doc ? "    \"\"\"Left branch.\"\"\"\n" : "");
        sb.append("    n = 0\n");
        callees.forEach(c -> sb.append("    n += ").append(c).append("()\n"));
        sb.append("    return n\n");
      }
      case "typescript" -> {
        callees.forEach(c -> sb.append("import { ").append(c).append(" } from './").append(c).append("';\n"));
        sb.append(doc ? "\n/** Left branch. */" : "").append("\nexport function ").append(fn).append("(): number {\n");
        sb.append("  let n = 0;\n");
        callees.forEach(c -> sb.append("  n += ").append(c).append("();\n"));
        sb.append("  return n;\n}\n");
      }
      case "c" -> {
        sb.append(doc ? "/* Left branch. */\n" : "").append("int ").append(fn).append("(void) {\n  int n = 0;\n");
        callees.forEach(c -> sb.append("  n += ").append(c).append("();\n"));
        sb.append("  return n;\n}\n");
      }
      default -> throw new IllegalArgumentException(lang);
    }
    return sb.toString();
  }
}
