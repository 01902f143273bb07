package dev.vcr.lsp.daemon;

import java.io.InputStream;
import java.io.OutputStream;

/** What the daemon serves: one shared server that runs any number of LSP sessions, each over two streams. */
public interface SessionHost extends AutoCloseable {
  /** Runs one session over the streams; returns when the editor exits or the connection ends. */
  void serve(InputStream in, OutputStream out) throws Exception;

  /** Sessions currently open in the server. */
  int sessionCount();

  @Override
  void close();
}
