package dev.vcr.kernel.ingest;

import dev.vcr.kernel.resolve.IncludePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Reads a workspace's compilation database: {@code compile_commands.json} at a root, else in its
 * {@code build/} folder (one per root, roots in order). Each entry's {@code -I}, {@code -iquote} and
 * {@code -isystem} options ({@code -Idir} or {@code -I dir}, from {@code arguments}, else from
 * {@code command} split as a shell would), relative to the entry's {@code directory}, become its file's
 * include directories ({@link IncludePaths}); directories and files outside the workspace are dropped (only
 * workspace files are indexed). A file named by several entries keeps its first. A database that cannot be
 * read or parsed counts as none, with a warning.
 */
public final class CompileCommands {
  private static final Logger LOG = Logger.getLogger(CompileCommands.class.getName());
  static final String FILE = "compile_commands.json";

  private CompileCommands() {}

  /** The last answer and what it was read from (roots, and each database's path, size and modification time). */
  private static volatile Object[] last = {"", IncludePaths.NONE};

  /**
   * The include directories of the workspace's databases; {@link IncludePaths#NONE} when it has none. The
   * last answer is reused while the databases keep their size and modification time (a database is
   * megabytes on a big tree, and a daemon indexes at every save), unless one was modified within the last
   * few seconds, when a later write could keep both.
   */
  public static IncludePaths load(Workspace ws) {
    List<Path[]> found = new ArrayList<>(); // {root, database}
    StringBuilder key = new StringBuilder();
    boolean racy = false;
    for (Path root : ws.roots()) {
      key.append(root).append('\n');
      for (Path db : List.of(root.resolve(FILE), root.resolve("build").resolve(FILE))) {
        if (Files.isRegularFile(db)) {
          found.add(new Path[] {root, db});
          try {
            long mtime = Files.getLastModifiedTime(db).toMillis();
            racy |= Math.abs(System.currentTimeMillis() - mtime) < 3_000;
            key.append(db).append('\t').append(Files.size(db)).append('\t').append(mtime).append('\n');
          } catch (IOException e) {
            racy = true;
          }
          break;
        }
      }
    }
    Object[] memo = last;
    if (!racy && key.toString().equals(memo[0])) {
      return (IncludePaths) memo[1];
    }
    SortedMap<String, List<IncludePaths.Dir>> byFile = new TreeMap<>();
    for (Path[] rd : found) {
      try {
        read(ws, rd[0], Files.readString(rd[1], StandardCharsets.UTF_8), byFile);
      } catch (IOException | RuntimeException e) {
        LOG.warning("ignoring the compilation database " + rd[1] + ": " + e.getMessage());
      }
    }
    IncludePaths out = IncludePaths.of(byFile);
    last = new Object[] {racy ? "" : key.toString(), out};
    return out;
  }

  /** Adds the entries of one database's text (its root resolves a missing or relative {@code directory}). */
  static void read(Workspace ws, Path root, String json, SortedMap<String, List<IncludePaths.Dir>> byFile) {
    Object parsed = new Json(json).value();
    if (!(parsed instanceof List<?> entries)) {
      throw new IllegalArgumentException("not a JSON array");
    }
    for (Object o : entries) {
      if (!(o instanceof Map<?, ?> entry) || !(entry.get("file") instanceof String file)) {
        continue;
      }
      Path dir = entry.get("directory") instanceof String d ? root.resolve(d) : root;
      Optional<String> key = ProjectFiles.folderKey(ws, dir.resolve(file).normalize());
      if (key.isEmpty() || byFile.containsKey(key.get())) {
        continue;
      }
      List<String> args = new ArrayList<>();
      if (entry.get("arguments") instanceof List<?> a) {
        for (Object x : a) {
          if (x instanceof String s) {
            args.add(s);
          }
        }
      } else if (entry.get("command") instanceof String c) {
        args = split(c);
      }
      List<IncludePaths.Dir> dirs = new ArrayList<>();
      for (int k = 0; k < args.size(); k++) {
        String a = args.get(k);
        for (String flag : new String[] {"-iquote", "-isystem", "-I"}) {
          if (a.startsWith(flag)) {
            String value = a.length() > flag.length() ? a.substring(flag.length()) : k + 1 < args.size() ? args.get(++k) : null;
            if (value != null && !value.isEmpty()) {
              Optional<String> dk = ProjectFiles.folderKey(ws, dir.resolve(value).normalize());
              IncludePaths.Dir included = dk.map(v -> new IncludePaths.Dir(v, flag.equals("-iquote"))).orElse(null);
              if (included != null && !dirs.contains(included)) {
                dirs.add(included);
              }
            }
            break;
          }
        }
      }
      byFile.put(key.get(), dirs);
    }
  }

  /** A command line split into words as a POSIX shell would (quotes and backslashes; no expansions). */
  static List<String> split(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
          w.append(command.charAt(++i));
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < command.length()) {
        w.append(command.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
