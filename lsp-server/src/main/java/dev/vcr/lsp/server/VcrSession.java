package dev.vcr.lsp.server;

import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.lsp.features.QueryContext;
import dev.vcr.lsp.protocol.ClientFeatures;
import dev.vcr.lsp.protocol.Errors;
import dev.vcr.lsp.protocol.FromLsp;
import dev.vcr.lsp.protocol.InitOptions;
import dev.vcr.lsp.protocol.PositionEncoding;
import dev.vcr.lsp.protocol.ToLsp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.WorkspaceFoldersOptions;
import org.eclipse.lsp4j.WorkspaceServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * One client connection. Owns the connection's parse epoch (its open documents, which shadow the shared
 * index for this session only) and holds a reference to the shared index of its workspace.
 *
 * <p>Lifecycle per the specification: requests before {@code initialize} get ServerNotInitialized, requests
 * after {@code shutdown} get InvalidRequest, {@code exit} (or the end of the stream, {@link
 * #connectionClosed()}) ends the session: the epoch closes, freeing every tree, and the index reference is
 * released.
 *
 * <p>Requests run on the server's request pool via {@code computeAsync}, wait for the document changes
 * that arrived before them, then for the workspace's first index (bounded), then answer from a navigator
 * over the shared index shadowed by this session's open documents. Thread-safe.
 *
 * <p>Workspace folders may change while the session runs ({@code workspace/didChangeWorkspaceFolders},
 * {@link #foldersChanged}): the new roots (ordered as at initialize) are read on arrival, and a task on the
 * session's document queue acquires their shared index, re-keys the open documents and replaces the
 * session's {@link View} in one step. Requests that arrive later wait for that task like for any document
 * change before them, then for the new index's first run like for a cold index; requests already running
 * finish on the old view, whose index is released when the last of them ends.
 */
public final class VcrSession implements LanguageServer, LanguageClientAware {
  private static final Logger LOG = Logger.getLogger(VcrSession.class.getName());

  private enum State { CREATED, INITIALIZING, RUNNING, SHUTDOWN, ENDED }

  private final VcrServer server;
  private final String name;
  private final DocumentSync documents;
  /** How many documents of a session keep a tree unless initializationOptions say otherwise. */
  static final int DEFAULT_MAX_OPEN_DOCUMENTS = 1_000;
  private final TextDocumentRouter textDocuments = new TextDocumentRouter(this);
  private final WorkspaceRouter workspaceRouter = new WorkspaceRouter(this);
  private final GraphRouter graphRouter = new GraphRouter(this);
  private final CompletableFuture<Void> exited = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile State state = State.CREATED;
  private volatile LanguageClient client;
  private volatile ClientFeatures features = ClientFeatures.of(null);
  private volatile PositionEncoding encoding = PositionEncoding.UTF16;
  /** What requests answer from now; replaced under {@link #viewLock} together with the documents' keys. */
  private View view = new View(List.of(), null, new FromLsp(PositionEncoding.UTF16, null), null); // guarded by viewLock
  private final Object viewLock = new Object();
  /** The roots as of the last notification read (folder changes are computed from it); guarded by this. */
  private List<Path> roots = List.of();
  private InitOptions initOptions = InitOptions.none(); // guarded by this
  private IndexProgress progress; // guarded by this
  private WorkDoneProgress workDone; // guarded by this
  /** Whether this server watches the files (the client would not); guarded by this. */
  private boolean watchHere;
  /** Requests not answered yet; cancelled when the session ends. */
  private final java.util.Set<CompletableFuture<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Request bodies running on the pool (a cancelled future's body may still run); guarded by inFlight. */
  private int running;
  /** Set when the session ends: no request body starts after it. Guarded by inFlight. */
  private boolean draining;

  /** How long the end of a session waits for its running requests before it releases the index anyway. */
  static final long DRAIN_MILLIS = Long.getLong("vcr.lsp.drainMillis", 10_000L);

  VcrSession(VcrServer server, int id) {
    this.server = server;
    this.name = "session-" + id;
    this.documents = new DocumentSync(server.documentPool(), name);
  }

  /** This session's way to warn its user, as the shared workspace knows it. */
  private final java.util.function.Consumer<String> warner = this::warnUser;

  /** Sends a warning to the user ({@code window/showMessage}); the log gets it too. */
  private void warnUser(String message) {
    LanguageClient c = client;
    if (c != null) {
      c.showMessage(new MessageParams(MessageType.Warning, message));
    }
  }

  @Override
  public void connect(LanguageClient client) {
    this.client = client;
  }

  /** Completes when the client sent {@code exit} or the connection ended. */
  public CompletableFuture<Void> exited() {
    return exited;
  }

  /** Called by the transport when the stream ends: ends the session (idempotent). */
  public void connectionClosed() {
    end("connection closed");
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return textDocuments;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspaceRouter;
  }

  /** The code-graph requests ({@code vcr/impact}, {@code vcr/paths}...). */
  @org.eclipse.lsp4j.jsonrpc.services.JsonDelegate
  public GraphService getGraphService() {
    return graphRouter;
  }

  // ------------------------------------------------------------------------------------ lifecycle

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    synchronized (this) {
      if (state != State.CREATED) {
        return CompletableFuture.failedFuture(Errors.invalidRequest("initialize was already sent"));
      }
      state = State.INITIALIZING;
    }
    return CompletableFutures.computeAsync(server.requestPool(), cancel -> {
      try {
        return doInitialize(params == null ? new InitializeParams() : params);
      } catch (RuntimeException e) {
        synchronized (this) {
          if (state == State.INITIALIZING) {
            state = State.CREATED; // the client may try again
          }
        }
        throw e;
      }
    });
  }

  private InitializeResult doInitialize(InitializeParams params) {
    features = ClientFeatures.of(params.getCapabilities());
    encoding = PositionEncoding.negotiate(params.getCapabilities());
    InitOptions init = FromLsp.initOptions(params.getInitializationOptions());
    for (String p : init.problems()) {
      LOG.warning(name + ": initializationOptions: " + p + " (ignored)");
    }
    List<String> problems = new ArrayList<>();
    List<Path> roots = FromLsp.roots(params, problems);
    for (String p : problems) {
      LOG.warning(name + ": " + p);
    }
    SharedWorkspace shared = null;
    if (!roots.isEmpty()) {
      try {
        shared = server.acquire(roots, init);
      } catch (IndexLockedException e) {
        throw Errors.requestFailed("the index of " + roots + " is in use by another Vcr process: " + e.getMessage());
      } catch (IOException | RuntimeException e) {
        // Initialize does not fail for an index it cannot open: the session answers what needs no index.
        cannotOpen(roots, e);
      }
    } else {
      LOG.warning(name + ": no workspace folder; only requests that need no index will answer");
    }
    View initial = view(roots, shared);
    documents.configure(initial.from, VcrServer.enabledLanguages(init.languages()));
    documents.indexedLanguages(this::indexedLanguage);
    documents.limits(init.maxFileBytes() != null ? init.maxFileBytes() : server.options().maxFileBytes(),
        init.maxOpenDocuments() != null ? init.maxOpenDocuments() : DEFAULT_MAX_OPEN_DOCUMENTS, this::warnUser);
    if (init.parseBudgetMillis() != null) {
      documents.parseBudget(init.parseBudgetMillis());
    }
    synchronized (this) {
      if (ended.get()) {
        if (shared != null) {
          server.release(shared);
        }
        throw Errors.requestFailed("the session ended during initialize");
      }
      synchronized (viewLock) {
        view = initial;
      }
      this.roots = roots;
      this.initOptions = init;
      state = State.RUNNING;
    }
    if (shared != null) {
      shared.addWarner(warner);
    }
    LOG.info(name + ": initialized for " + roots + " (position encoding " + encoding.lspName() + ", client "
        + (params.getClientInfo() == null ? "unknown" : params.getClientInfo().getName()) + ")");
    return new InitializeResult(capabilities(), new ServerInfo("vcr", version()));
  }

  private void cannotOpen(List<Path> roots, Exception e) {
    LOG.log(Level.SEVERE, name + ": cannot open the index of " + roots + "; serving without an index", e);
    String problem = dev.vcr.kernel.index.StoreFaults.resourceProblem(e);
    warnUser("Vcr: cannot open an index for " + roots + " (" + (problem != null ? problem : e.getMessage())
        + "); navigation is not available in this session.");
  }

  /** A view of {@code roots} answered from {@code shared} (null: no index). */
  private View view(List<Path> roots, SharedWorkspace shared) {
    Workspace ws = shared == null ? null : shared.index().workspace();
    return new View(roots, shared, new FromLsp(encoding, ws), ws == null ? null : new ToLsp(encoding, ws));
  }

  /** Exactly what is implemented. */
  private ServerCapabilities capabilities() {
    ServerCapabilities c = new ServerCapabilities();
    c.setPositionEncoding(encoding.lspName());
    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.Incremental);
    sync.setSave(new SaveOptions(false));
    c.setTextDocumentSync(Either.forRight(sync));
    c.setReferencesProvider(true);
    c.setDefinitionProvider(true);
    c.setDeclarationProvider(true);
    c.setHoverProvider(true);
    c.setDocumentHighlightProvider(true);
    c.setTypeHierarchyProvider(true);
    c.setImplementationProvider(true);
    c.setDocumentSymbolProvider(true);
    c.setWorkspaceSymbolProvider(true);
    c.setCallHierarchyProvider(true);
    WorkspaceFoldersOptions folders = new WorkspaceFoldersOptions();
    folders.setSupported(true);
    folders.setChangeNotifications(true);
    c.setWorkspace(new WorkspaceServerCapabilities(folders));
    Map<String, Object> experimental = new LinkedHashMap<>();
    List<String> vcrRequests = new ArrayList<>(List.of("vcr/stats", "vcr/reindex"));
    vcrRequests.addAll(GraphRouter.METHODS);
    experimental.put("vcrRequests", vcrRequests);
    c.setExperimental(experimental);
    return c;
  }

  @Override
  public void initialized(InitializedParams params) {
    SharedWorkspace ws;
    boolean here;
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      ws = currentWorkspace();
      if (features.workDoneProgress() && client != null) {
        workDone = new WorkDoneProgress(client, "vcr/" + name + "/index");
      }
      here = !(features.watchedFilesDynamic() && client != null);
      watchHere = here;
      if (ws != null) {
        follow(ws);
      }
    }
    if (here) {
      if (ws != null) {
        ws.ensureWatcher();
      }
    } else {
      // One registration for the session: "**/*" covers every workspace folder, added ones too.
      DidChangeWatchedFilesRegistrationOptions watch =
          new DidChangeWatchedFilesRegistrationOptions(List.of(new FileSystemWatcher(Either.forLeft("**/*"))));
      Registration r = new Registration(name + "/watched-files", "workspace/didChangeWatchedFiles", watch);
      client.registerCapability(new RegistrationParams(List.of(r))).whenComplete((v, e) -> {
        if (e != null) {
          LOG.warning(name + ": the client refused to watch files (" + e.getMessage() + "); watching them here");
          SharedWorkspace now;
          synchronized (this) {
            watchHere = true;
            now = currentWorkspace();
          }
          if (now != null) {
            now.ensureWatcher();
          }
        }
      });
    }
  }

  /**
   * Reports {@code ws}'s indexing to this session's client (its first run, then each re-index). Called
   * with this session's lock held.
   */
  private void follow(SharedWorkspace ws) {
    if (workDone != null) {
      progress = new IndexProgress(workDone);
      progress.start(ws.firstRun());
      ws.addListener(progress);
    }
  }

  /** Stops reporting {@code ws}'s indexing (an open progress token ends). Called with this session's lock held. */
  private void unfollow(SharedWorkspace ws) {
    if (progress != null) {
      ws.removeListener(progress);
      progress.stop();
      progress = null;
    }
  }

  /**
   * {@code workspace/didChangeWorkspaceFolders}, on arrival: the new roots are computed now (so later
   * notifications read URIs with them); the index switch runs on the document queue (see the class comment).
   */
  void foldersChanged(WorkspaceFoldersChangeEvent event) {
    List<String> problems = new ArrayList<>();
    List<Path> next;
    FromLsp keys;
    FromLsp prev;
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      next = FromLsp.roots(roots, event, problems);
      for (String p : problems) {
        LOG.warning(name + ": " + p);
      }
      if (next.equals(roots)) {
        LOG.fine(() -> name + ": workspace folders unchanged " + roots);
        return;
      }
      LOG.info(name + ": workspace folders change from " + roots + " to " + next);
      roots = next;
      Workspace w = null;
      if (!next.isEmpty()) {
        try {
          w = new Workspace(next);
        } catch (IOException | RuntimeException e) {
          LOG.warning(name + ": cannot read the workspace folders " + next + ": " + e.getMessage());
        }
      }
      keys = new FromLsp(encoding, w);
      prev = documents.redirect(keys);
    }
    documents.onQueue("workspace folders " + next, () -> switchTo(next, prev, keys));
  }

  /** On the document queue: acquires the index of {@code next}, re-keys the documents, swaps the view. */
  private void switchTo(List<Path> next, FromLsp prev, FromLsp keys) {
    SharedWorkspace shared = null;
    InitOptions init;
    synchronized (this) {
      init = initOptions;
    }
    if (!next.isEmpty() && !ended.get()) {
      try {
        shared = server.acquire(next, init);
      } catch (IndexLockedException | IOException | RuntimeException e) {
        cannotOpen(next, e);
      }
    }
    View fresh = view(next, shared);
    View old;
    synchronized (viewLock) {
      try {
        documents.rekey(prev, keys);
      } catch (RuntimeException e) { // the session ended meanwhile (its epoch is closed), or a bug: still swap
        LOG.log(ended.get() ? Level.FINE : Level.WARNING, name + ": re-keying the open documents failed", e);
      }
      old = view;
      view = fresh;
    }
    boolean live;
    boolean watch;
    synchronized (this) {
      if (old.ws != null) {
        unfollow(old.ws);
        old.ws.removeWarner(warner);
      }
      live = !ended.get();
      watch = watchHere;
      if (live && shared != null) {
        follow(shared);
      }
    }
    if (live && shared != null) {
      shared.addWarner(warner);
      if (watch) {
        shared.ensureWatcher();
      }
    }
    if (!live) {
      fresh.retire(true); // the session ended meanwhile: end() released the view it saw
    }
    old.retire(false);
    LOG.info(name + ": now serving " + next + (shared == null && !next.isEmpty() ? " without an index" : ""));
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    synchronized (this) {
      if (state == State.SHUTDOWN || state == State.ENDED) {
        return CompletableFuture.failedFuture(Errors.invalidRequest("shutdown was already sent"));
      }
      state = State.SHUTDOWN;
    }
    LOG.fine(() -> name + ": shutdown");
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    end(state == State.SHUTDOWN ? "exit" : "exit without shutdown");
  }

  private void end(String why) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    SharedWorkspace ws;
    IndexProgress p;
    View v;
    synchronized (this) {
      state = State.ENDED;
      synchronized (viewLock) {
        v = view;
      }
      ws = v.ws;
      p = progress;
      progress = null;
    }
    if (ws != null && p != null) {
      ws.removeListener(p);
    }
    if (ws != null) {
      ws.removeWarner(warner);
    }
    drain();
    documents.end();
    v.retire(true);
    server.sessionEnded(this);
    LOG.info(name + ": ended (" + why + ")");
    exited.complete(null);
  }

  /**
   * Cancels this session's requests and waits (at most {@link #DRAIN_MILLIS}) until none is running, so no
   * request still reads the index when the session releases it (and, if it was the last, the index closes).
   */
  private void drain() {
    synchronized (inFlight) {
      draining = true;
    }
    for (CompletableFuture<?> f : List.copyOf(inFlight)) {
      f.cancel(true);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    synchronized (inFlight) {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warning(name + ": " + running + " request(s) still running after " + DRAIN_MILLIS
              + " ms; releasing the index anyway (they will be cancelled)");
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inFlight, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Registers a request body about to run; false once the session is ending. */
  private boolean enter() {
    synchronized (inFlight) {
      if (draining) {
        return false;
      }
      running++;
      return true;
    }
  }

  private void leave() {
    synchronized (inFlight) {
      running--;
      inFlight.notifyAll();
    }
  }

  // ------------------------------------------------------------------------------------ notifications

  DocumentSync documents() {
    return documents;
  }

  boolean acceptsNotifications() {
    return state == State.RUNNING;
  }

  void fileSaved(String uri) {
    SharedWorkspace ws = currentWorkspace();
    if (ws != null) {
      Optional<String> key = uri == null ? Optional.empty() : currentView().from.key(uri);
      if (key.isPresent()) {
        ws.changed(List.of(key.get()));
      } else {
        ws.changed();
      }
    }
  }

  void filesChanged(List<FileEvent> changes) {
    SharedWorkspace ws = currentWorkspace();
    if (ws == null) {
      return;
    }
    FromLsp from = currentView().from;
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    for (FileEvent e : changes) {
      Optional<String> key = e == null || e.getUri() == null ? Optional.empty() : from.key(e.getUri());
      key.ifPresent(keys::add);
    }
    if (!keys.isEmpty()) {
      LOG.fine(() -> name + ": " + changes.size() + " watched-file events; re-index scheduled");
      ws.changed(keys);
    }
  }

  /** The language the current view's index gave the file at {@code key}, if it has it. */
  private Optional<dev.vcr.kernel.lang.Language> indexedLanguage(String key) {
    SharedWorkspace ws = currentWorkspace();
    if (ws == null) {
      return Optional.empty();
    }
    try {
      dev.vcr.kernel.index.FileRecord rec = ws.index().store().file(key);
      return rec == null ? Optional.empty() : dev.vcr.kernel.lang.Language.forId(rec.language());
    } catch (RuntimeException e) {
      return Optional.empty(); // no index to ask (closed, damaged, being replaced): decided by the text
    }
  }

  private SharedWorkspace currentWorkspace() {
    return currentView().ws;
  }

  private View currentView() {
    synchronized (viewLock) {
      return view;
    }
  }

  /**
   * What requests answer from: the roots, their shared index (null: no folder, or it could not be opened),
   * and the converters keyed to those roots. Replaced as a whole when workspace folders change; a replaced
   * view's index is released once no request uses it.
   */
  private final class View {
    final List<Path> roots;
    final SharedWorkspace ws;
    final FromLsp from;
    final ToLsp to;
    /** The line tables of closed files the requests were about (for checking positions). */
    final dev.vcr.lsp.features.DiskLines diskLines = new dev.vcr.lsp.features.DiskLines();
    private int users; // guarded by this
    private boolean retired; // guarded by this
    private boolean released; // guarded by this

    View(List<Path> roots, SharedWorkspace ws, FromLsp from, ToLsp to) {
      this.roots = List.copyOf(roots);
      this.ws = ws;
      this.from = from;
      this.to = to;
    }

    synchronized void enter() {
      users++;
    }

    void leave() {
      boolean release;
      synchronized (this) {
        users--;
        release = retired && users == 0 && !released;
        released |= release;
      }
      if (release) {
        releaseIndex();
      }
    }

    /** No new request uses this view; its index is released now ({@code force}) or when the last one ends. */
    void retire(boolean force) {
      boolean release;
      synchronized (this) {
        retired = true;
        release = (force || users == 0) && !released;
        released |= release;
      }
      if (release) {
        releaseIndex();
      }
    }

    private void releaseIndex() {
      if (ws != null) {
        server.release(ws);
      }
    }
  }

  // ------------------------------------------------------------------------------------ requests

  /**
   * Runs a request on the request pool. {@code needsIndex}: wait for the workspace's first index first.
   * Kernel work is cancellable between phases through the context's {@code check()}.
   */
  <T> CompletableFuture<T> query(String method, boolean needsIndex, Function<QueryContext, T> work) {
    return query(method, () -> needsIndex, work);
  }

  /** As above, with {@code needsIndex} decided once the document changes before the request are applied. */
  <T> CompletableFuture<T> query(String method, java.util.function.BooleanSupplier needsIndex,
      Function<QueryContext, T> work) {
    State s = state;
    if (s == State.CREATED || s == State.INITIALIZING) {
      return CompletableFuture.failedFuture(Errors.notInitialized(method + " before initialize"));
    }
    if (s != State.RUNNING) {
      return CompletableFuture.failedFuture(Errors.invalidRequest(method + " after shutdown"));
    }
    CompletableFuture<Void> barrier = documents.barrier();
    long t0 = System.nanoTime();
    CompletableFuture<T> result = new CompletableFuture<>();
    CancelChecker cancel = () -> {
      if (result.isCancelled()) {
        throw new CancellationException();
      }
    };
    // Waiting (for the document changes sent before, then for a cold index) holds no request thread, so
    // requests that can answer now (documentSymbol, open documents) never queue behind ones that wait. The
    // gate's check is cheap and runs where the barrier completes (the reader or the document queue): a hop
    // to the request pool here made every request queue for a thread twice, the first time outside the
    // fair queue's order (the load benchmark's "gate" p99 was over a second).
    CompletableFuture<Void> gate = barrier.handle((v, e) -> (Void) null).thenCompose(v -> {
      // The view after the changes sent before this request, a change of workspace folders included.
      SharedWorkspace ws = currentWorkspace();
      if (ws == null || ws.ready().isDone() || result.isDone() || !needsIndex.getAsBoolean()) {
        return CompletableFuture.completedFuture(null);
      }
      return ws.ready().copy().orTimeout(VcrServer.INDEX_WAIT_MILLIS, TimeUnit.MILLISECONDS).handle((r, e) -> {
        if (e != null && !ws.ready().isDone()) {
          LOG.warning("initial indexing of " + ws.index().workspace().roots() + " is still running after "
              + VcrServer.INDEX_WAIT_MILLIS + " ms; " + method + " answers from the partial index");
        }
        return (Void) null;
      });
    });
    gate.whenComplete((v, e) -> {
      if (result.isDone()) {
        return;
      }
      long gated = System.nanoTime();
      try {
        server.runFairly(this, method, () -> {
          long started = System.nanoTime();
          if (result.isDone()) {
            return;
          }
          if (!enter()) {
            result.completeExceptionally(new CancellationException("the session ended"));
            return;
          }
          View view;
          DocumentSync.Snapshot snap;
          synchronized (viewLock) { // the view and the documents' keys change together
            view = this.view;
            view.enter();
            snap = documents.snapshot();
          }
          T value = null;
          Throwable failure = null;
          long cpu0 = threadCpu();
          try {
            value = run(method, work, view, snap, cancel, t0);
          } catch (Throwable t) {
            failure = t;
          } finally {
            // Before the answer goes out: a replaced view's index is released by then.
            view.leave();
            leave();
          }
          VcrServer.RequestObserver observer = server.requestObserver();
          if (observer != null) {
            observer.observed(method, gated - t0, started - gated, System.nanoTime() - started, threadCpu() - cpu0);
          }
          if (failure == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(failure);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        result.completeExceptionally(new CancellationException("the server is closing"));
      }
    });
    inFlight.add(result);
    result.whenComplete((r, e) -> inFlight.remove(result));
    return result;
  }

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** Bytes the current thread has allocated, where the JVM tells (else 0). */
  private static long threadAllocated() {
    return CPU instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled()
        ? t.getCurrentThreadAllocatedBytes() : 0;
  }

  private static long threadCpu() {
    return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : 0;
  }

  private <T> T run(String method, Function<QueryContext, T> work, View view, DocumentSync.Snapshot snap,
      CancelChecker cancel, long t0) {
    cancel.checkCanceled();
    long cpu0 = threadCpu();
    long alloc0 = LOG.isLoggable(java.util.logging.Level.FINE) ? threadAllocated() : 0;
    try {
      QueryContext ctx = context(view, snap, cancel);
      server.queryHook.accept(method, cancel);
      T result = work.apply(ctx);
      if (LOG.isLoggable(java.util.logging.Level.FINE)) {
        // The CPU time of the request's own thread: what a benchmark on a busy machine can still compare;
        // and what it allocated (the garbage whose collections pause the requests).
        long cpu = threadCpu() - cpu0;
        long alloc = threadAllocated() - alloc0;
        LOG.fine(name + ": " + method + " in " + (System.nanoTime() - t0) / 1000 + " µs, cpu " + cpu / 1000
            + " µs, alloc " + Math.max(0, alloc) / 1024 + " KiB");
      }
      return result;
    } catch (ResponseErrorException e) {
      throw e;
    } catch (CancellationException e) {
      LOG.fine(() -> name + ": " + method + " cancelled");
      throw e;
    } catch (RuntimeException e) {
      if (storeClosed(e)) {
        // The session (or the server) ended while this ran: not a failure, and not damage.
        LOG.fine(() -> name + ": " + method + " stopped: the index was closed");
        throw new CancellationException("the index was closed");
      }
      LOG.log(Level.SEVERE, name + ": " + method + " failed", e);
      throw Errors.error(ResponseErrorCode.InternalError, method + " failed: " + e);
    }
  }

  private static boolean storeClosed(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof dev.vcr.kernel.index.StoreClosedException) {
        return true;
      }
    }
    return false;
  }

  /** A request that needs the index and params: missing params are InvalidParams. */
  <P, T> CompletableFuture<T> query(String method, P params, java.util.function.BiFunction<QueryContext, P, T> handler) {
    return query(method, params, true, handler);
  }

  /** A request with params; {@code needsIndex}: wait (bounded) for the first index before answering. */
  <P, T> CompletableFuture<T> query(String method, P params, boolean needsIndex,
      java.util.function.BiFunction<QueryContext, P, T> handler) {
    return query(method, params, () -> needsIndex, handler);
  }

  <P, T> CompletableFuture<T> query(String method, P params, java.util.function.BooleanSupplier needsIndex,
      java.util.function.BiFunction<QueryContext, P, T> handler) {
    if (params == null) {
      return CompletableFuture.failedFuture(Errors.invalidParams(method + ": missing params"));
    }
    return query(method, needsIndex, ctx -> handler.apply(ctx, params));
  }

  /**
   * Whether a position request in this document must wait for a cold index: not when the document is
   * open in this session, since then it answers at once from what is known (the open documents, and the
   * index as far as it exists), as an editor wants while a first index runs.
   */
  boolean needsIndex(org.eclipse.lsp4j.TextDocumentIdentifier doc) {
    FromLsp from = currentView().from;
    if (doc == null || doc.getUri() == null) {
      return true;
    }
    return from.key(doc.getUri()).map(k -> !documents.isOpen(k)).orElse(true);
  }

  private static void await(CompletableFuture<Void> barrier, CancelChecker cancel) {
    while (!barrier.isDone()) {
      cancel.checkCanceled();
      try {
        barrier.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // check the cancellation again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      } catch (ExecutionException e) {
        return;
      }
    }
  }

  private QueryContext context(View view, DocumentSync.Snapshot snap, CancelChecker cancel) {
    SharedWorkspace ws = view.ws;
    Navigator nav = ws == null ? null : ws.index().navigator(snap.overlay());
    Workspace w = ws == null ? null : ws.index().workspace();
    java.util.function.Supplier<dev.vcr.kernel.graph.CodeGraph> graph = ws == null ? null
        : () -> ws.index().graph(snap.overlay(), key -> {
          dev.vcr.kernel.text.LineIndex open = snap.lines().get(key);
          return open == null ? null : open.text();
        }, cancel::checkCanceled);
    return new QueryContext(w, nav, view.from, view.to, features, cancel, snap.lines(), snap.ignored(), graph)
        .outsideOpen(snap.outside())
        .diskLines(view.diskLines)
        .partialResults(this::sendPartialResult);
  }

  /**
   * One batch of a streamed answer, sent at once on the request's thread, so every batch reaches the
   * client before the (empty) response does.
   */
  private void sendPartialResult(Either<String, Integer> token, Object batch) {
    LanguageClient c = client;
    if (c != null) {
      c.notifyProgress(new ProgressParams(token, Either.forRight(batch)));
    }
  }

  /** {@code vcr/stats}: the index statistics of this session's workspace, plus server and session facts. */
  @JsonRequest("vcr/stats")
  public CompletableFuture<Object> stats() {
    return query("vcr/stats", false, ctx -> {
      SharedWorkspace ws = currentWorkspace();
      if (ws == null) {
        throw Errors.invalidRequest("no workspace folder is open");
      }
      Map<String, Object> out = new LinkedHashMap<>(ws.index().stats());
      Map<String, Object> server = new LinkedHashMap<>();
      server.put("sessions", this.server.sessionCount());
      server.put("workspaces", this.server.workspaceCount());
      server.put("indexing", ws.scheduler().running());
      server.put("indexRuns", ws.scheduler().runs());
      server.put("watchingFiles", ws.watching());
      server.put("openDocuments", documents.openCount());
      server.put("positionEncoding", encoding.lspName());
      out.put("server", server);
      return out;
    });
  }

  /** {@code vcr/reindex}: starts a re-index of this session's workspace; answers once it is scheduled. */
  @JsonRequest("vcr/reindex")
  public CompletableFuture<Object> reindex() {
    return query("vcr/reindex", false, ctx -> {
      SharedWorkspace ws = currentWorkspace();
      if (ws == null) {
        throw Errors.invalidRequest("no workspace folder is open");
      }
      ws.reindexNow();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scheduled", true);
      return out;
    });
  }

  // ------------------------------------------------------------------------------------ for tests

  int openDocumentCount() {
    return documents.openCount();
  }

  SharedWorkspace workspaceForTest() {
    return currentWorkspace();
  }

  VcrServer server() {
    return server;
  }

  PositionEncoding encoding() {
    return encoding;
  }

  private static String version() {
    return dev.vcr.lsp.Version.get();
  }
}
