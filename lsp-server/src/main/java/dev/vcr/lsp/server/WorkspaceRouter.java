package dev.vcr.lsp.server;

import dev.vcr.lsp.features.SymbolsHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.WorkspaceService;

/** {@code workspace/*}: routes each method to the session and a handler. */
final class WorkspaceRouter implements WorkspaceService {
  private static final Logger LOG = Logger.getLogger(WorkspaceRouter.class.getName());

  private final VcrSession session;

  WorkspaceRouter(VcrSession session) {
    this.session = session;
  }

  @Override
  public CompletableFuture<Either<List<? extends SymbolInformation>, List<? extends WorkspaceSymbol>>> symbol(WorkspaceSymbolParams params) {
    return session.query("workspace/symbol", true, ctx -> Either.forRight(SymbolsHandler.workspace(ctx, params)));
  }

  /**
   * Vcr reads its settings from {@code initializationOptions} only; a configuration change (eglot sends
   * {@code {}} right after {@code initialized}) is accepted and changes nothing.
   */
  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    LOG.fine(() -> "didChangeConfiguration accepted (settings are read at initialize): "
        + (params == null ? null : params.getSettings()));
  }

  /**
   * Folders added or removed: the session switches to the index of its new roots (see {@link VcrSession}).
   * A notification without an event changes nothing.
   */
  @Override
  public void didChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams params) {
    if (session.acceptsNotifications() && params != null && params.getEvent() != null) {
      session.foldersChanged(params.getEvent());
    }
  }

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    if (session.acceptsNotifications() && params != null && params.getChanges() != null) {
      session.filesChanged(params.getChanges());
    }
  }
}
