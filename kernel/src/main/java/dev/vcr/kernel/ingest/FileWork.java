package dev.vcr.kernel.ingest;

import com.google.common.hash.Hashing;
import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.index.FactsCodec;
import dev.vcr.kernel.index.FileRecord;
import dev.vcr.kernel.index.FileUpdate;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.lang.HeaderLanguages;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.metrics.Metrics;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.scan.ScannedFile;
import dev.vcr.kernel.scan.WorkspaceScanner;
import dev.vcr.kernel.text.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The per-file work of a run, on the parser threads: read a candidate file, skip it with a reason (unreadable,
 * too large, binary), carry it over when its content did not change, else parse it and extract its facts.
 */
final class FileWork {
  /** What happened to one candidate file. */
  static final class Outcome {
    final String path;
    final FileUpdate update;
    final long touchedMtime;
    final boolean parsed;

    Outcome(String path, FileUpdate update, long touchedMtime) {
      this(path, update, touchedMtime, update != null);
    }

    Outcome(String path, FileUpdate update, long touchedMtime, boolean parsed) {
      this.path = path;
      this.update = update;
      this.touchedMtime = touchedMtime;
      this.parsed = parsed;
    }
  }

  private final SymbolStore store;
  private final IndexOptions options;
  private final Metrics metrics;
  private final TreeMap<String, ScannedFile> current;
  private final NavigableMap<String, FileRecord> stored;
  private final List<String> skipped;
  private final List<String> warnings;
  private final BooleanSupplier cancelled;
  /** Files found binary by their content (the scan does not sniff them). */
  final AtomicInteger binary = new AtomicInteger();
  private final HeaderLanguages headers;

  FileWork(SymbolStore store, IndexOptions options, Metrics metrics, TreeMap<String, ScannedFile> current,
      NavigableMap<String, FileRecord> stored, List<String> skipped, List<String> warnings,
      BooleanSupplier cancelled, HeaderLanguages headers) {
    this.store = store;
    this.options = options;
    this.metrics = metrics;
    this.headers = headers;
    this.current = current;
    this.stored = stored;
    this.skipped = skipped;
    this.warnings = warnings;
    this.cancelled = cancelled;
  }

  /** An unchanged file of a full build: its stored facts, not parsed again. */
  Outcome carry(String path) {
    FileRecord r = stored.get(path);
    return carried(path, r, r.mtimeMillis());
  }

  private Outcome carried(String path, FileRecord r, long mtime) {
    byte[] blob = store.encodedFacts(path);
    if (blob == null) {
      return new Outcome(path, null, -1, false);
    }
    FileFacts facts = FactsCodec.decode(blob);
    return new Outcome(path, new FileUpdate(path, r.size(), mtime, r.contentHash(), facts, blob), -1, false);
  }

  /**
   * Reads a candidate file and parses it unless its content is unchanged; in a full build an unchanged
   * file is carried over with its new modification time.
   */
  Outcome process(String path, boolean rebuild) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException();
    }
    ScannedFile f = current.get(path);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f.absolute());
      metrics.increment("index.files_read");
    } catch (IOException | RuntimeException e) {
      skipped.add(path + ": UNREADABLE " + e.getClass().getSimpleName() + " " + e.getMessage());
      return new Outcome(path, null, -1);
    }
    if (bytes.length > options.scan().maxFileBytes()) {
      skipped.add(path + ": TOO_LARGE " + bytes.length + " bytes");
      return new Outcome(path, null, -1);
    }
    if (WorkspaceScanner.looksBinary(bytes)) {
      binary.incrementAndGet();
      skipped.add(path + ": BINARY NUL byte in the first "
          + Math.min(bytes.length, WorkspaceScanner.SNIFF_BYTES) + " bytes");
      return new Outcome(path, null, -1);
    }
    long hash = Hashing.farmHashFingerprint64().hashBytes(bytes).asLong();
    FileRecord old = stored.get(path);
    Language language = Language.forContent(f.language(), path, bytes, headers.cppNear(path));
    if (old != null && old.contentHash() == hash && old.size() == bytes.length
        && old.language().equals(language.id())) {
      return rebuild ? carried(path, old, f.mtimeMillis()) : new Outcome(path, null, f.mtimeMillis());
    }
    byte[] text = Utf8.sanitize(bytes);
    if (text != bytes) {
      warnings.add(path + ": invalid UTF-8 (bytes replaced by '?' for indexing)");
    }
    long start = System.nanoTime();
    FileFacts facts;
    try {
      facts = SymbolExtractor.extract(language, text);
    } catch (RuntimeException e) {
      skipped.add(path + ": EXTRACT_FAILED " + e.getMessage());
      return new Outcome(path, null, -1);
    }
    metrics.distribution("index.parse_micros").record((System.nanoTime() - start) / 1000);
    metrics.add("index.bytes_parsed", bytes.length);
    metrics.increment("index.parsed." + f.language().id());
    if (facts.errorNodes() > 0) {
      metrics.increment("index.files_with_errors");
      warnings.add(path + ": " + facts.errorNodes() + " syntax error region(s); facts after them may be missing");
    }
    return new Outcome(path, FileUpdate.of(path, bytes.length, f.mtimeMillis(), hash, facts), -1);
  }
}
