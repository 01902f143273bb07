package dev.vcr.lsp.server;

import dev.vcr.kernel.scan.ScanOptions;
import dev.vcr.lsp.testing.Fixtures;
import dev.vcr.lsp.testing.LspTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A server with its own temporary index directory, fixture copies, and clients closed after each test. */
abstract class ServerTestSupport {
  @TempDir
  Path temp;

  VcrServer server;
  final List<LspTestClient> clients = new ArrayList<>();

  VcrServer server() throws IOException {
    if (server == null) {
      Path index = Files.createDirectories(temp.resolve("index"));
      server = new VcrServer(new ServerOptions(index, 2, ScanOptions.DEFAULT_MAX_FILE_BYTES));
    }
    return server;
  }

  Path fixture(String name) throws IOException {
    return Fixtures.copy(name, Files.createDirectories(temp.resolve("ws")));
  }

  LspTestClient client() throws IOException {
    LspTestClient c = LspTestClient.connect(server().newSession());
    clients.add(c);
    return c;
  }

  /** A client initialized on {@code roots}, with the initial index done. */
  LspTestClient indexed(Path... roots) throws Exception {
    LspTestClient c = client();
    c.initialize(roots);
    c.awaitIndexed();
    return c;
  }

  @AfterEach
  void closeAll() {
    for (LspTestClient c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
