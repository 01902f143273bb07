package dev.vcr.lsp.daemon;

import java.io.InputStream;
import java.io.OutputStream;

/** What the daemon serves: one shared server that runs any number of LSP sessions, each over two streams. */
public interface SessionHost extends AutoCloseable {
  /** Runs one session over the streams; returns when the editor exits or the connection ends. */
  void serve(InputStream in, OutputStream out) throws Exception;

  /** Sessions currently open in the server. */
  int sessionCount();

  /**
   * Answers one command-line query ({@code VCR-QUERY}, see {@link Daemon}) about the workspace of
   * {@code roots}; the request and the answer are JSON. Hosts that serve no queries keep this default.
   */
  default com.google.gson.JsonElement query(java.util.List<java.nio.file.Path> roots, com.google.gson.JsonObject request)
      throws Exception {
    throw new UnsupportedOperationException("this daemon answers no command-line queries");
  }

  /**
   * Listens for the workspaces the host opens and closes, by their roots: a session whose workspace folders
   * change opens another set of roots in this process. Hosts with no index keep this default.
   */
  default void onWorkspaces(java.util.function.Consumer<java.util.List<java.nio.file.Path>> opened,
      java.util.function.Consumer<java.util.List<java.nio.file.Path>> closed) {
  }

  @Override
  void close();
}
