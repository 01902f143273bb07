package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.Hashing;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.FileRecord;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generated fixture workspaces in several languages, and helpers to index them and compare whole indexes.
 * Every file's content is a pure function of (language, index, version), so two workspaces generated with
 * the same arguments are byte-identical.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The extensions cycled through by {@link #generate}, one language each. */
  public static final List<String> EXTENSIONS = List.of("java", "py", "go", "js", "ts", "rs", "c", "rb");

  /** A fixed mtime so that generated files do not depend on the clock (and copies keep it). */
  public static final FileTime BASE_TIME = FileTime.fromMillis(1_700_000_000_000L);

  /** Writes {@code count} files, cycling through {@link #EXTENSIONS}, all at version 0. */
  public static List<String> generate(Path root, int count) throws IOException {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      paths.add(write(root, i, 0));
    }
    return paths;
  }

  /** The relative path of generated file {@code i}. */
  public static String pathOf(int i) {
    String ext = EXTENSIONS.get(i % EXTENSIONS.size());
    String dir = "pkg" + (i % 7);
    String name = ext.equals("java") ? "Unit" + i : "unit_" + i;
    return ext + "/" + dir + "/" + name + "." + ext;
  }

  /** Writes generated file {@code i} at {@code version}; returns its relative path. */
  public static String write(Path root, int i, int version) throws IOException {
    String rel = pathOf(i);
    Path file = root.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source(i, version), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(BASE_TIME.toMillis() + 1000L * version));
    return rel;
  }

  /** The content of generated file {@code i} at {@code version}. */
  public static String source(int i, int version) {
    String ext = EXTENSIONS.get(i % EXTENSIONS.size());
    int other = (i * 7 + 3) % 97;
    String v = "v" + version;
    StringBuilder b = new StringBuilder();
    switch (ext) {
      case "java":
        b.append("package pkg").append(i % 7).append(";\n\n");
        b.append("/** Generated unit ").append(i).append(". */\n");
        b.append("public class Unit").append(i).append(" {\n");
        b.append("  private int count").append(v).append(" = ").append(i).append(";\n");
        b.append("  public int compute").append(i).append("(int x) {\n");
        b.append("    return helper").append(other).append("(x) + count").append(v).append(";\n  }\n");
        b.append("  static int helper").append(i).append("(int y) { return y * ").append(version + 2).append("; }\n");
        b.append("  void run").append(v).append("() { new Unit").append(i).append("().compute").append(i)
            .append("(1); Shared.log(\"").append(v).append("\"); }\n");
        b.append("}\n");
        break;
      case "py":
        b.append("\"\"\"Generated unit ").append(i).append(".\"\"\"\n\n");
        b.append("class Unit").append(i).append(":\n");
        b.append("    def compute_").append(i).append("(self, x):\n");
        b.append("        return helper_").append(other).append("(x) + ").append(version).append("\n\n");
        b.append("    def run_").append(v).append("(self):\n");
        b.append("        self.compute_").append(i).append("(1)\n\n");
        b.append("def helper_").append(i).append("(y):\n    return y * ").append(version + 2).append("\n");
        break;
      case "go":
        b.append("package pkg").append(i % 7).append("\n\n");
        b.append("type Unit").append(i).append(" struct {\n\tCount").append(v).append(" int\n}\n\n");
        b.append("func (u *Unit").append(i).append(") Compute").append(i).append("(x int) int {\n");
        b.append("\treturn Helper").append(other).append("(x) + u.Count").append(v).append("\n}\n\n");
        b.append("func Helper").append(i).append("(y int) int { return y * ").append(version + 2).append(" }\n");
        break;
      case "js":
        b.append("// Generated unit ").append(i).append("\n");
        b.append("export class Unit").append(i).append(" {\n");
        b.append("  compute").append(i).append("(x) { return helper").append(other).append("(x) + ")
            .append(version).append("; }\n");
        b.append("  run").append(v).append("() { this.compute").append(i).append("(1); }\n}\n\n");
        b.append("export function helper").append(i).append("(y) { return y * ").append(version + 2).append("; }\n");
        break;
      case "ts":
        b.append("// Generated unit ").append(i).append("\n");
        b.append("export interface Shape").append(i).append(" { area").append(v).append("(): number; }\n\n");
        b.append("export class Unit").append(i).append(" implements Shape").append(i).append(" {\n");
        b.append("  constructor(private readonly n: number) {}\n");
        b.append("  area").append(v).append("(): number { return helper").append(other).append("(this.n); }\n}\n\n");
        b.append("export function helper").append(i).append("(y: number): number { return y * ")
            .append(version + 2).append("; }\n");
        break;
      case "rs":
        b.append("//! Generated unit ").append(i).append("\n\n");
        b.append("pub struct Unit").append(i).append(" { count_").append(v).append(": i64 }\n\n");
        b.append("impl Unit").append(i).append(" {\n");
        b.append("    pub fn compute_").append(i).append("(&self, x: i64) -> i64 { helper_").append(other)
            .append("(x) + self.count_").append(v).append(" }\n}\n\n");
        b.append("pub fn helper_").append(i).append("(y: i64) -> i64 { y * ").append(version + 2).append(" }\n");
        break;
      case "c":
        b.append("/* Generated unit ").append(i).append(" */\n#include <stdio.h>\n\n");
        b.append("struct unit_").append(i).append(" { int count_").append(v).append("; };\n\n");
        b.append("int helper_").append(i).append("(int y) { return y * ").append(version + 2).append("; }\n\n");
        b.append("int compute_").append(i).append("(int x) {\n  printf(\"%d\\n\", x);\n  return helper_")
            .append(other).append("(x);\n}\n");
        break;
      case "rb":
        b.append("# Generated unit ").append(i).append("\n");
        b.append("module Pkg").append(i % 7).append("\n");
        b.append("  class Unit").append(i).append("\n");
        b.append("    def compute_").append(i).append("(x)\n      helper_").append(other).append("(x) + ")
            .append(version).append("\n    end\n\n");
        b.append("    def run_").append(v).append("\n      compute_").append(i).append("(1)\n    end\n  end\nend\n");
        break;
      default:
        throw new IllegalStateException(ext);
    }
    return b.toString();
  }

  /** Copies a directory tree, keeping modification times. */
  public static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  // ------------------------------------------------------------------------------------------ indexing

  public static IndexOptions options(int threads) {
    return IndexOptions.defaults().withThreads(threads);
  }

  /** Opens the index, refreshes it once and closes it. */
  public static IndexSummary index(Path workspace, Path indexDir, int threads) throws IOException {
    try (WorkspaceIndex wi = open(workspace, indexDir, threads)) {
      return wi.refresh(Indexer.Progress.NONE, () -> false);
    }
  }

  public static WorkspaceIndex open(Path workspace, Path indexDir, int threads) throws IOException {
    try {
      return WorkspaceIndex.open(Workspace.of(workspace), indexDir, options(threads));
    } catch (IndexLockedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Everything a store answers, as comparable values: per file its record (without the mtime) and its
   * encoded facts, and for every name that occurs, the definitions and references the name lookups
   * return. Two indexes of the same files must give equal snapshots, whatever path they were built by.
   */
  public static Map<String, Object> snapshot(SymbolStore store) {
    Map<String, Object> out = new TreeMap<>();
    NavigableMap<String, FileRecord> files = store.files();
    TreeSet<String> refNames = new TreeSet<>();
    for (Map.Entry<String, FileRecord> e : files.entrySet()) {
      FileRecord r = e.getValue();
      out.put("file " + e.getKey(), List.of(r.size(), r.contentHash(), r.language(), r.factsDigest(),
          r.definitions(), r.references(), r.calls()));
      byte[] blob = store.encodedFacts(e.getKey());
      out.put("facts " + e.getKey(), blob == null ? "null"
          : blob.length + " bytes, sha256 " + Hashing.sha256().hashBytes(blob));
      FileFacts f = store.facts(e.getKey());
      for (Reference ref : f.references()) {
        refNames.add(ref.name());
      }
      for (int i = 0; i < f.definitions().size(); i++) {
        out.put("def " + e.getKey() + "#" + i, String.valueOf(f.definitions().get(i)));
      }
      // Outgoing calls of every definition and of the file level.
      for (int i = -1; i < f.definitions().size(); i++) {
        List<RefHit> calls = store.callsFrom(e.getKey(), i);
        if (!calls.isEmpty()) {
          out.put("calls " + e.getKey() + "#" + i, calls.toString());
        }
      }
    }
    List<String> defNames = new ArrayList<>();
    store.forEachDefinitionName(defNames::add);
    out.put("defNames", defNames);
    for (String n : defNames) {
      out.put("defs " + n, store.definitions(n).toString());
      out.put("entries " + n, store.definitionEntries(n).toString());
    }
    for (String n : refNames) {
      out.put("refs " + n, store.references(n).toString());
    }
    out.put("hash", store.indexHash());
    out.put("fileCount", store.fileCount());
    return out;
  }

  /** Asserts two snapshots are equal, reporting the first differing key rather than two huge maps. */
  public static void assertSameIndex(Map<String, Object> expected, Map<String, Object> actual, String what) {
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String k : keys) {
      assertEquals(String.valueOf(expected.get(k)), String.valueOf(actual.get(k)), what + ": index differs at " + k);
    }
  }

  /** A clean index of the workspace's current files, built in a fresh directory. */
  public static Map<String, Object> cleanSnapshot(Path workspace, Path freshIndexDir) throws IOException {
    try (WorkspaceIndex wi = open(workspace, freshIndexDir, 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      return snapshot(wi.store());
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
