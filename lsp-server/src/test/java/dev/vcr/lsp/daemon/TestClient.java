package dev.vcr.lsp.daemon;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/** A minimal editor for the tests: LSP4J's client launcher over two streams, recording what it is sent. */
final class TestClient implements LanguageClient, AutoCloseable {
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<ProgressParams> progress = new CopyOnWriteArrayList<>();
  final VcrServerApi server;
  private final Future<Void> listening;
  private final OutputStream toServer;
  private final Launcher<VcrServerApi> launcher;

  TestClient(InputStream fromServer, OutputStream toServer) {
    this.toServer = toServer;
    launcher = new LSPLauncher.Builder<VcrServerApi>()
        .setLocalService(this)
        .setRemoteInterface(VcrServerApi.class)
        .setInput(fromServer)
        .setOutput(toServer)
        .create();
    listening = launcher.startListening();
    server = launcher.getRemoteProxy();
  }

  /** The server as this client sees it: LSP plus Vcr's own requests. */
  interface VcrServerApi extends LanguageServer {
    /** Declared so that LSP4J knows the result type; for undeclared methods its client yields null. */
    @JsonRequest("vcr/stats")
    CompletableFuture<JsonObject> stats();
  }

  JsonObject stats() throws Exception {
    return server.stats().get(30, TimeUnit.SECONDS);
  }

  InitializeResult initialize(Path root) throws Exception {
    return initialize(List.of(root));
  }

  /** initialize with these workspace folders (rootUri: the first), then initialized. */
  InitializeResult initialize(List<Path> roots) throws Exception {
    return initialize(roots, 30);
  }

  /** As {@link #initialize(List)}, waiting at most {@code seconds} for the answer. */
  InitializeResult initialize(List<Path> roots, long seconds) throws Exception {
    Path root = roots.get(0);
    InitializeParams p = new InitializeParams();
    p.setProcessId((int) ProcessHandle.current().pid());
    p.setWorkspaceFolders(roots.stream().map(r -> new WorkspaceFolder(r.toUri().toString(), r.getFileName().toString())).toList());
    p.setRootUri(root.toUri().toString());
    ClientCapabilities caps = new ClientCapabilities();
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    caps.setWindow(window);
    p.setCapabilities(caps);
    InitializeResult r = server.initialize(p).get(seconds, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    return r;
  }

  void shutdownAndExit() throws Exception {
    server.shutdown().get(30, TimeUnit.SECONDS);
    server.exit();
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {}

  @Override
  public void showMessage(MessageParams messageParams) {
    log.add("show: " + messageParams.getMessage());
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void logMessage(MessageParams message) {
    log.add(message.getMessage());
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams params) {
    progress.add(params);
  }

  @Override
  public void close() {
    listening.cancel(true);
    try {
      toServer.close();
    } catch (IOException ignored) {
      // gone already
    }
  }
}
