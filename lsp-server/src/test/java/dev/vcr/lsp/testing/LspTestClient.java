package dev.vcr.lsp.testing;

import dev.vcr.lsp.server.SessionLauncher;
import dev.vcr.lsp.server.VcrSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.lsp4j.CallHierarchyCapabilities;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DefinitionCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * An in-process LSP client for tests (stack-notes §3): a {@link VcrSession} on one side of two in-memory
 * pipes, driven through LSP4J's client launcher on the other. It records what the server sends (progress,
 * log messages, registrations, every response including ones to raw requests), answers
 * {@code window/workDoneProgress/create} and {@code client/registerCapability}, and can write raw bytes
 * onto the wire. Waiting is on events (progress end, responses), never on sleeps.
 */
public final class LspTestClient implements LanguageClient, AutoCloseable {
  public static final long TIMEOUT_SECONDS = 30;

  /** Bounded as a socket's buffer is: a server that reads slowly makes the client's writes wait. */
  private final Pipe toServer = new Pipe(1 << 20);
  private final Pipe toClient = new Pipe();
  private final AtomicOutput clientOut = new AtomicOutput(toServer.out());
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-client");
    t.setDaemon(true);
    return t;
  });
  private final VcrSession session;
  private final CompletableFuture<Void> sessionDone = new CompletableFuture<>();
  private final Launcher<VcrServerApi> launcher;
  private final VcrServerApi server;

  private final Set<String> created = new LinkedHashSet<>();
  private final Set<String> ended = new LinkedHashSet<>();
  private final List<ProgressParams> progress = new ArrayList<>();
  private final List<MessageParams> logs = new ArrayList<>();
  private final List<RegistrationParams> registrations = new ArrayList<>();
  private final Map<String, ResponseMessage> responses = new HashMap<>();
  private boolean watchedFilesDynamic = true;
  private Consumer<ClientCapabilities> tweak = caps -> { };

  private LspTestClient(VcrSession session) {
    this.session = session;
    threads.execute(() -> {
      try {
        SessionLauncher.run(session, toServer.in(), toClient.out());
        sessionDone.complete(null);
      } catch (Throwable e) {
        sessionDone.completeExceptionally(e);
      }
    });
    Consumer<Message> record = this::record;
    launcher = new LSPLauncher.Builder<VcrServerApi>()
        .setLocalService(this)
        .setRemoteInterface(VcrServerApi.class)
        .setInput(toClient.in())
        .setOutput(clientOut)
        .setExecutorService(threads)
        .wrapMessages(next -> (MessageConsumer) message -> {
          record.accept(message);
          next.consume(message);
        })
        .create();
    launcher.startListening();
    server = launcher.getRemoteProxy();
  }

  /** Connects a new client to a session (nothing sent yet). */
  public static LspTestClient connect(VcrSession session) {
    return new LspTestClient(session);
  }

  public VcrServerApi server() {
    return server;
  }

  public VcrSession session() {
    return session;
  }

  /** Completes when {@code SessionLauncher.run} returned. */
  public CompletableFuture<Void> sessionDone() {
    return sessionDone;
  }

  /** Whether the client offers to watch files for the server (default true). Set before initialize. */
  public LspTestClient watchedFilesDynamic(boolean on) {
    this.watchedFilesDynamic = on;
    return this;
  }

  /** Adjusts the capabilities sent at initialize (after the defaults). Set before initialize. */
  public LspTestClient tweakCapabilities(Consumer<ClientCapabilities> tweak) {
    this.tweak = tweak;
    return this;
  }

  /** Capabilities of a modern client: progress, links, hierarchical symbols, call hierarchy. */
  public ClientCapabilities capabilities(List<String> positionEncodings) {
    ClientCapabilities caps = new ClientCapabilities();
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    caps.setWindow(window);
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    td.setDefinition(new DefinitionCapabilities(false, true));
    DocumentSymbolCapabilities ds = new DocumentSymbolCapabilities();
    ds.setHierarchicalDocumentSymbolSupport(true);
    td.setDocumentSymbol(ds);
    td.setCallHierarchy(new CallHierarchyCapabilities(false));
    caps.setTextDocument(td);
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    ws.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(watchedFilesDynamic));
    caps.setWorkspace(ws);
    if (positionEncodings != null) {
      GeneralClientCapabilities general = new GeneralClientCapabilities();
      general.setPositionEncodings(positionEncodings);
      caps.setGeneral(general);
    }
    tweak.accept(caps);
    return caps;
  }

  /** initialize (workspace folders = roots, utf-16 only) and initialized. */
  public InitializeResult initialize(Path... roots) throws Exception {
    return initialize(List.of(roots), null, null);
  }

  public InitializeResult initialize(List<Path> roots, List<String> positionEncodings, Object initializationOptions)
      throws Exception {
    InitializeParams p = new InitializeParams();
    List<WorkspaceFolder> folders = new ArrayList<>();
    for (Path r : roots) {
      folders.add(new WorkspaceFolder(r.toUri().toString(), r.getFileName().toString()));
    }
    p.setWorkspaceFolders(folders);
    p.setCapabilities(capabilities(positionEncodings));
    p.setInitializationOptions(initializationOptions);
    InitializeResult r = get(server.initialize(p));
    server.initialized(new InitializedParams());
    return r;
  }

  public static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------------------------ documents

  public static String uri(Path file) {
    return file.toUri().toString();
  }

  public static TextDocumentIdentifier doc(Path file) {
    return new TextDocumentIdentifier(uri(file));
  }

  public void open(Path file, String languageId) throws IOException {
    open(file, languageId, Files.readString(file));
  }

  public void open(Path file, String languageId, String text) {
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri(file), languageId, 1, text)));
  }

  /** One incremental change: replace [start, end) by text. */
  public void change(Path file, int version, Position start, Position end, String text) {
    TextDocumentContentChangeEvent c = new TextDocumentContentChangeEvent(new Range(start, end), text);
    server.getTextDocumentService().didChange(
        new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri(file), version), List.of(c)));
  }

  // ------------------------------------------------------------------------------------ progress

  /** Waits until at least one progress token was created and every created token has ended. */
  public synchronized void awaitIndexed() throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (created.isEmpty() || !ended.containsAll(created)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("indexing progress did not end: created " + created + ", ended " + ended);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits until {@code n} progress tokens have ended in total. */
  public synchronized void awaitProgressEnds(int n) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (ended.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("expected " + n + " progress ends, saw " + ended.size());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  public synchronized int progressEnds() {
    return ended.size();
  }

  public synchronized List<ProgressParams> progress() {
    return new ArrayList<>(progress);
  }

  public synchronized List<RegistrationParams> registrations() {
    return new ArrayList<>(registrations);
  }

  // ------------------------------------------------------------------------------------ raw wire

  /** Writes one framed message with this JSON body onto the client-to-server stream. */
  public void sendRaw(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    clientOut.writeAtomically(header, body);
  }

  /** Waits for the response with this id (raw requests are answered too, though LSP4J cannot match them). */
  public synchronized ResponseMessage awaitResponse(String id) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!responses.containsKey(id)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no response with id " + id);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return responses.get(id);
  }

  /** Every response received so far, by id ("null" for responses without id). */
  public synchronized Map<String, ResponseMessage> responses() {
    return new HashMap<>(responses);
  }

  private synchronized void record(Message m) {
    if (m instanceof ResponseMessage r) {
      responses.put(r.getId() == null ? "null" : r.getId(), r);
      notifyAll();
    }
  }

  // ------------------------------------------------------------------------------------ shutdown

  /** shutdown, exit, then waits for the session to end. */
  public void shutdownAndExit() throws Exception {
    get(server.shutdown());
    server.exit();
    get(session.exited());
    get(sessionDone);
  }

  @Override
  public void close() {
    toServer.close();
    toClient.close();
    threads.shutdown(); // the reader threads end with the pipes; no interrupts

  }

  // ------------------------------------------------------------------------------------ LanguageClient

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    synchronized (this) {
      created.add(params.getToken().getLeft());
      notifyAll();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams params) {
    synchronized (this) {
      progress.add(params);
      if (params.getValue().isLeft() && params.getValue().getLeft() instanceof WorkDoneProgressEnd) {
        ended.add(params.getToken().getLeft());
      }
      notifyAll();
    }
  }

  @Override
  public CompletableFuture<Void> registerCapability(RegistrationParams params) {
    synchronized (this) {
      registrations.add(params);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {}

  @Override
  public void showMessage(MessageParams messageParams) {
    logMessage(messageParams);
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
    return CompletableFuture.completedFuture(null);
  }

  /** Every window/logMessage and window/showMessage received so far, in order. */
  public synchronized List<MessageParams> messages() {
    return new ArrayList<>(logs);
  }

  @Override
  public synchronized void logMessage(MessageParams message) {
    logs.add(message);
  }

  /**
   * The client's output: LSP4J's writes are buffered per message and written on flush under a lock that
   * raw writes take too, so a raw message never lands inside one of LSP4J's.
   */
  private static final class AtomicOutput extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    AtomicOutput(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      synchronized (pending) {
        pending.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (pending) {
        pending.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      byte[] bytes;
      synchronized (pending) {
        bytes = pending.toByteArray();
        pending.reset();
      }
      writeAtomically(bytes);
    }

    synchronized void writeAtomically(byte[]... parts) throws IOException {
      for (byte[] p : parts) {
        target.write(p);
      }
      target.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
