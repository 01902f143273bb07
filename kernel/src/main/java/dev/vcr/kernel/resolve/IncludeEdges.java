package dev.vcr.kernel.resolve;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.memo.ClearingMemo;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import java.util.ArrayList;
import java.util.List;

/**
 * The includes of C files resolved to workspace files: the direct edges from which {@link CResolver} builds
 * translation units. An include names a workspace file relative to the including file's folder (quoted
 * form only), else relative to one of the file's include directories from the compilation database
 * ({@link IncludePaths}, in their order; {@code -iquote} ones for the quoted form only), else relative to
 * one of the folder's ancestors or their {@code include} folder; a {@code <system>} header outside the
 * workspace names nothing, a quoted one makes the unit incomplete.
 *
 * <p>One instance serves every resolver over one unchanging view of the index (a build's link pass, or one
 * index hash of the daemon's store), so that the thousands of files that include the same headers read
 * each header's includes once: bounded caches of each file's edges and of each (folder, include) answer.
 * Existence is asked of {@link Lookup#language}, which reads a file's record, not its facts. Thread-safe.
 */
public final class IncludeEdges {
  private static final long MAX_EDGES = 2_000_000;
  private static final long MAX_ANSWERS = 400_000;

  /** The workspace files a file includes, in include order, and whether a quoted include named none. */
  public record Edges(List<String> files, boolean incomplete) {}

  private final Lookup lookup;
  private final IncludePaths dirs;
  /** Read for each file of each unit (on Linux, about a thousand per file linked): a memo without recency. */
  private final ClearingMemo<String, Edges> edges = new ClearingMemo<>(MAX_EDGES, (k, v) -> 1 + v.files().size());
  /** (folder, include) -> the file it names from there or above, "" for none. */
  private final Cache<String, String> answers = CacheBuilder.newBuilder().maximumSize(MAX_ANSWERS).build();

  /** One string per included path (a popular header is named in the edges of thousands of files). */
  private final com.google.common.collect.Interner<String> paths = com.google.common.collect.Interners.newWeakInterner();

  /** Without a compilation database. */
  public IncludeEdges(Lookup lookup) {
    this(lookup, IncludePaths.NONE);
  }

  public IncludeEdges(Lookup lookup, IncludePaths dirs) {
    this.lookup = lookup;
    this.dirs = dirs;
  }

  /** The edges of {@code path}, or null when the file is unknown. */
  public Edges of(String path) {
    Edges e = edges.get(path);
    if (e != null) {
      return e;
    }
    FileFacts f = lookup.facts(path);
    if (f == null) {
      return null;
    }
    e = compute(path, f);
    edges.put(path, e);
    return e;
  }

  /** The edges of a file with facts {@code f} (an unsaved document's, say), not remembered. */
  public Edges compute(String path, FileFacts f) {
    List<String> out = new ArrayList<>();
    boolean incomplete = false;
    String dir = parent(path);
    for (Import imp : f.imports()) {
      String m = imp.module();
      if (m == null || m.isEmpty() || imp.name() != null || imp.alias() != null || imp.wildcard()) {
        continue; // not an include: a C++ using directive or declaration, or a namespace alias
      }
      // the extractor unquotes "header"; a <header> keeps its brackets
      boolean quoted = !m.startsWith("<");
      String inc = quoted ? m.replace("\"", "") : m.substring(1, m.length() - (m.endsWith(">") ? 1 : 0));
      String beside = quoted ? CResolver.join(dir, inc) : null;
      String found = beside != null && isC(beside) ? beside : fromDatabase(path, inc, quoted);
      if (found == null) {
        found = fromAncestors(dir, inc);
      }
      if (found == null) {
        incomplete |= quoted;
      } else if (!out.contains(found)) {
        out.add(paths.intern(found));
      }
    }
    return new Edges(List.copyOf(out), incomplete);
  }

  /**
   * The file {@code inc} names in the include directories the compilation database gives {@code path}, in
   * their order; null for none. Answers are kept per (list of directories, form, include), which the files
   * of one target share.
   */
  private String fromDatabase(String path, String inc, boolean quoted) {
    int list = dirs.listId(path);
    if (list < 0) {
      return null;
    }
    String key = "\u0001" + list + (quoted ? "q" : "a") + '\u0000' + inc;
    String answer = answers.getIfPresent(key);
    if (answer == null) {
      answer = "";
      for (IncludePaths.Dir d : dirs.of(path)) {
        if (quoted || !d.quoteOnly()) {
          String p = CResolver.join(d.key(), inc);
          if (isC(p)) {
            answer = p;
            break;
          }
        }
      }
      answers.put(key, answer);
    }
    return answer.isEmpty() ? null : answer;
  }

  /** The file {@code inc} names from {@code dir}, its ancestors, or their include folders; null for none. */
  private String fromAncestors(String dir, String inc) {
    if (dir == null) {
      return null;
    }
    String key = dir + '\u0000' + inc;
    String answer = answers.getIfPresent(key);
    if (answer == null) {
      answer = "";
      for (String base : new String[] {dir, CResolver.join(dir, "include")}) {
        String p = CResolver.join(base, inc);
        if (isC(p)) {
          answer = p;
          break;
        }
      }
      if (answer.isEmpty()) {
        String above = fromAncestors(parent(dir), inc);
        answer = above == null ? "" : above;
      }
      answers.put(key, answer);
    }
    return answer.isEmpty() ? null : answer;
  }

  private boolean isC(String path) {
    Language l = lookup.language(path);
    return l != null && l.family() == Language.C;
  }

  /** The folder of a path, "" for a top-level file, null above the top. */
  static String parent(String p) {
    if (p.isEmpty()) {
      return null;
    }
    int slash = p.lastIndexOf('/');
    return slash < 0 ? "" : p.substring(0, slash);
  }
}
