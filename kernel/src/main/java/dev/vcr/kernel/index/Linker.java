package dev.vcr.kernel.index;

/**
 * Resolves a file's references into {@link Links}. The store calls it while it builds or changes a
 * generation, with a view of that generation; the query layer implements it (it owns the resolvers), so
 * the links stored are exactly what a query would resolve.
 */
public interface Linker {
  /** A linker reading {@code view}; it may cache what it reads and must be safe to use from several threads. */
  FileLinker over(IndexReader view);

  /**
   * A linker for the files an in-place change relinks (the saved files and those its interface delta
   * affects): it may keep what it reads for the next change, checked against the files' digests.
   */
  default FileLinker overChanged(IndexReader view) {
    return over(view);
  }

  /** Links files of the view; closed when the pass ends, by the thread that linked last. */
  interface FileLinker extends AutoCloseable {
    /** The links of an indexed file (as many entries as it has references), or null when it is not indexed. */
    Links link(String path);

    /** Lets go of what the calling thread kept for the pass (its caches are the pass's, not the next one's). */
    @Override
    default void close() {}
  }

  /** Links nothing: every reference of every file has no stored target. */
  Linker NONE = view -> path -> {
    FileRecord r = view.file(path);
    return r == null ? null : new Links.Builder(r.references()).build();
  };
}
