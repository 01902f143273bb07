package dev.vcr.kernel.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The roots of one workspace and the mapping between index keys and files. With one root a file's key is
 * its path relative to the root ({@code src/a/B.java}); with several roots it is prefixed by the root's
 * folder name ({@code api/src/a/B.java}, with {@code #2} appended when two roots share a name). Keys never
 * contain the absolute location, so moving a workspace keeps its index hash.
 */
public final class Workspace {
  private final List<Path> roots;
  private final List<String> prefixes;

  public Workspace(List<Path> roots) throws IOException {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("a workspace needs at least one root");
    }
    List<Path> real = new ArrayList<>();
    for (Path r : roots) {
      if (!Files.isDirectory(r)) {
        throw new IOException("not a directory: " + r);
      }
      real.add(r.toRealPath());
    }
    this.roots = List.copyOf(real);
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < real.size(); i++) {
      if (real.size() == 1) {
        names.add("");
        break;
      }
      Path fn = real.get(i).getFileName();
      String base = fn == null ? "root" : fn.toString();
      String name = base;
      for (int n = 2; !seen.add(name); n++) {
        name = base + "#" + n;
      }
      names.add(name + "/");
    }
    this.prefixes = List.copyOf(names);
  }

  public static Workspace of(Path... roots) throws IOException {
    return new Workspace(List.of(roots));
  }

  public List<Path> roots() {
    return roots;
  }

  /** The index key of a file under root {@code rootIndex} with root-relative path {@code relative}. */
  public String key(int rootIndex, String relative) {
    return prefixes.get(rootIndex) + relative;
  }

  /** The absolute file behind a key, if the key belongs to this workspace. */
  public Optional<Path> resolve(String key) {
    for (int i = 0; i < roots.size(); i++) {
      String prefix = prefixes.get(i);
      if (key.startsWith(prefix)) {
        return Optional.of(roots.get(i).resolve(key.substring(prefix.length())));
      }
    }
    return Optional.empty();
  }

  /** The key of an absolute path inside one of the roots. */
  public Optional<String> keyOf(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    for (int i = 0; i < roots.size(); i++) {
      Path root = roots.get(i);
      Path candidate = abs;
      if (!candidate.startsWith(root)) {
        try {
          candidate = abs.toRealPath();
        } catch (IOException e) {
          continue;
        }
      }
      if (candidate.startsWith(root) && !candidate.equals(root)) {
        return Optional.of(key(i, root.relativize(candidate).toString().replace('\\', '/')));
      }
    }
    return Optional.empty();
  }

  /**
   * A stable directory name for this workspace's index: a readable stem plus a hash of the real root
   * paths, so different workspaces never share an index.
   */
  public String indexName() {
    StringBuilder all = new StringBuilder();
    for (Path r : roots) {
      all.append(r).append('\n');
    }
    String hash = com.google.common.hash.Hashing.sha256()
        .hashString(all, StandardCharsets.UTF_8).toString().substring(0, 16);
    Path first = roots.get(0).getFileName();
    String stem = first == null ? "root" : first.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    return stem + "-" + hash;
  }

  /** Default index location: {@code $XDG_CACHE_HOME/vcr/index/<name>} or {@code ~/.cache/vcr/index/<name>}. */
  public Path defaultIndexDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("vcr").resolve("index").resolve(indexName());
  }
}
