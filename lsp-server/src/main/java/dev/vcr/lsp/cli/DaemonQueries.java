package dev.vcr.lsp.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.ToNumberPolicy;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.lsp.daemon.Daemon;
import dev.vcr.lsp.daemon.RuntimeDir;
import dev.vcr.lsp.server.VcrServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Query commands through the workspace's daemon, when it holds the index (so this process cannot open
 * it). The request is one line of JSON over the daemon's socket ({@code VCR-QUERY}, see {@link Daemon});
 * the daemon answers with {@link Answers} over its own open index, after bringing it up to date, so the
 * answer is the same as a local one, in the same shape.
 */
final class DaemonQueries {
  private static final Logger LOG = Logger.getLogger(DaemonQueries.class.getName());
  /** Numbers come back as longs where they are whole, so stats print as they do locally. */
  private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

  private DaemonQueries() {}

  static JsonObject request(String command, String name, int limit) {
    JsonObject r = new JsonObject();
    r.addProperty("command", command);
    if (name != null) {
      r.addProperty("name", name);
    }
    r.addProperty("limit", limit);
    return r;
  }

  /** In the daemon: answers a request over the shared index of {@code roots}. */
  static JsonElement answer(VcrServer server, List<Path> roots, JsonObject request) throws Exception {
    String command = request.get("command").getAsString();
    if (GraphAnswers.COMMANDS.contains(command)) {
      return GSON.toJsonTree(server.withIndex(roots, index -> GraphAnswers.answer(index.graph(), request)));
    }
    if (!command.equals("stats") && !Answers.COMMANDS.contains(command)) {
      throw new IllegalArgumentException("unknown query command '" + command + "'");
    }
    String name = request.has("name") ? request.get("name").getAsString() : null;
    int limit = request.has("limit") ? request.get("limit").getAsInt() : 50;
    if (name == null && !command.equals("stats")) {
      throw new IllegalArgumentException(command + " needs a name");
    }
    Object result = server.withIndex(roots, index -> command.equals("stats")
        ? index.stats() : Answers.answer(index.navigator(), command, name, limit));
    return GSON.toJsonTree(result);
  }

  /**
   * In the command line, after {@code locked}: the daemon's answer as plain Java values (lists, maps,
   * strings, longs), or empty when no daemon serves the workspace. A daemon that answers with an error
   * throws {@link Daemon.QueryFailedException}; one that does not answer at all leaves the lock error.
   */
  static Optional<Object> ask(Cli cli, QueryCommands.Target t, JsonObject request, IndexLockedException locked)
      throws IOException {
    Path location = cli.runtimeDir != null ? cli.runtimeDir : RuntimeDir.defaultLocation();
    if (!Files.isDirectory(location)) {
      return Optional.empty();
    }
    Path socket = RuntimeDir.open(location).files(t.workspace().indexName()).socket();
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    try {
      JsonElement answer = Daemon.query(socket, request);
      LOG.fine(() -> "answered by the daemon on " + socket + " (" + locked.getMessage() + ")");
      return Optional.of(GSON.fromJson(answer, Object.class));
    } catch (Daemon.QueryFailedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      cli.err.println("vcr: the daemon on " + socket + " did not answer (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }
}
