package dev.vcr.lsp.server;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.ingest.SourceFiles;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.query.Navigator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Extracts the symbols of some of a workspace's files, one at a time and after the server's requests, while
 * its first index is built by a child process ({@link dev.vcr.kernel.ingest.ChildBuild}). A server that builds
 * in process compiles the extractor while it indexes, and answers {@code documentSymbol} for unindexed files
 * (the same extractor) with compiled code within a second or two; one whose build runs elsewhere would
 * otherwise interpret that code for its first hundreds of requests (measured: documentSymbol's p99 over the
 * first 5 s of a fresh daemon with 20 editors was twice the in-process build's). Stops at {@link #MAX_FILES},
 * at {@link #MAX_BYTES}, or when closed.
 */
final class ExtractorWarmup implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExtractorWarmup.class.getName());
  static final int MAX_FILES = 400;
  static final long MAX_BYTES = 8L << 20;
  private static final long MAX_FILE_BYTES = 64L << 10;

  private final List<Path> roots;
  private final Runnable yield;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile int files;
  private volatile long bytes;

  private ExtractorWarmup(List<Path> roots, Runnable yield) {
    this.roots = List.copyOf(roots);
    this.yield = yield;
    this.thread = new Thread(this::run, "vcr-extractor-warmup");
    thread.setDaemon(true);
  }

  /** Starts warming up on the files under {@code roots}; {@code yield} runs before each file. */
  static ExtractorWarmup start(List<Path> roots, Runnable yield) {
    ExtractorWarmup w = new ExtractorWarmup(roots, yield);
    w.thread.start();
    return w;
  }

  private void run() {
    long t0 = System.nanoTime();
    try {
      SourceFiles.walk(roots, (file, language, size) -> {
        if (done()) {
          return false;
        }
        if (size <= MAX_FILE_BYTES) {
          extract(file, language);
        }
        return !done();
      });
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "extractor warm-up stopped", e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.fine(() -> "extractor warm-up: " + files + " files, " + bytes + " bytes in " + ms + " ms");
  }

  /** Files extracted so far (for tests). */
  int filesDone() {
    return files;
  }

  /** Waits until the warm-up has ended by itself (for tests). */
  void awaitEnd(long millis) throws InterruptedException {
    thread.join(millis);
  }

  private boolean done() {
    return stopped || files >= MAX_FILES || bytes >= MAX_BYTES;
  }

  private void extract(Path file, Language language) {
    yield.run();
    try {
      byte[] text = Files.readAllBytes(file);
      Navigator.symbolTrees(SymbolExtractor.extract(language, text));
      files++;
      bytes += text.length;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "extractor warm-up: skipped " + file, e);
    }
  }

  /** Stops after the file under way. */
  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
