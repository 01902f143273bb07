package dev.vcr.kernel.session;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.text.TextEdit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One editor session's parse epoch: its open documents, their trees and the facts of their unsaved text.
 * The epoch is the overlay that shadows the shared index for this session only; no other session sees it.
 * {@link #close()} ends the epoch and frees every tree it owns.
 *
 * <p>Thread-safe: all methods are synchronized; {@link #overlay()} returns an immutable snapshot, so queries
 * never touch a tree.
 */
public final class ParseEpoch implements AutoCloseable {
  private final TreeMap<String, OpenDocument> documents = new TreeMap<>();
  private SortedMap<String, FileFacts> snapshot = Collections.emptySortedMap();
  private long generation;
  private boolean closed;
  private long maxDocumentBytes = Long.MAX_VALUE;
  /**
   * How long one parse of an open document may take before the document is answered from the index
   * instead ({@code -Dvcr.parseBudgetMillis}, default 5 s; 0: no limit).
   */
  public static final long DEFAULT_PARSE_BUDGET_MILLIS = Long.getLong("vcr.parseBudgetMillis", 5_000L);
  private long parseBudgetNanos = DEFAULT_PARSE_BUDGET_MILLIS * 1_000_000L;

  /** Sets the parse budget of this epoch's documents (0: no limit). */
  public synchronized void parseBudgetMillis(long millis) {
    this.parseBudgetNanos = Math.max(0, millis) * 1_000_000L;
  }

  /** The largest text (UTF-8 bytes) an open document may have; larger ones are not parsed. */
  public synchronized void maxDocumentBytes(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxDocumentBytes must be positive: " + max);
    }
    this.maxDocumentBytes = max;
  }

  /**
   * Opens (or reopens) a document.
   *
   * @throws DocumentTooLargeException if its text is over the limit: it is not parsed, and a previous version
   *     of it is closed, so it is not open afterwards
   */
  public synchronized void open(String path, Language language, int version, String text) {
    ensureOpen();
    OpenDocument old = documents.remove(path);
    if (old != null) {
      old.close();
      changed();
    }
    documents.put(path, new OpenDocument(path, language, version, text, maxDocumentBytes, parseBudgetNanos));
    changed();
  }

  /**
   * Applies edits to an open document.
   *
   * @throws IllegalStateException if the document is not open
   * @throws StaleVersionException if {@code version} is not newer than the document's
   * @throws IllegalArgumentException if an edit range is outside the document
   * @throws DocumentTooLargeException if the new text would be over the limit: the document is closed then
   */
  public synchronized void change(String path, int version, List<TextEdit> edits) throws StaleVersionException {
    edit(path, version, edits);
    reparse(path);
  }

  /**
   * Applies edits to an open document's text without parsing it: its facts (and the {@link #overlay()})
   * stay those of the last parse until {@link #reparse(String)}. Throws as {@link #change} does.
   */
  public synchronized void edit(String path, int version, List<TextEdit> edits) throws StaleVersionException {
    ensureOpen();
    OpenDocument doc = documents.get(path);
    if (doc == null) {
      throw new IllegalStateException("document is not open: " + path);
    }
    if (version <= doc.version()) {
      throw new StaleVersionException(path, doc.version(), version);
    }
    try {
      doc.edit(version, edits, maxDocumentBytes);
    } catch (DocumentTooLargeException e) {
      close(path);
      throw e;
    }
  }

  /**
   * Parses the edits {@link #edit} applied to a document since its last parse, and updates the overlay;
   * nothing if the document is not open or has no such edit.
   *
   * @throws DocumentTooLargeException if the parse runs over the parse budget: the document is closed then
   */
  public synchronized void reparse(String path) {
    ensureOpen();
    OpenDocument doc = documents.get(path);
    if (doc == null || !doc.needsParse()) {
      return;
    }
    try {
      doc.reparse();
    } catch (DocumentTooLargeException e) {
      close(path);
      throw e;
    }
    changed();
  }

  /** The open documents with edits not parsed yet. */
  public synchronized List<String> unparsedPaths() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, OpenDocument> e : documents.entrySet()) {
      if (e.getValue().needsParse()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  public synchronized boolean close(String path) {
    OpenDocument doc = documents.remove(path);
    if (doc == null) {
      return false;
    }
    doc.close();
    changed();
    return true;
  }

  public synchronized boolean isOpen(String path) {
    return documents.containsKey(path);
  }

  public synchronized OpenDocument document(String path) {
    return documents.get(path);
  }

  public synchronized List<String> openPaths() {
    return new ArrayList<>(documents.keySet());
  }

  /** The facts of every open document, as of now. Immutable. */
  public synchronized SortedMap<String, FileFacts> overlay() {
    return snapshot;
  }

  /** Increases on every open, change and close; lets callers tell whether their snapshot is current. */
  public synchronized long generation() {
    return generation;
  }

  private void changed() {
    TreeMap<String, FileFacts> next = new TreeMap<>();
    for (Map.Entry<String, OpenDocument> e : documents.entrySet()) {
      next.put(e.getKey(), e.getValue().facts());
    }
    snapshot = Collections.unmodifiableSortedMap(next);
    generation++;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("parse epoch is closed");
    }
  }

  /** Ends the epoch: closes every tree. Idempotent. */
  @Override
  public synchronized void close() {
    for (OpenDocument doc : documents.values()) {
      doc.close();
    }
    documents.clear();
    snapshot = Collections.emptySortedMap();
    closed = true;
  }
}
