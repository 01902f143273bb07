package dev.vcr.kernel.query;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.IndexReader;
import dev.vcr.kernel.index.Linker;
import dev.vcr.kernel.index.Links;
import dev.vcr.kernel.index.SymbolIds;
import dev.vcr.kernel.memo.ClearingMemo;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;

/**
 * The resolution pass: links each reference of a file to the ids of the declarations a {@link Navigator}
 * resolves it to (strictly, as references and call hierarchy resolve), over a view of the index being built
 * or changed. Uses that bind to a parameter or local are not linked (they are answered within their file).
 * Each thread works with its own navigator, renewed every few hundred files so its caches stay small; the
 * decoded facts and by-name lookups are shared through one {@link StoreSource}.
 */
public final class StoreLinker implements Linker {
  public static final StoreLinker INSTANCE = new StoreLinker();
  private static final int FILES_PER_NAVIGATOR = 4096;
  /** The symbol ids of the files linked to, shared by the pass's threads: 8 bytes per definition, 32 MB. */
  private static final long ID_CACHE_LONGS = 4_000_000;
  /** A name-fallback use with more candidates than this is linked to its name instead (see {@link SymbolIds#nameId}). */
  static final int MAX_NAME_TARGETS = 4;
  /**
   * Decoded facts kept by the pass (references plus definitions): most of java.base's, where Java resolution
   * of one file reads the types and members of many others. Measured on java.base: 250k took 34.6 CPU-s,
   * 1M 29.6; with -Xmx400m it still indexes at 570 MB peak RSS.
   */
  private static final long LINK_FACTS_WEIGHT = 1_000_000;
  private static final long LINK_DEFINITIONS_WEIGHT = 400_000;

  /**
   * The symbol ids of the files linked to, by path and facts digest (ids are a function of the path and the
   * facts alone), shared by the pass's threads and kept from one pass to the next: a refresh relinks a saved
   * file against the same defining files as the last one, whose ids need not be computed again.
   */
  private final com.google.common.cache.Cache<String, long[]> ids = com.google.common.cache.CacheBuilder.newBuilder()
      .maximumWeight(ID_CACHE_LONGS).<String, long[]>weigher((k, v) -> 1 + v.length).build();

  /**
   * Decoded facts kept from one relink of changed files to the next (references plus definitions; a
   * compile-time constant, as {@link #INSTANCE} is made before the class's other statics). A saved file is
   * linked against the same declaring files as the last time: on Linux, relinking kernel/sched/core.c spent
   * most of its time decoding the headers it includes, again at every save.
   */
  private static final long CARRIED_FACTS_WEIGHT = 600_000;

  private final StoreSource.Carried carried = new StoreSource.Carried(CARRIED_FACTS_WEIGHT);

  private StoreLinker() {}

  /** What the relinks in place keep decoded (for benchmarks). */
  public String carriedContents() {
    return carried.describe();
  }

  /** Drops what the relinks in place keep decoded (for benchmarks: what it weighs). */
  public void forgetCarried() {
    carried.clear();
  }

  @Override
  public FileLinker over(IndexReader view) {
    return over(view, null);
  }

  /** As {@link #over}, keeping what it decodes for the next relink (and using what the last one kept). */
  @Override
  public FileLinker overChanged(IndexReader view) {
    return over(view, carried);
  }

