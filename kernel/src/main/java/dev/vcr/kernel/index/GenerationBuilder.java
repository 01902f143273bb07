package dev.vcr.kernel.index;

import static dev.vcr.kernel.index.Seal.seal;
import static dev.vcr.kernel.index.Seal.unseal;

import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.mapdb.DB;

/**
 * Writes a new generation as a stream: each file's record, path and facts block go to disk as soon as the
 * file is added, and its names go to two external sorts ({@link SortedRuns}) that become the name tables at
 * {@link #finish}. Memory is the sort budget plus one file's facts, whatever the number of files.
 *
 * <p>Files must be added in ascending path order, each once; file ids follow that order over the paths the
 * builder was made with, so a clean build of the same files lays out the same store. Paths announced but never
 * added are simply absent. Single-threaded. Nothing is live until {@link SymbolStore#install}; a builder that
 * is abandoned or interrupted by a crash leaves an unnamed generation that the next open deletes.
 */
public final class GenerationBuilder implements AutoCloseable {
  /** Receives the phases of a build ("merging" when the name tables are sorted and written); for tests. */
  public static volatile Consumer<String> phaseHook = phase -> { };

  private final String name;
  private final Path dir;
  private final Generation.Building gen;
  private final Iterator<String> announced;
  private final SortedRuns defRuns;
  private final SortedRuns refRuns;
  private final IdRuns declRuns;
  private final IdRuns useRuns;
  private boolean namesLoaded;
  private String lastLinked;
  private int nextId;
  private String last;
  private int files;
  private boolean finished;

  GenerationBuilder(String name, Path dir, java.util.Collection<String> sortedPaths, long sortBudgetBytes)
      throws IOException {
    this.name = name;
    this.dir = dir;
    Files.createDirectories(dir);
    DB db = Generation.createForBuild(dir.resolve("index.db"));
    this.gen = Generation.building(name, db);
    this.announced = sortedPaths.iterator();
    gen.pathFilter = PathFilter.of(sortedPaths, sortedPaths.size());
    this.defRuns = new SortedRuns(dir, "defs", sortBudgetBytes / 2);
    this.refRuns = new SortedRuns(dir, "refs", sortBudgetBytes / 2);
    // The id tables are sorted after the name tables, so they can use the budget again.
    this.declRuns = new IdRuns(dir, "decls", sortBudgetBytes / 2);
    this.useRuns = new IdRuns(dir, "uses", sortBudgetBytes / 2);
  }

  String name() {
    return name;
  }

  /** Adds one file; paths must come in ascending order. */
  public void add(FileUpdate u) throws IOException {
    StoreFaults.check(StoreFaults.Point.BUILD, dir);
    int id = idOf(u.path());
    FileFacts f = u.facts();
    FileRecord record = FileRecord.of(id, u, f);
    gen.files.put(u.path(), seal(u.path(), record.encode()));
    gen.records.invalidate(u.path());
    gen.fileIds.put(id, seal(id, u.path().getBytes(StandardCharsets.UTF_8)));
    gen.facts.put(id, seal(id, Compression.compress(u.encoded())));
    long[] ids = SymbolIds.compute(u.path(), f); // once, for both tables: each file is added once
    for (var part : DefPostings.parts(f, ids).entrySet()) {
      defRuns.add(part.getKey(), id, part.getValue());
    }
    for (String n : referencedNames(f)) {
      refRuns.add(n, id);
    }
    for (long declared : distinctIds(ids)) {
      declRuns.add(declared, id);
    }
    files++;
  }

  /**
   * Ends the adding of files: sorts and writes the name tables, and returns a view of the generation for
   * the resolution pass, whose results come back through {@link #link}.
   */
  public IndexReader startLinking() throws IOException {
    if (!namesLoaded) {
      phaseHook.accept("merging");
      // The resolution pass looks names up at random: it reads a mapped copy of the table (FlatNames).
      FlatNames.Writer flat = new FlatNames.Writer(dir, "defnames");
      try (flat) {
        gen.defNames = gen.finishNames("defNames", tee(defRuns.grouped(), flat));
      }
      gen.flatDefs = flat.finish();
      gen.refNames = gen.finishNames("refNames", refRuns.grouped());
      defRuns.close();
      refRuns.close();
      namesLoaded = true;
    }
    return gen.view();
  }

