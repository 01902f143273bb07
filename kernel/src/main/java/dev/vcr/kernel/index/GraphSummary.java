package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Confidence;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the whole-workspace graph queries (cycles, hotspots, clusters) need of one file, computed when the
 * file is linked and stored at the end of its links block ({@link Links#graphOf}): its size in lines, its
 * imports (language family, module, name: resolved to files at query time, as the set of files changes),
 * its named declarations (ordinal, size in lines, symbol id) and its uses folded into edges. An edge is
 * (user, target): the user is the file's top level (0) or its k-th named declaration (k, from 1), the
 * target a symbol id (an index into the links block's target table), with the roles of its uses (imports
 * apart: they only mark it {@code imported}), their best confidence and their number.
 *
 * <p>It is a function of the file's facts and links alone, so it is rewritten exactly when they are (a
 * change elsewhere that moves links into or out of this file relinks it) and the links digest, hence the
 * index hash, covers it. Edges name symbol ids, not positions: an edit in the declaring file keeps them.
 */
public final class GraphSummary {
  private static final Confidence[] CONFIDENCES = Confidence.values();
  private static final RefRole[] ROLES = RefRole.values();
  private static final int IMPORTED = 1 << 30;

  private final int lines;
  private final String family;
  private final String[] modules;
  private final String[] names;
  private final int[] ordinals;
  private final int[] defLines;
  private final long[] ids;
  private final int[] from;
  private final int[] target; // index into table
  private final int[] roles; // RefRole bits, and IMPORTED
  private final byte[] best;
  private final int[] sites;
  private final long[] table;

  private GraphSummary(int lines, String family, String[] modules, String[] names, int[] ordinals, int[] defLines,
      long[] ids, int[] from, int[] target, int[] roles, byte[] best, int[] sites, long[] table) {
    this.lines = lines;
    this.family = family;
    this.modules = modules;
    this.names = names;
    this.ordinals = ordinals;
    this.defLines = defLines;
    this.ids = ids;
    this.from = from;
    this.target = target;
    this.roles = roles;
    this.best = best;
    this.sites = sites;
    this.table = table;
  }

  static {
    if (ROLES.length > 16 || CONFIDENCES.length > 4) {
      throw new AssertionError("roles or confidences do not fit a use's bits");
    }
  }

  /**
   * The summary of a file from its facts, its declarations' ids ({@link SymbolIds#of}) and its links
   * (null: no uses).
   */
  public static GraphSummary of(FileFacts f, long[] ownIds, Links links) {
    List<Definition> defs = f.definitions();
    int lines = 1;
    int named = 0;
    for (Definition d : defs) {
      lines = Math.max(lines, d.span().endLine() + 1);
      if (d.kind().isNamed()) {
        named++;
      }
    }
    for (Reference r : f.references()) {
      lines = Math.max(lines, r.span().endLine() + 1);
    }
    int[] ordinals = new int[named];
    int[] defLines = new int[named];
    long[] ids = new long[named];
    int[] local = new int[defs.size()];
    for (int i = 0, k = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.kind().isNamed()) {
        ordinals[k] = i;
        defLines[k] = d.span().endLine() - d.span().startLine() + 1;
        ids[k] = i < ownIds.length ? ownIds[i] : 0;
        local[i] = ++k;
      }
    }
    String[] modules = new String[f.imports().size()];
    String[] names = new String[modules.length];
    for (int i = 0; i < modules.length; i++) {
      modules[i] = f.imports().get(i).module();
      names[i] = f.imports().get(i).name();
    }
    long[] table = links == null ? new long[0] : links.table();
    long[] uses = new long[16];
    int n = 0;
    if (links != null && links.referenceCount() == f.references().size()) {
      boolean[] imported = importReferences(f);
      for (int r = 0; r < f.references().size(); r++) {
        Reference ref = f.references().get(r);
        int[] idx = links.tableIndexes(r);
        if (idx.length == 0) {
          continue;
        }
        RefRole role = imported[r] ? RefRole.IMPORT : ref.role();
        int caller = f.callerOf(ref.container());
        long user = caller >= 0 && caller < defs.size() ? local[caller] : 0;
        for (int i = 0; i < idx.length; i++) {
          if (n == uses.length) {
            uses = Arrays.copyOf(uses, n * 2);
          }
          uses[n++] = user << 36 | (long) idx[i] << 8 | role.ordinal() << 2 | links.confidenceOf(r, i).ordinal();
        }
      }
    }
    Arrays.sort(uses, 0, n);
    int edges = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || uses[k] >>> 8 != uses[k - 1] >>> 8) {
        edges++;
      }
    }
    int[] from = new int[edges];
    int[] target = new int[edges];
    int[] roles = new int[edges];
    byte[] best = new byte[edges];
    int[] sites = new int[edges];
    for (int k = 0, e = -1; k < n; k++) {
      if (k == 0 || uses[k] >>> 8 != uses[k - 1] >>> 8) {
        e++;
        from[e] = (int) (uses[k] >>> 36);
        target[e] = (int) (uses[k] >>> 8) & ((1 << 28) - 1);
        best[e] = (byte) Confidence.NAME.ordinal();
      }
      RefRole role = ROLES[(int) (uses[k] >>> 2) & 15];
      int how = (int) uses[k] & 3;
      if (role == RefRole.IMPORT) {
        roles[e] |= IMPORTED;
      } else {
        sites[e]++;
        roles[e] |= 1 << role.ordinal();
        best[e] = (byte) Math.min(best[e], how);
      }
    }
    return new GraphSummary(lines, f.language().family().id(), modules, names, ordinals, defLines, ids, from, target,
        roles, best, sites, table);
  }

  // ------------------------------------------------------------------------------------------ reading

  /** The file's size in lines: past its last definition or reference, at least 1. */
  public int lines() {
    return lines;
  }

  /** The language family id ({@code Language.family().id()}), for resolving imports. */
  public String family() {
    return family;
  }

  public int importCount() {
    return modules.length;
  }

  public String importModule(int i) {
    return modules[i];
  }

  /** The imported name, or null. */
  public String importName(int i) {
    return names[i];
  }

  /** How many named declarations (vertices besides the top level) the file has. */
  public int declarationCount() {
    return ordinals.length;
  }

  /** The ordinal among the file's definitions of its k-th named declaration. */
  public int ordinal(int k) {
    return ordinals[k];
  }

  public int declarationLines(int k) {
    return defLines[k];
  }

  public long id(int k) {
    return ids[k];
  }

  public int edgeCount() {
    return from.length;
  }

  /** The user: 0 for the top level, k + 1 for the k-th named declaration. */
  public int edgeFrom(int e) {
    return from[e];
  }

  public long edgeTarget(int e) {
    return table[target[e]];
  }

  /** The roles (bit mask of {@link RefRole} ordinals) of the edge's uses other than imports. */
  public int edgeRoles(int e) {
    return roles[e] & ~IMPORTED;
  }

  /** Whether an import statement's reference is among the edge's uses. */
  public boolean edgeImported(int e) {
    return (roles[e] & IMPORTED) != 0;
  }

  /** The best confidence of the edge's uses other than imports ({@code NAME} when none). */
  public Confidence edgeBest(int e) {
    return CONFIDENCES[best[e]];
  }

  /** How many uses other than imports the edge folds. */
  public int edgeSites(int e) {
    return sites[e];
  }

  // ------------------------------------------------------------------------------------------ encoding

  /**
   * Encodes it against its links' target table (edges name table indexes), LZ4-compressed
   * ({@link Compression}): the header, imports and declarations, then the edges column by column (user
   * deltas, targets, flags, use counts), which compresses far better than edge after edge (most user deltas
   * are 0 and most counts 1). Go's standard library: 13.5 MB of summaries as they were, 7.2 MB so.
   */
  byte[] encode(long[] targets) {
    if (targets.length != table.length) {
      throw new IllegalArgumentException("not these links' summary");
    }
    Packer p = new Packer(32 + ordinals.length * 11 + from.length * 5);
    p.varint(lines).string(family).varint(modules.length);
    for (int i = 0; i < modules.length; i++) {
      p.varint((modules[i] != null ? 1 : 0) | (names[i] != null ? 2 : 0));
      if (modules[i] != null) {
        p.string(modules[i]);
      }
      if (names[i] != null) {
        p.string(names[i]);
      }
    }
    p.varint(ordinals.length);
    for (int k = 0, prev = -1; k < ordinals.length; k++) {
      p.varint(ordinals[k] - prev - 1).varint(defLines[k]).longValue(ids[k]);
      prev = ordinals[k];
    }
    p.varint(from.length);
    for (int e = 0, prev = 0; e < from.length; e++) {
      p.varint(from[e] - prev);
      prev = from[e];
    }
    for (int e = 0; e < from.length; e++) {
      p.varint(target[e]);
    }
    for (int e = 0; e < from.length; e++) {
      p.varint((roles[e] & ~IMPORTED) << 3 | ((roles[e] & IMPORTED) != 0 ? 4 : 0) | best[e]);
    }
    for (int e = 0; e < from.length; e++) {
      p.varint(sites[e]);
    }
    return Compression.compress(p.toByteArray());
  }

  static GraphSummary decode(byte[] block, int position, long[] table) {
    Packer.Reader r = new Packer.Reader(Compression.decompress("graph summary", block, position));
    int lines = r.varint();
    String family = r.string();
    int imports = r.varint();
    String[] modules = new String[imports];
    String[] names = new String[imports];
    for (int i = 0; i < imports; i++) {
      int has = r.varint();
      modules[i] = (has & 1) != 0 ? r.string() : null;
      names[i] = (has & 2) != 0 ? r.string() : null;
    }
    int named = r.varint();
    int[] ordinals = new int[named];
    int[] defLines = new int[named];
    long[] ids = new long[named];
    for (int k = 0, prev = -1; k < named; k++) {
      ordinals[k] = prev + 1 + r.varint();
      defLines[k] = r.varint();
      ids[k] = r.longValue();
      prev = ordinals[k];
    }
    int edges = r.varint();
    int[] from = new int[edges];
    int[] target = new int[edges];
    int[] roles = new int[edges];
    byte[] best = new byte[edges];
    int[] sites = new int[edges];
    for (int e = 0, prev = 0; e < edges; e++) {
      from[e] = prev + r.varint();
      prev = from[e];
    }
    for (int e = 0; e < edges; e++) {
      target[e] = r.varint();
      if (target[e] >= table.length) {
        throw new StoreDamagedException("a graph edge to a missing target", null);
      }
    }
    for (int e = 0; e < edges; e++) {
      int flags = r.varint();
      roles[e] = flags >>> 3 | ((flags & 4) != 0 ? IMPORTED : 0);
      best[e] = (byte) (flags & 3);
    }
    for (int e = 0; e < edges; e++) {
      sites[e] = r.varint();
    }
    if (!r.atEnd()) {
      throw new StoreDamagedException("trailing bytes after a graph summary", null);
    }
    return new GraphSummary(lines, family, modules, names, ordinals, defLines, ids, from, target, roles, best, sites,
        table);
  }

  // ------------------------------------------------------------------------------------------ imports

  /**
   * Whether each reference of a file belongs to an import (the imported name, or a module name in the
   * import statement, which some resolvers link to a same-named declaration): not a use of its own. The
   * import statements' spans are sorted by start and each top-level reference is found among them by
   * binary search (a file with hundreds of includes and thousands of top-level references would
   * otherwise compare every pair).
   */
  public static boolean[] importReferences(FileFacts f) {
    List<Reference> refs = f.references();
    boolean[] out = new boolean[refs.size()];
    List<Span> spans = new ArrayList<>();
    for (Import i : f.imports()) {
      if (i.span() != null) {
        spans.add(i.span());
      }
    }
    spans.sort(Span::compareStart);
    // reach[k]: the furthest end among spans 0..k, so that a backward scan can stop early.
    Span[] reach = new Span[spans.size()];
    for (int k = 0; k < spans.size(); k++) {
      Span sp = spans.get(k);
      reach[k] = k > 0 && endsAfter(reach[k - 1], sp) ? reach[k - 1] : sp;
    }
    for (int r = 0; r < out.length; r++) {
      Reference ref = refs.get(r);
      if (ref.role() == RefRole.IMPORT) {
        out[r] = true;
        continue;
      }
      if (ref.container() >= 0 || spans.isEmpty()) {
        continue;
      }
      int lo = 0;
      int hi = spans.size() - 1;
      int last = -1; // the last span starting at or before the reference
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (Span.compareStart(spans.get(mid), ref.span()) <= 0) {
          last = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      for (int k = last; k >= 0 && !out[r] && !endsBefore(reach[k], ref.span()); k--) {
        out[r] = spans.get(k).contains(ref.span());
      }
    }
    return out;
  }

  private static boolean endsAfter(Span a, Span b) {
    return Span.compare(a.endLine(), a.endCol(), b.endLine(), b.endCol()) > 0;
  }

  private static boolean endsBefore(Span a, Span b) {
    return Span.compare(a.endLine(), a.endCol(), b.startLine(), b.startCol()) < 0;
  }
}
