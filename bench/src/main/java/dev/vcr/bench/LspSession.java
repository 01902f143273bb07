package dev.vcr.bench;

import dev.vcr.lsp.daemon.ChannelStreams;
import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.SessionLauncher;
import dev.vcr.lsp.server.VcrServer;
import dev.vcr.lsp.server.VcrSession;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A Vcr LSP session driven the way an editor drives it: an LSP4J client launcher (UTF-16 positions,
 * work-done progress, hierarchical document symbols) talking either to a {@link VcrServer} session in this
 * process over piped streams, or to a daemon process over its Unix-domain socket, as {@code vcr lsp}
 * forwards an editor ({@link #connect}). {@link #open} returns once the session's initial indexing progress
 * has ended.
 */
final class LspSession implements AutoCloseable {
  static final long TIMEOUT_S = 300;

  /** In process: the server, whether this session owns it, and the session; all null over a socket. */
  private final VcrServer server;
  private final boolean ownsServer;
  private final VcrSession session;
  /** What the client reads: the pipe from the server, or the socket. */
  private final java.io.Closeable toClient;
  private final Future<Void> listening;
  /** Closed after this session's transport (a daemon process started for it), or null. */
  private AutoCloseable owned;
  private final LanguageServer remote;
  private final CountDownLatch indexed = new CountDownLatch(1);
  private volatile String indexEndMessage = "";
  /** Nanoseconds from sending {@code initialize} to the end of the initial indexing progress. */
  private long readyNanos;

  private LspSession(VcrServer server, boolean ownsServer) throws IOException {
    this.server = server;
    this.ownsServer = ownsServer;
    PipedInputStream toServer = new PipedInputStream(1 << 20);
    PipedInputStream fromServer = new PipedInputStream(1 << 20);
    toClient = fromServer;
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    PipedOutputStream clientOut = new PipedOutputStream(toServer);
    session = server.newSession();
    Thread serverThread = new Thread(() -> {
      try {
        SessionLauncher.run(session, toServer, serverOut);
      } catch (Exception e) {
        // the session ends when the streams close
      }
    }, "vcr-bench-server");
    serverThread.setDaemon(true);
    serverThread.start();
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), fromServer, clientOut);
    listening = launcher.startListening();
    remote = launcher.getRemoteProxy();
  }

  private LspSession(SocketChannel channel) {
    this.server = null;
    this.ownsServer = false;
    this.session = null;
    toClient = channel;
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), ChannelStreams.in(channel),
        ChannelStreams.out(channel));
    listening = launcher.startListening();
    remote = launcher.getRemoteProxy();
  }

  /**
   * A new session on the daemon listening at {@code socket} (see {@link DaemonProcess}), opening {@code root}
   * as its workspace; with {@code awaitIndexed}, returns once the initial indexing progress has ended.
   */
  static LspSession connect(Path socket, Path root, boolean awaitIndexed) throws Exception {
    // The socket file appears when the daemon binds it, a moment before it listens: a connection in
    // between is refused. Retried for a few seconds, as the forwarder of `vcr lsp` retries.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    SocketChannel channel;
    while (true) {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        break;
      } catch (IOException e) {
        channel.close();
        if (!(e instanceof java.net.ConnectException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
    return open(new LspSession(channel), root, awaitIndexed);
  }

  /**
   * Opens {@code root} as the workspace on a server of its own (index under {@code indexBase}) and waits for
   * indexing to end; {@link #close()} closes that server too.
   */
  static LspSession open(Path root, Path indexBase) throws Exception {
    VcrServer server = new VcrServer(new ServerOptions(indexBase, Runtime.getRuntime().availableProcessors(),
        ServerOptions.defaults().maxFileBytes()));
    return open(new LspSession(server, true), root);
  }

  /** A new session on a shared server (as the daemon serves several); {@link #close()} leaves it running. */
  static LspSession open(VcrServer server, Path root) throws Exception {
    return open(new LspSession(server, false), root);
  }

  /** A new session on a shared server, initialized but not waiting for any indexing to end. */
  static LspSession start(VcrServer server, Path root) throws Exception {
    return open(new LspSession(server, false), root, false);
  }

  private static LspSession open(LspSession s, Path root) throws Exception {
    return open(s, root, true);
  }

  private static LspSession open(LspSession s, Path root, boolean awaitIndexed) throws Exception {
    InitializeParams init = new InitializeParams();
    init.setProcessId((int) ProcessHandle.current().pid());
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "java.base")));
    ClientCapabilities caps = new ClientCapabilities();
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    caps.setWindow(window);
    GeneralClientCapabilities general = new GeneralClientCapabilities();
    general.setPositionEncodings(List.of("utf-16"));
    caps.setGeneral(general);
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    DocumentSymbolCapabilities ds = new DocumentSymbolCapabilities();
    ds.setHierarchicalDocumentSymbolSupport(true);
    td.setDocumentSymbol(ds);
    caps.setTextDocument(td);
    init.setCapabilities(caps);
    long t0 = System.nanoTime();
    try {
      s.remote.initialize(init).get(TIMEOUT_S, TimeUnit.SECONDS);
      s.remote.initialized(new InitializedParams());
      if (awaitIndexed && !s.indexed.await(1800, TimeUnit.SECONDS)) {
        throw new IOException("indexing did not finish in 30 minutes");
      }
    } catch (Exception e) {
      s.closeTransport();
      throw e;
    }
    s.readyNanos = System.nanoTime() - t0;
    return s;
  }

  /** Closes {@code c} (the daemon process this session was started on) when this session closes. */
  LspSession closing(AutoCloseable c) {
    owned = c;
    return this;
  }

  LanguageServer remote() {
    return remote;
  }

  /** Whether this session has seen an indexing progress end. */
  boolean indexed() {
    return indexed.getCount() == 0;
  }

  long readyNanos() {
    return readyNanos;
  }

  String indexEndMessage() {
    return indexEndMessage;
  }

  private final class Client implements LanguageClient {
    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {
      if (params.getValue().isLeft() && params.getValue().getLeft() instanceof WorkDoneProgressEnd end) {
        if (indexed.getCount() > 0) {
          indexEndMessage = end.getMessage() == null ? "" : end.getMessage();
        }
        indexed.countDown();
      }
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {}

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {}
  }

  /**
   * shutdown and exit, then waits for the session to have ended (its index released; over a socket, for the
   * daemon to close the connection), ends this client's reader (which would otherwise keep its pipes alive)
   * and closes the server if it is this session's own.
   */
  @Override
  public void close() throws Exception {
    try {
      remote.shutdown().get(30, TimeUnit.SECONDS);
      remote.exit();
      if (session != null) {
        session.exited().get(60, TimeUnit.SECONDS);
      } else {
        try {
          listening.get(60, TimeUnit.SECONDS); // the daemon closes the connection when the session has ended
        } catch (java.util.concurrent.ExecutionException e) {
          // the connection closed: the session is over either way
        }
      }
    } finally {
      closeTransport();
    }
  }

  private void closeTransport() throws Exception {
    listening.cancel(true);
    toClient.close();
    if (ownsServer) {
      server.close();
    }
    if (owned != null) {
      owned.close();
    }
  }
}
