package dev.vcr.lsp.eval;

import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.SessionLauncher;
import dev.vcr.lsp.server.VcrServer;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Answers the accuracy kit's queries through Vcr's LSP server, exactly as an editor would: an in-process
 * {@link VcrServer} session over piped streams, driven by an LSP4J client. Locations come back as file
 * URIs and are turned into workspace-relative paths, as the kit expects.
 */
final class LspEvalClient implements AutoCloseable {
  private static final long TIMEOUT_S = 120;

  private final Path root;
  private final VcrServer server;
  private final LanguageServer remote;
  private final Thread serverThread;
  private final CountDownLatch indexed = new CountDownLatch(1);
  private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();

  LspEvalClient(Path root, Path indexDir) throws Exception {
    this.root = root.toRealPath();
    server = new VcrServer(new ServerOptions(indexDir, Runtime.getRuntime().availableProcessors(),
        ServerOptions.defaults().maxFileBytes()));
    PipedInputStream toServer = new PipedInputStream(1 << 16);
    PipedInputStream toClient = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(toClient);
    PipedOutputStream clientOut = new PipedOutputStream(toServer);
    var session = server.newSession();
    serverThread = new Thread(() -> {
      try {
        SessionLauncher.run(session, toServer, serverOut);
      } catch (Exception e) {
        // the session ends when the streams close
      }
    }, "vcr-eval-server");
    serverThread.setDaemon(true);
    serverThread.start();
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), toClient, clientOut);
    launcher.startListening();
    remote = launcher.getRemoteProxy();

    InitializeParams init = new InitializeParams();
    init.setProcessId((int) ProcessHandle.current().pid());
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(this.root.toUri().toString(), "root")));
    ClientCapabilities caps = new ClientCapabilities();
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    caps.setWindow(window);
    GeneralClientCapabilities general = new GeneralClientCapabilities();
    general.setPositionEncodings(List.of("utf-16"));
    caps.setGeneral(general);
    init.setCapabilities(caps);
    remote.initialize(init).get(TIMEOUT_S, TimeUnit.SECONDS);
    remote.initialized(new InitializedParams());
    if (!indexed.await(600, TimeUnit.SECONDS)) {
      throw new IOException("indexing did not finish");
    }
  }

  private final class Client implements LanguageClient {
    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      tokens.put(params.getToken().isLeft() ? params.getToken().getLeft() : String.valueOf(params.getToken().getRight()), true);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {
      if (params.getValue().isLeft() && params.getValue().getLeft() instanceof WorkDoneProgressEnd) {
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

  /** A location in the kit's terms: workspace-relative path and a range (UTF-16). */
  record Loc(String path, Range range) {}

  private TextDocumentIdentifier doc(String path) {
    return new TextDocumentIdentifier(root.resolve(path).toUri().toString());
  }

  private Loc loc(String uri, Range range) {
    Path p = Path.of(URI.create(uri));
    String rel = p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : uri;
    return new Loc(rel, range);
  }

  List<Loc> answer(EvalQuery q) throws Exception {
    List<Loc> out = new ArrayList<>();
    Position pos = new Position(q.line(), q.character());
    switch (q.kind()) {
      case "references": {
        ReferenceParams p = new ReferenceParams(doc(q.path()), pos, new ReferenceContext(q.includeDeclaration()));
        List<? extends Location> ls = remote.getTextDocumentService().references(p).get(TIMEOUT_S, TimeUnit.SECONDS);
        if (ls != null) {
          ls.forEach(l -> out.add(loc(l.getUri(), l.getRange())));
        }
        return out;
      }
      case "definition": {
        Either<List<? extends Location>, List<? extends LocationLink>> r = remote.getTextDocumentService()
            .definition(new DefinitionParams(doc(q.path()), pos)).get(TIMEOUT_S, TimeUnit.SECONDS);
        if (r != null && r.isLeft()) {
          r.getLeft().forEach(l -> out.add(loc(l.getUri(), l.getRange())));
        } else if (r != null) {
          r.getRight().forEach(l -> out.add(loc(l.getTargetUri(), l.getTargetSelectionRange())));
        }
        return out;
      }
      case "incomingCalls":
      case "outgoingCalls": {
        List<CallHierarchyItem> items = remote.getTextDocumentService()
            .prepareCallHierarchy(new CallHierarchyPrepareParams(doc(q.path()), pos)).get(TIMEOUT_S, TimeUnit.SECONDS);
        if (items == null) {
          return out;
        }
        for (CallHierarchyItem item : items) {
          if (q.kind().equals("incomingCalls")) {
            List<CallHierarchyIncomingCall> calls = remote.getTextDocumentService()
                .callHierarchyIncomingCalls(new CallHierarchyIncomingCallsParams(item)).get(TIMEOUT_S, TimeUnit.SECONDS);
            if (calls != null) {
              calls.forEach(c -> out.add(loc(c.getFrom().getUri(), c.getFrom().getSelectionRange())));
            }
          } else {
            List<CallHierarchyOutgoingCall> calls = remote.getTextDocumentService()
                .callHierarchyOutgoingCalls(new CallHierarchyOutgoingCallsParams(item)).get(TIMEOUT_S, TimeUnit.SECONDS);
            if (calls != null) {
              calls.forEach(c -> out.add(loc(c.getTo().getUri(), c.getTo().getSelectionRange())));
            }
          }
        }
        return out;
      }
      case "workspaceSymbol": {
        var r = remote.getWorkspaceService().symbol(new WorkspaceSymbolParams(q.query())).get(TIMEOUT_S, TimeUnit.SECONDS);
        if (r != null && r.isRight()) {
          for (WorkspaceSymbol s : r.getRight()) {
            if (s.getLocation().isLeft()) {
              out.add(loc(s.getLocation().getLeft().getUri(), s.getLocation().getLeft().getRange()));
            }
          }
        } else if (r != null) {
          r.getLeft().forEach(s -> out.add(loc(s.getLocation().getUri(), s.getLocation().getRange())));
        }
        return out;
      }
      default:
        return out;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      remote.shutdown().get(10, TimeUnit.SECONDS);
      remote.exit();
    } finally {
      server.close();
    }
  }
}