  private FileLinker over(IndexReader view, StoreSource.Carried kept) {
    StoreSource source = new StoreSource(view, LINK_FACTS_WEIGHT, LINK_DEFINITIONS_WEIGHT, true, kept);
    // per pass, by path: a B-tree read of the record per lookup would cost more than the ids
    ClearingMemo<String, long[]> pass = new ClearingMemo<>(ID_CACHE_LONGS, (k, v) -> 1 + v.length);
    ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(view, source, pass, ids));
    return new FileLinker() {
      @Override
      public Links link(String path) {
        return workers.get().link(path);
      }

      @Override
      public void close() {
        // A relink runs on the caller's thread, which lives on: its worker (a navigator and this pass's
        // caches of decoded facts) would stay in the thread's map until a stale-entry sweep happened by.
        workers.remove();
      }
    };
  }

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(StoreLinker.class.getName());

  private static final class Worker {
    private final IndexReader view;
    private final StoreSource source;
    private final ClearingMemo<String, long[]> pass;
    private Navigator navigator;
    private int files;
    private final com.google.common.cache.Cache<String, long[]> ids;
    /** {@link #idOf} as the navigator takes it, made once (not per reference linked). */
    private final java.util.function.ToLongFunction<DefHit> idOf = this::idOf;

    Worker(IndexReader view, StoreSource source, ClearingMemo<String, long[]> pass,
        com.google.common.cache.Cache<String, long[]> ids) {
      this.view = view;
      this.pass = pass;
      this.source = source;
      this.ids = ids;
    }

    Links link(String path) {
      if (navigator == null || ++files > FILES_PER_NAVIGATOR) {
        navigator = new Navigator(source, false);
        files = 0;
      }
      FileFacts f = navigator.facts(path);
      if (f == null) {
        return null;
      }
      List<Reference> refs = f.references();
      Links.Builder links = new Links.Builder(refs.size());
      boolean isJava = f.language() == dev.vcr.kernel.lang.Language.JAVA;
      for (int i = 0; i < refs.size(); i++) {
        if (isJava && cannotLink(refs.get(i))) {
          continue;
        }
        Navigator.Link l;
        try {
          l = navigator.link(path, f, refs.get(i), idOf, MAX_NAME_TARGETS);
        } catch (StackOverflowError | IndexOutOfBoundsException | NullPointerException | ClassCastException bug) {
          // A resolver's bug on one use costs that use its link, not the whole build (a Python annotation
          // cycle once overflowed the stack and failed a 19,000-file tree). The navigator is replaced.
          LOG.log(java.util.logging.Level.WARNING, "could not resolve '" + refs.get(i).name() + "' at " + path + ":"
              + (refs.get(i).span().startLine() + 1) + "; left unlinked (" + bug + ")", bug);
          files = FILES_PER_NAVIGATOR;
          continue;
        }
        if (l != null) {
          links.set(i, l.ids(), l.how());
        }
      }
      Links built = links.build();
      built = built.withGraph(dev.vcr.kernel.index.GraphSummary.of(f, fileIds(path, f), built));
      navigator.endOfFile();
      dev.vcr.kernel.index.FactsCodec.release(refs);
      return built;
    }

    /**
     * An unqualified Java use links only to declarations spelled like it (constructors are spelled like
     * their class), except {@code this(...)}, {@code super(...)} and {@code Foo::new}: when nothing in the
     * workspace is spelled so, it links to nothing, and resolving it (often a local variable's use) can be
     * skipped. A member use ({@code r.m()}) is always resolved: a library member's use links to its
     * external id.
     */
    private boolean cannotLink(Reference ref) {
      String name = ref.name();
      return ref.receiver() == null && !name.equals("this") && !name.equals("super") && !name.equals("new")
          && navigator.entriesNamed(name).isEmpty();
    }

    /**
     * The ids of a file's declarations (its facts {@code f}, or read when null), cached by path for the pass
     * and by path and facts digest across passes (an unsaved document, which has no record here, only for
     * the pass).
     */
    private long[] fileIds(String path, FileFacts f) {
      long[] inPass = pass.get(path);
      if (inPass != null) {
        return inPass;
      }
      dev.vcr.kernel.index.FileRecord rec = view.file(path);
      String key = rec == null ? null : path + '\u0000' + rec.factsDigest();
      long[] fileIds = key == null ? null : ids.getIfPresent(key);
      if (fileIds == null) {
        FileFacts facts = f != null ? f : navigator.facts(path);
        fileIds = facts == null ? new long[0] : SymbolIds.of(path, facts);
        if (key != null && facts != null) {
          ids.put(key, fileIds);
        }
      }
      pass.put(path, fileIds);
      return fileIds;
    }

    private long idOf(DefHit d) {
      long[] fileIds = fileIds(d.path(), null);
      return d.ordinal() < fileIds.length && !d.definition().kind().isLocal() ? fileIds[d.ordinal()] : 0;
    }
  }
}