  /** The entries as they go by, also written to {@code flat}. */
  private static Iterator<kotlin.Pair<String, byte[]>> tee(Iterator<kotlin.Pair<String, byte[]>> in,
      FlatNames.Writer flat) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public kotlin.Pair<String, byte[]> next() {
        kotlin.Pair<String, byte[]> e = in.next();
        try {
          flat.add(e.getFirst(), e.getSecond());
        } catch (IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
        return e;
      }
    };
  }

  private void dropFlatNames() throws IOException {
    if (gen.flatDefs != null) {
      gen.flatDefs.close();
      gen.flatDefs = null;
    }
  }

  /** Stores one file's links; files must come in ascending path order, after {@link #startLinking}. */
  public void link(String path, Links links) throws IOException {
    if (!namesLoaded) {
      throw new IllegalStateException("startLinking first");
    }
    if (lastLinked != null && path.compareTo(lastLinked) <= 0) {
      throw new IllegalArgumentException("paths must be linked in ascending order: " + path + " after " + lastLinked);
    }
    lastLinked = path;
    byte[] rec = gen.files.get(path);
    if (rec == null) {
      throw new IllegalArgumentException("not a file of this generation: " + path);
    }
    FileRecord r = FileRecord.decode(unseal(path, rec));
    byte[] block = links.encode();
    gen.links.put(r.fileId(), seal(r.fileId(), block));
    gen.files.put(path, seal(path, r.withLinks(block).encode()));
    gen.records.invalidate(path);
    for (long target : links.table()) {
      useRuns.add(target, r.fileId());
    }
  }

  /**
   * Records the project layout ({@code ProjectLayout#encode}) the generation is linked with; before
   * {@link #startLinking}, so the resolution pass reads it.
   */
  public void layout(String encoded) {
    if (!encoded.isEmpty()) {
      Generation.putMeta(gen.meta, Generation.LAYOUT, encoded);
    }
  }

  /** Sorts and writes the name tables and the meta entries, and commits. Then {@link SymbolStore#install}. */
  void finish(String schema) throws IOException {
    startLinking();
    dropFlatNames();
    phaseHook.accept("sorting links");
    gen.finishIds("decls", declRuns.grouped());
    gen.finishIds("uses", useRuns.grouped());
    Generation.putMeta(gen.meta, "schema", schema);
    Generation.putMeta(gen.meta, "nextFileId", nextId + 1);
    Generation.putMeta(gen.meta, "hash", Generation.computeHash(gen.files, gen.meta));
    StoreFaults.check(StoreFaults.Point.BUILD, dir);
    gen.db.commit();
    declRuns.close();
    useRuns.close();
    gen.db.close();
    finished = true;
  }

  /** How many sort runs spilled to disk (0 when every name fitted the budget). */
  public int runsSpilled() {
    return defRuns.runsSpilled() + refRuns.runsSpilled() + declRuns.runsSpilled() + useRuns.runsSpilled();
  }

  public int files() {
    return files;
  }

  private int idOf(String path) {
    if (last != null && path.compareTo(last) <= 0) {
      throw new IllegalArgumentException("paths must be added in ascending order: " + path + " after " + last);
    }
    while (announced.hasNext()) {
      String p = announced.next();
      nextId++;
      if (p.equals(path)) {
        last = path;
        return nextId;
      }
    }
    throw new IllegalArgumentException("not a path of this generation: " + path);
  }

  /**
   * Distinct names of a file's references, sorted; for a C or C++ file also the file name of each include,
   * after a {@code #} ({@code #include "geo/shape.h"} gives {@code #shape.h}), which no identifier spells: the
   * files that may include a file are found by its name ({@link IncludeDelta}).
   */
  static Set<String> referencedNames(FileFacts f) {
    Set<String> out = new TreeSet<>();
    List<Reference> refs = f.references();
    for (Reference r : refs) {
      out.add(r.name());
    }
    if (f.language().family() == dev.vcr.kernel.lang.Language.C) {
      for (dev.vcr.kernel.model.Import i : f.imports()) {
        String name = includedFileName(i);
        if (name != null) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /** {@code #} and the file name a C-family include names ({@code #shape.h}), or null for another import. */
  static String includedFileName(dev.vcr.kernel.model.Import i) {
    String m = i.module();
    if (m == null || m.isEmpty() || i.name() != null || i.alias() != null || i.wildcard()) {
      return null; // C++ using directives, declarations and namespace aliases
    }
    m = m.replace("\"", "").replace("<", "").replace(">", "");
    return "#" + m.substring(m.lastIndexOf('/') + 1);
  }

  /** {@code #} and a path's file name: what its includers spell ({@link #includedFileName}). */
  public static String includeKey(String path) {
    return "#" + path.substring(path.lastIndexOf('/') + 1);
  }

  /** The table keys of the symbols a file declares, sorted and distinct. */
  static Set<String> declaredIds(String path, FileFacts f) {
    Set<String> out = new TreeSet<>();
    for (long id : distinctIds(SymbolIds.of(path, f))) {
      out.add(SymbolIds.key(id));
    }
    return out;
  }

  /** A file's ids ({@link SymbolIds#of}) without 0, distinct, ascending as signed longs; {@code all} is left as is. */
  private static long[] distinctIds(long[] all) {
    long[] ids = all.clone();
    java.util.Arrays.sort(ids);
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != 0 && (n == 0 || ids[n - 1] != ids[i])) {
        ids[n++] = ids[i];
      }
    }
    return java.util.Arrays.copyOf(ids, n);
  }

  /** Abandons an unfinished build (its directory is deleted by the store). */
  @Override
  public void close() {
    if (!finished) {
      try {
        defRuns.close();
        refRuns.close();
        declRuns.close();
        useRuns.close();
        dropFlatNames();
      } catch (IOException ignored) {
        // the directory goes anyway
      }
      Generation.closeQuietly(gen.db);
    }
  }

  boolean isFinished() {
    return finished;
  }
}
