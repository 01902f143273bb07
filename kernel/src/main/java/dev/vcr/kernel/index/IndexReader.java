package dev.vcr.kernel.index;

import java.util.List;
import java.util.function.Consumer;

/**
 * What queries and the resolution pass read from an index: files, facts, the name tables and the links.
 * Implemented by the live store (under its read lock) and by a generation being built or changed (see
 * {@link GenerationView}), so the same resolution code links a new generation and answers queries.
 */
public interface IndexReader {
  /** Changes whenever the content changes; caches keyed by it never serve older content. */
  String indexHash();

  /**
   * The project layout this index was linked with ({@code resolve.ProjectLayout#encode}: include
   * directories, Go modules, TypeScript path mappings), "" for none.
   */
  default String layout() {
    return "";
  }

  FileRecord file(String path);

  /** The encoded facts of an indexed file ({@link FactsCodec}), or null. */
  byte[] encodedFacts(String path);

  /** A file's encoded facts with its record's digest of them ({@link FileRecord#factsDigest}). */
  record DigestedFacts(long digest, byte[] encoded) {}

  /**
   * A file's encoded facts and its record's digest of them, read in one consistent state, or null: a cache
   * of decoded facts keyed by the digest then need not hash the block (as this default does).
   */
  default DigestedFacts digestedFacts(String path) {
    byte[] encoded = encodedFacts(path);
    return encoded == null ? null : new DigestedFacts(FileRecord.digestOf(encoded), encoded);
  }

  /** Paths of the files that define {@code name} (named, non-local definitions), in path order. */
  List<String> filesDefining(String name);

  /** The named, non-local definitions called {@code name}, in path and ordinal order, without reading facts. */
  List<DefEntry> definitionEntries(String name);

  /** Paths of the files with a reference spelled {@code name}, in path order. */
  List<String> filesReferencing(String name);

  /** Every distinct non-local definition name, in order. */
  void forEachDefinitionName(Consumer<String> sink);

  /** The links of a file, or null when it has none stored (unknown file, or not linked yet). */
  Links links(String path);

  /**
   * The graph summary stored with a file's links ({@link GraphSummary}), read without decoding the links;
   * null when the file has no links or they carry none.
   */
  default GraphSummary graphSummary(String path) {
    Links l = links(path);
    return l == null ? null : l.graph();
  }

  /**
   * Every stored graph summary, with its file's path, in an order of the store's choosing (the same for the
   * same index): a walk over the stored blocks, cheaper than a lookup per path when a query reads them all.
   */
  default void forEachGraphSummary(java.util.function.BiConsumer<String, GraphSummary> each) {
    throw new UnsupportedOperationException("this reader cannot list its graph summaries");
  }

  /** Paths of the files with a reference linked to the symbol {@code id}, in path order. */
  List<String> filesUsing(long id);

  /**
   * A file's encoded links block ({@link Links#referencesTo(byte[], long)}), or null when it has none.
   * Read one file at a time (after {@link #filesUsing}), an answer over thousands of files holds one block
   * at a time; a change committed between the reads shows in the blocks' reference counts.
   */
  byte[] linksBlock(String path);

  /** How many files have a reference linked to the symbol {@code id} (one B-tree read, no paths). */
  int fileCountUsing(long id);

  /** Paths of the files that declare the symbol {@code id} (normally one), in path order. */
  List<String> filesDeclaring(long id);

  /**
   * What changed in the definitions between two index hashes of this reader (see {@link ChangeJournal}):
   * the names whose {@link #definitionEntries} or definitions may differ, and whether the set of defined
   * names changed. Null when the reader cannot tell; then everything may have changed.
   */
  default DefinitionChanges definitionChanges(String fromHash, String toHash) {
    return null;
  }

  /**
   * The names whose definitions may have changed, and whether a name was added to or removed from the table;
   * {@code usesChanged}: the symbol ids whose uses (files and counts) may have changed, sorted, or null when
   * unknown (then any id's may have).
   */
  record DefinitionChanges(java.util.Set<String> names, boolean nameSetChanged, long[] usesChanged) {
    /** Whether the uses of {@code id} may have changed. */
    public boolean usesMayHaveChanged(long id) {
      return usesChanged == null || java.util.Arrays.binarySearch(usesChanged, id) >= 0;
    }
  }
}
