package dev.vcr.lsp.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Binds a session to a pair of streams (stdio, a socket, or pipes in tests): builds the LSP4J launcher
 * with the server's connection pool, connects the session to the client proxy, and blocks until the
 * stream ends or the client sent {@code exit}; then ends the session.
 */
public final class SessionLauncher {
  private static final Logger LOG = Logger.getLogger(SessionLauncher.class.getName());

  private SessionLauncher() {}

  public static void run(VcrSession s, InputStream in, OutputStream out) throws Exception {
    Launcher<LanguageClient> launcher = new VcrLauncherBuilder()
        .setLocalService(s)
        .setRemoteInterface(LanguageClient.class)
        .setInput(in)
        .setOutput(out)
        .setExecutorService(s.server().connectionPool())
        .create();
    s.connect(launcher.getRemoteProxy());
    Future<Void> listening = launcher.startListening();
    // exit: stop reading (closes the input), which ends the wait below.
    s.exited().thenRun(() -> listening.cancel(true));
    try {
      listening.get();
    } catch (CancellationException e) {
      // exit
    } catch (ExecutionException e) {
      LOG.fine(() -> "connection ended: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    } finally {
      s.connectionClosed();
    }
  }
}
