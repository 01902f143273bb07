package dev.vcr.lsp.server;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.session.DocumentTooLargeException;
import dev.vcr.kernel.session.OpenDocument;
import dev.vcr.kernel.session.ParseEpoch;
import dev.vcr.kernel.session.StaleVersionException;
import dev.vcr.kernel.text.LineIndex;
import dev.vcr.kernel.text.TextEdit;
import dev.vcr.lsp.protocol.FromLsp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * A session's open documents: didOpen/didChange/didClose applied to the session's {@link ParseEpoch}, in
 * arrival order, on a serial queue over the server's document pool (parsing never runs on the reader
 * thread). Requests take a {@link #barrier()} when they arrive and wait for it, so they see every change
 * sent before them.
 *
 * <p>A flood of changes is bounded per session. Notifications wait in an inbox that one drain task at a time
 * applies in batches: each change's text edits are applied at once (cheap), but the documents a batch
 * changed are parsed once, after the batch, and only when nothing more waits or a request waits for that
 * batch; so a burst of keystrokes costs one parse, and a request never waits for more than the changes
 * sent before it plus one parse. At most {@code vcr.lsp.maxQueuedChanges} notifications (1,000) carrying at
 * most {@code vcr.lsp.maxQueuedChangeChars} of text (32 Mi characters) wait; beyond that the connection's
 * reader thread waits for room, so that client is read more slowly (its user is told once, by
 * {@code window/showMessage}, and the log) while nothing is dropped and other sessions, whose readers and
 * queues are their own, are unaffected.
 *
 * <p>Problems with a notification (a stale version, an edit outside the document, a change to a document
 * that is not open) are logged and the notification dropped; the session carries on. Documents in a
 * language Vcr does not index (or that the client disabled) are remembered as ignored: accepted, and
 * answered with empty results.
 *
 * <p>Limits, so one client cannot exhaust a daemon shared by every editor: a document over
 * {@code maxDocumentBytes} is accepted as open but not parsed (the client is warned once, and the document
 * is answered from the index, as if it were not open); and at most {@code maxOpenDocuments} documents keep a
 * tree and overlay. Beyond that the least recently opened or edited one is dropped from the epoch and answered
 * from the index until it is reopened or replaced by a full-text change. The editor keeps every tab working,
 * and the one the user is typing in is always parsed; a rejected didOpen would instead leave the newest tab,
 * the one the user is looking at, without answers.
 *
 * <p>Workspace folders can change while documents are open ({@link #rekey}, on the same queue): each open
 * document is keyed again for the new roots (keys are root-relative, so they change when a root is added to
 * a single-root workspace). A document whose file is then under no root leaves the epoch (its tree closes
 * and its unsaved text shadows nothing) and is kept as <em>outside</em>: while the editor has it open it
 * answers every request with empty results, like a document in a language Vcr does not index, and its
 * changes are ignored. A document opened outside every root is kept the same way. If a later folder change
 * brings it under a root, it is answered from the index (the saved file) until it is reopened or replaced
 * by a full-text change, as a document over the open-document limit is.
 *
 * <p>Thread-safe.
 */
final class DocumentSync {
  private static final Logger LOG = Logger.getLogger(DocumentSync.class.getName());

  /** What a request sees of the open documents. */
  record Snapshot(SortedMap<String, FileFacts> overlay, Map<String, LineIndex> lines, Set<String> ignored,
      Set<Path> outside) {}

  private final ParseEpoch epoch = new ParseEpoch();
  private final Set<String> ignored = ConcurrentHashMap.newKeySet();
  private final Executor pool;
  private final String name;
  private final Object queueLock = new Object();
  /** Notifications not applied yet, in arrival order. Guarded by queueLock. */
  private final java.util.ArrayDeque<Op> inbox = new java.util.ArrayDeque<>();
  /** The text the inbox's changes carry (UTF-16 units); guarded by queueLock. */
  private long inboxChars;
  /** Completes once the inbox's notifications are applied and parsed; guarded by queueLock. */
  private CompletableFuture<Void> inboxDone = new CompletableFuture<>();
  /** Whether a request waits for {@link #inboxDone} (then the batch is parsed at once); guarded by queueLock. */
  private boolean inboxWanted;
  /** Whether a drain task is scheduled or running; guarded by queueLock. */
  private boolean draining;
  /** Completes once the batch being applied is parsed; guarded by queueLock. */
  private CompletableFuture<Void> batchDone = CompletableFuture.completedFuture(null);
  private boolean batchWanted; // guarded by queueLock
  private boolean queueEnded; // guarded by queueLock
  private int maxQueued = DEFAULT_MAX_QUEUED;
  private long maxQueuedChars = DEFAULT_MAX_QUEUED_CHARS;
  /** Figures of the queue, for tests and {@code vcr/stats}; guarded by queueLock. */
  private long highWater;
  private long highWaterChars;
  private long stalls;
  private long changesApplied;
  private long parses;
  private boolean warnedFlood;
  /** Tests: runs at the start of every batch, on the document pool. */
  volatile Runnable batchHook = () -> { };

  /** How many notifications of a session may wait to be applied before reading its next message waits. */
  static final int DEFAULT_MAX_QUEUED = Integer.getInteger("vcr.lsp.maxQueuedChanges", 1_000);
  /** How much text (UTF-16 units) waiting notifications may carry before reading the next message waits. */
  static final long DEFAULT_MAX_QUEUED_CHARS = Long.getLong("vcr.lsp.maxQueuedChangeChars", 32L << 20);

  /** A notification waiting to be applied: {@code chars} of text; {@code limited}: counts against the limits. */
  private record Op(String what, Runnable task, long chars, boolean limited) {}
  private volatile FromLsp from;
  private volatile Set<Language> languages;
  /** The language the index gave a file (by the indexer's rules), if it has the file; see {@link #header}. */
  private volatile java.util.function.Function<String, Optional<Language>> indexed = k -> Optional.empty();
  private volatile long maxDocumentBytes = Long.MAX_VALUE;
  private volatile int maxOpenDocuments = Integer.MAX_VALUE;
  private volatile Consumer<String> warn = m -> { };
  /** Parsed documents, least recently opened or edited first. Touched only on the serial queue. */
  private final LinkedHashMap<String, Boolean> recent = new LinkedHashMap<>(16, 0.75f, true);
  /** Documents open in the editor but not in the epoch (too large, or dropped over the count), by language. */
  private final Map<String, Language> indexOnly = new ConcurrentHashMap<>();
  /** Documents open in the editor whose files are under no workspace root, by absolute path (see class comment). */
  private final Map<Path, Language> outside = new ConcurrentHashMap<>();
  private boolean warnedCount;
  /** Documents whose size the user was warned about since they were opened (once each, until closed). */
  private final Set<String> warnedSize = ConcurrentHashMap.newKeySet();

  DocumentSync(Executor pool, String name) {
    this.pool = pool;
    this.name = name;
  }

  /**
   * Set at initialize: how to read URIs and positions, and which languages to parse (null: all). A change of
   * workspace folders replaces {@code from} through {@link #rekey}.
   */
  void configure(FromLsp from, Set<Language> languages) {
    this.from = from;
    this.languages = languages;
  }

  /**
   * Set once at initialize: the largest document that is parsed (UTF-8 bytes), how many documents keep a
   * tree, and how to tell the user (window/showMessage) when a limit applies.
   */
  /** Where {@link #header} reads the language the index gave a file (by its root-relative key). */
  void indexedLanguages(java.util.function.Function<String, Optional<Language>> lookup) {
    this.indexed = lookup;
  }

  void limits(long maxDocumentBytes, int maxOpenDocuments, Consumer<String> warn) {
    if (maxDocumentBytes < 1 || maxOpenDocuments < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxDocumentBytes + ", " + maxOpenDocuments);
    }
    this.maxDocumentBytes = maxDocumentBytes;
    this.maxOpenDocuments = maxOpenDocuments;
    this.warn = warn;
    epoch.maxDocumentBytes(maxDocumentBytes);
  }

  /** Set once at initialize: how long one parse of a document may take (0: no limit). */
  void parseBudget(long millis) {
    epoch.parseBudgetMillis(millis);
  }

  void open(DidOpenTextDocumentParams p) {
    if (p == null || p.getTextDocument() == null) {
      LOG.warning(name + ": didOpen without a document; ignored");
      return;
    }
    String uri = p.getTextDocument().getUri();
    Optional<String> key = key(uri);
    if (key.isEmpty()) {
      Optional<Path> file = FromLsp.path(uri);
      Optional<Language> language = file.flatMap(f -> languageOf(p.getTextDocument().getLanguageId(), f.toString(),
          null));
      if (file.isPresent() && language.isPresent()) {
        enqueue("didOpen outside " + file.get(), () -> outside.put(file.get(), language.get()));
      }
      LOG.fine(() -> name + ": didOpen of " + uri + ", which is outside the workspace; answered with empty results");
      return;
    }
    String k = key.get();
    String text = p.getTextDocument().getText() == null ? "" : p.getTextDocument().getText();
    Optional<Language> language = languageOf(p.getTextDocument().getLanguageId(), k, text);
    if (language.isEmpty()) {
      ignored.add(k);
      LOG.fine(() -> name + ": " + uri + " (" + p.getTextDocument().getLanguageId() + ") is not an indexed language; "
          + "accepted and ignored");
      enqueue("close " + k, () -> { // reopened under another language
        synchronized (recent) {
          recent.remove(k);
        }
        indexOnly.remove(k);
        epoch.close(k);
      });
      return;
    }
    ignored.remove(k);
    int version = p.getTextDocument().getVersion();
    enqueue("didOpen " + k, () -> openParsed(k, uri, language.get(), version, text), text.length(), true);
  }

  /** On the queue: opens a document in the epoch, or keeps it index-only if it is too large. */
  private void openParsed(String k, String uri, Language language, int version, String text) {
    try {
      epoch.open(k, language, version, text);
    } catch (DocumentTooLargeException e) {
      tooLarge(k, uri, language, e);
      return;
    }
    indexOnly.remove(k);
    touched(k);
  }

  private void tooLarge(String k, String uri, Language language, DocumentTooLargeException e) {
    synchronized (recent) {
      recent.remove(k);
    }
    indexOnly.put(k, language);
    LOG.info(() -> name + ": " + e.getMessage() + "; not parsed, answered from the index");
    if (warnedSize.add(k)) { // once per document until it is closed, however often it crosses the limit
      if (e.parseBudgetMillis() > 0) {
        warn.accept("Vcr: " + fileName(uri) + " took longer than " + e.parseBudgetMillis() + " ms to parse, so its"
            + " unsaved changes are not analysed; navigation in it uses the saved file's index.");
      } else {
        warn.accept("Vcr: " + fileName(uri) + " is larger than " + e.limit() + " bytes (maxFileBytes), so its unsaved"
            + " changes are not analysed; navigation in it uses the saved file's index.");
      }
    }
  }

  /** On the queue: marks a parsed document as just used, and drops the least recently used over the limit. */
  private void touched(String k) {
    List<String> drop = new ArrayList<>();
    synchronized (recent) {
      recent.put(k, Boolean.TRUE);
      int max = maxOpenDocuments;
      var it = recent.keySet().iterator();
      while (recent.size() - drop.size() > max && it.hasNext()) {
        String eldest = it.next();
        if (!eldest.equals(k)) {
          drop.add(eldest);
        }
      }
      drop.forEach(recent::remove);
    }
    for (String d : drop) {
      OpenDocument doc = epoch.document(d);
      if (doc != null) {
        indexOnly.put(d, doc.language());
        epoch.close(d);
      }
      LOG.fine(() -> name + ": over " + maxOpenDocuments + " open documents; " + d
          + " is answered from the index until it is reopened");
    }
    if (!drop.isEmpty() && !warnedCount) {
      warnedCount = true;
      LOG.info(() -> name + ": over " + maxOpenDocuments + " open documents (maxOpenDocuments); "
          + "the least recently used are answered from the index");
      warn.accept("Vcr: more than " + maxOpenDocuments + " documents are open (maxOpenDocuments); the least recently"
          + " used ones (first " + fileName(drop.get(0)) + ") use the saved files' index until reopened.");
    }
  }

  private static String fileName(String uriOrPath) {
    int slash = uriOrPath.lastIndexOf('/');
    return slash >= 0 && slash < uriOrPath.length() - 1 ? uriOrPath.substring(slash + 1) : uriOrPath;
  }

  void change(DidChangeTextDocumentParams p) {
    if (p == null || p.getTextDocument() == null || p.getContentChanges() == null) {
      LOG.warning(name + ": malformed didChange; ignored");
      return;
    }
    String uri = p.getTextDocument().getUri();
    Optional<String> key = key(uri);
    if (key.isEmpty() || ignored.contains(key.get())) {
      return;
    }
    String k = key.get();
    List<TextEdit> edits = new ArrayList<>();
    long chars = 0;
    for (TextDocumentContentChangeEvent c : p.getContentChanges()) {
      TextEdit e = from.edit(c);
      edits.add(e);
      chars += e.text().length();
    }
    Integer v = p.getTextDocument().getVersion();
    enqueue("didChange " + k, () -> {
      Language dormant = indexOnly.get(k);
      if (dormant != null) {
        // Not parsed (too large, or dropped over the count): only a full text can bring it back.
        TextEdit lastEdit = edits.isEmpty() ? null : edits.get(edits.size() - 1);
        if (lastEdit != null && lastEdit.isFull()) {
          openParsed(k, uri, dormant, v != null ? v : 0, lastEdit.text());
        }
        return;
      }
      OpenDocument doc = epoch.document(k);
      if (doc == null) {
        LOG.warning(name + ": didChange for " + uri + ", which is not open; ignored");
        return;
      }
      int version = v != null ? v : doc.version() + 1;
      try {
        epoch.edit(k, version, edits); // parsed once the burst is applied, or when a request needs it
        synchronized (queueLock) {
          changesApplied++;
        }
        touched(k);
      } catch (DocumentTooLargeException e) {
        tooLarge(k, uri, doc.language(), e);
      } catch (StaleVersionException e) {
        LOG.warning(name + ": rejected out-of-order change: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        LOG.warning(name + ": rejected change to " + uri + ": " + e.getMessage()
            + "; the document is unchanged and may now differ from the editor's");
      }
    }, chars, true);
  }

  void close(DidCloseTextDocumentParams p) {
    if (p == null || p.getTextDocument() == null) {
      return;
    }
    Optional<String> key = key(p.getTextDocument().getUri());
    if (key.isEmpty()) {
      FromLsp.path(p.getTextDocument().getUri()).ifPresent(f -> enqueue("didClose outside " + f, () -> outside.remove(f)));
      return;
    }
    String k = key.get();
    if (ignored.remove(k)) {
      return;
    }
    enqueue("didClose " + k, () -> {
      synchronized (recent) {
        recent.remove(k);
      }
      warnedSize.remove(k);
      if (indexOnly.remove(k) != null) {
        return;
      }
      if (!epoch.close(k)) {
        LOG.fine(() -> name + ": didClose for " + k + ", which was not open");
      }
    });
  }

  /**
   * Completes when every notification enqueued so far has been applied (successfully or not) and the
   * documents it changed are parsed. A request waiting for it makes the batch parse as soon as it is applied.
   */
  CompletableFuture<Void> barrier() {
    synchronized (queueLock) {
      if (!inbox.isEmpty()) {
        inboxWanted = true;
        return inboxDone;
      }
      if (draining) {
        batchWanted = true;
        return batchDone;
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Sets how many notifications (and how much of their text, in UTF-16 units) may wait to be applied;
   * beyond that, reading the session's next message waits (see the class comment).
   */
  void queueLimits(int maxQueued, long maxQueuedChars) {
    if (maxQueued < 1 || maxQueuedChars < 1) {
      throw new IllegalArgumentException("queue limits must be positive: " + maxQueued + ", " + maxQueuedChars);
    }
    synchronized (queueLock) {
      this.maxQueued = maxQueued;
      this.maxQueuedChars = maxQueuedChars;
      queueLock.notifyAll();
    }
  }

  /** The queue's figures so far: the most notifications and text that waited, stalls, changes, parses. */
  record QueueStats(int queued, long highWater, long highWaterChars, long stalls, long changesApplied, long parses) {}

  QueueStats queueStats() {
    synchronized (queueLock) {
      return new QueueStats(inbox.size(), highWater, highWaterChars, stalls, changesApplied, parses);
    }
  }

  /** The open documents' facts and line tables, and the ignored documents, as of now. */
  Snapshot snapshot() {
    Map<String, LineIndex> lines = new HashMap<>();
    SortedMap<String, FileFacts> overlay;
    synchronized (epoch) {
      overlay = epoch.overlay();
      for (String path : epoch.openPaths()) {
        OpenDocument d = epoch.document(path);
        if (d != null) {
          lines.put(path, d.parsedLines()); // the text its facts describe
        }
      }
    }
    return new Snapshot(overlay, lines, Set.copyOf(ignored), Set.copyOf(outside.keySet()));
  }

  int openCount() {
    return epoch.openPaths().size();
  }

  /** Whether the editor has this document open (parsed, or kept index-only by a limit). */
  boolean isOpen(String key) {
    return epoch.isOpen(key) || indexOnly.containsKey(key);
  }

  /**
   * Runs {@code task} on this session's document queue, after every change enqueued so far; requests that
   * arrive later wait for it ({@link #barrier()}).
   */
  void onQueue(String what, Runnable task) {
    enqueue(what, task, 0, false);
  }

  /**
   * A change of workspace folders, as it arrives (in order with the other notifications): from now on URIs
   * are read with {@code next}, and the ignored documents are keyed for it. Returns the previous reading,
   * for {@link #rekey} on the queue.
   */
  FromLsp redirect(FromLsp next) {
    synchronized (queueLock) {
      FromLsp prev = from;
      dev.vcr.kernel.ingest.Workspace was = prev == null ? null : prev.workspace();
      dev.vcr.kernel.ingest.Workspace now = next.workspace();
      Set<String> keys = new java.util.TreeSet<>(ignored);
      ignored.clear();
      for (String k : keys) {
        if (was != null && now != null) {
          was.resolve(k).flatMap(now::keyOf).ifPresent(ignored::add);
        }
      }
      from = next;
      return prev;
    }
  }

  /**
   * Keys every open document again, from the roots of {@code prev} to those of {@code next} (see the class
   * comment). Call on the document queue ({@link #onQueue}) after {@link #redirect}; re-keyed documents are
   * parsed again, since their facts carry their keys.
   */
  void rekey(FromLsp prev, FromLsp next) {
    dev.vcr.kernel.ingest.Workspace was = prev == null ? null : prev.workspace();
    dev.vcr.kernel.ingest.Workspace now = next.workspace();
    java.util.function.Function<String, Optional<Path>> fileOf =
        k -> was == null ? Optional.empty() : was.resolve(k).map(f -> f.toAbsolutePath().normalize());
    java.util.function.Function<Path, Optional<String>> keyOf =
        f -> now == null ? Optional.empty() : now.keyOf(f);
    record Parsed(Path file, Language language, int version, String text, boolean warned) {}
    List<Parsed> parsed = new ArrayList<>();
    Map<Path, Language> dormant = new LinkedHashMap<>();
    Map<Path, Boolean> warned = new HashMap<>();
    synchronized (recent) {
      // First take every document out under its old key (an old key may be another file's new key).
      for (String k : epoch.openPaths()) {
        OpenDocument d = epoch.document(k);
        Optional<Path> f = fileOf.apply(k);
        if (d != null && f.isPresent()) {
          parsed.add(new Parsed(f.get(), d.language(), d.version(), d.text(), warnedSize.contains(k)));
        }
        epoch.close(k);
      }
      for (Map.Entry<String, Language> e : indexOnly.entrySet()) {
        fileOf.apply(e.getKey()).ifPresent(f -> {
          dormant.put(f, e.getValue());
          warned.put(f, warnedSize.contains(e.getKey()));
        });
      }
      List<String> order = new ArrayList<>(recent.keySet());
      recent.clear();
      indexOnly.clear();
      warnedSize.clear();
      // Documents outside every root until now, that this change brings in: index-only until reopened.
      for (Map.Entry<Path, Language> e : new ArrayList<>(outside.entrySet())) {
        Optional<String> k = keyOf.apply(e.getKey());
        if (k.isPresent()) {
          outside.remove(e.getKey());
          indexOnly.put(k.get(), e.getValue());
        }
      }
      Map<Path, String> newKeys = new HashMap<>();
      for (Parsed d : parsed) {
        Optional<String> k = keyOf.apply(d.file());
        if (k.isEmpty()) {
          outside.put(d.file(), d.language());
          LOG.info(() -> name + ": " + d.file() + " is no longer under a workspace folder; its unsaved text is"
              + " not analysed and it answers empty results until its folder is added again");
          continue;
        }
        newKeys.put(d.file(), k.get());
        try {
          epoch.open(k.get(), d.language(), d.version(), d.text());
        } catch (DocumentTooLargeException e) {
          indexOnly.put(k.get(), d.language()); // cannot happen with the same limit and text; kept consistent
        }
        if (d.warned()) {
          warnedSize.add(k.get());
        }
      }
      // The least-recently-used order, under the new keys.
      for (String old : order) {
        fileOf.apply(old).map(newKeys::get).ifPresent(k -> recent.put(k, Boolean.TRUE));
      }
      for (Map.Entry<Path, Language> e : dormant.entrySet()) {
        Optional<String> k = keyOf.apply(e.getKey());
        if (k.isPresent()) {
          indexOnly.put(k.get(), e.getValue());
          if (warned.get(e.getKey())) {
            warnedSize.add(k.get());
          }
        } else {
          outside.put(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** Ends the epoch: every tree is closed; later changes fail quietly. */
  void end() {
    synchronized (queueLock) {
      queueEnded = true;
      queueLock.notifyAll(); // a reader waiting for room goes on; what it adds fails quietly
    }
    epoch.close();
    ignored.clear();
    indexOnly.clear();
    outside.clear();
    warnedSize.clear();
  }

  private Optional<String> key(String uri) {
    FromLsp f = from;
    return f == null ? Optional.empty() : f.key(uri);
  }

  /** The language of a document: the editor's languageId, else by name; a header's as {@link #header}. */
  private Optional<Language> languageOf(String languageId, String key, String text) {
    Optional<Language> l = languageId == null ? Optional.empty() : Language.forId(languageId);
    if (l.isEmpty()) {
      l = Language.forFileName(Path.of(key).getFileName().toString());
    }
    if (text != null) {
      l = l.map(language -> header(language, key, text));
    }
    Set<Language> enabled = languages;
    if (l.isPresent() && enabled != null && !enabled.contains(l.get())) {
      return Optional.empty();
    }
    return l;
  }

  /**
   * A {@code .h} header the editor calls C or C++ is parsed as the index parses it: editors name every
   * header one way (Vim and VS Code call each {@code .h} C++), while a header is C or C++ by its content and
   * its neighbours ({@link Language#forContent}). So a C header open in such an editor is read with C's
   * rules like its copy in the index; one the index does not have yet is decided by its text.
   */
  private Language header(Language language, String key, String text) {
    if ((language != Language.C && language != Language.CPP) || !key.toLowerCase(java.util.Locale.ROOT).endsWith(".h")) {
      return language;
    }
    Optional<Language> stored = indexed.apply(key);
    if (stored.isPresent() && (stored.get() == Language.C || stored.get() == Language.CPP)) {
      return stored.get();
    }
    return Language.forContent(Language.C, key, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void enqueue(String what, Runnable task) {
    enqueue(what, task, 0, true);
  }

  /**
   * Adds a notification to the inbox, and starts a drain if none runs. Called on the connection's reader
   * thread: while {@code maxQueued} notifications (or {@code maxQueuedChars} of text) wait, it waits for room,
   * so a client that sends changes faster than they can be applied is read more slowly (backpressure)
   * instead of growing the daemon's memory; its text stays exact, and other sessions are unaffected.
   */
  private void enqueue(String what, Runnable task, long chars, boolean limited) {
    boolean start;
    synchronized (queueLock) {
      if (limited) {
        boolean stalled = false;
        while (!queueEnded && !inbox.isEmpty()
            && (inbox.size() >= maxQueued || inboxChars + chars > maxQueuedChars)) {
          if (!stalled) {
            stalled = true;
            stalls++;
            floodWarning();
          }
          try {
            queueLock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      inbox.add(new Op(what, task, chars, limited));
      inboxChars += chars;
      highWater = Math.max(highWater, inbox.size());
      highWaterChars = Math.max(highWaterChars, inboxChars);
      start = !draining;
      draining = true;
    }
    if (start) {
      try {
        pool.execute(this::drain);
      } catch (RuntimeException rejected) { // the server is closing: nothing will apply these
        LOG.fine(() -> name + ": " + what + " dropped: " + rejected);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (queueLock) {
          inbox.clear();
          inboxChars = 0;
          draining = false;
          done.add(inboxDone);
          inboxDone = new CompletableFuture<>();
          queueLock.notifyAll();
        }
        done.forEach(f -> f.complete(null));
      }
    }
  }

  /** Called with queueLock held, when the reader first has to wait for room: says so, once per session. */
  private void floodWarning() {
    if (warnedFlood) {
      return;
    }
    warnedFlood = true;
    String msg = "Vcr: this editor sends document changes faster than they can be applied (" + maxQueued
        + " changes or " + maxQueuedChars + " characters waiting, vcr.lsp.maxQueuedChanges / maxQueuedChangeChars);"
        + " its messages are read more slowly until the backlog is applied. Nothing is lost.";
    LOG.warning(name + ": " + msg);
    Consumer<String> w = warn;
    try {
      pool.execute(() -> w.accept(msg)); // not under the lock, nor on the reader thread
    } catch (RuntimeException closing) {
      LOG.fine(() -> name + ": the warning was not sent: " + closing);
    }
  }

  /**
   * On the document pool: applies the inbox in batches, in arrival order. A batch's text edits are applied
   * one notification at a time; the documents they changed are parsed once, after the batch, and only if no
   * more notifications wait or a request waits for this batch (otherwise the next batch's parse covers it).
   * So a burst of changes costs one parse per document, not one per keystroke.
   */
  private void drain() {
    List<CompletableFuture<Void>> unparsed = new ArrayList<>(); // batches applied, not parsed yet
    while (true) {
      List<Op> batch;
      synchronized (queueLock) {
        if (inbox.isEmpty()) {
          draining = false;
          break;
        }
        batch = new ArrayList<>(inbox);
        inbox.clear();
        inboxChars = 0;
        batchDone = inboxDone;
        batchWanted = inboxWanted;
        inboxDone = new CompletableFuture<>();
        inboxWanted = false;
        queueLock.notifyAll(); // room for the reader
      }
      synchronized (queueLock) {
        unparsed.add(batchDone);
      }
      batchHook.run();
      for (Op op : batch) {
        run(op);
      }
      boolean parseNow;
      synchronized (queueLock) {
        parseNow = inbox.isEmpty() || batchWanted;
      }
      if (parseNow) {
        parseEdited();
        unparsed.forEach(f -> f.complete(null));
        unparsed.clear();
      }
    }
    unparsed.forEach(f -> f.complete(null)); // cannot happen: an empty inbox parses first
  }

  private void run(Op op) {
    try {
      op.task().run();
    } catch (IllegalStateException e) {
      LOG.fine(() -> name + ": " + op.what() + " after the session ended: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, name + ": " + op.what() + " failed", e);
    }
  }

  /** Parses every document with edits not parsed yet; one over the parse budget is kept index-only. */
  private void parseEdited() {
    List<String> edited;
    try {
      edited = epoch.unparsedPaths();
    } catch (IllegalStateException ended) {
      return;
    }
    for (String k : edited) {
      OpenDocument doc = epoch.document(k);
      try {
        epoch.reparse(k);
        synchronized (queueLock) {
          parses++;
        }
      } catch (DocumentTooLargeException e) {
        if (doc != null) {
          tooLarge(k, k, doc.language(), e);
        }
      } catch (IllegalStateException ended) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, name + ": parsing " + k + " failed", e);
      }
    }
  }
}
