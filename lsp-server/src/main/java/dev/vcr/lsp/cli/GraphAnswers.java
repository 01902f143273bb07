package dev.vcr.lsp.cli;

import com.google.gson.JsonObject;
import dev.vcr.kernel.graph.CodeGraph;
import dev.vcr.kernel.graph.GraphResults;
import dev.vcr.kernel.index.Hits.DefHit;
import java.util.List;
import java.util.Map;

/**
 * The answers of the graph commands ({@code impact paths cycles hotspots clusters context detail} and
 * {@code stats --graph}), computed from one JSON request so that a local run and the daemon
 * ({@link DaemonQueries}) answer alike. Answers are the kernel's records; a symbol that names nothing is
 * {@link NotFound}.
 */
final class GraphAnswers {
  /** The graph commands, as sent to the daemon. */
  static final List<String> COMMANDS =
      List.of("impact", "paths", "cycles", "hotspots", "clusters", "context", "detail", "graph-stats");

  /** The answer's type, to read a daemon's JSON back. */
  static final Map<String, Class<?>> TYPES = Map.of(
      "impact", GraphResults.ImpactResult.class,
      "paths", GraphResults.PathsResult.class,
      "cycles", GraphResults.CyclesResult.class,
      "hotspots", GraphResults.HotspotsResult.class,
      "clusters", GraphResults.ClustersResult.class,
      "context", GraphResults.ContextResult.class,
      "detail", GraphResults.Detail[].class,
      "graph-stats", GraphResults.StatsResult.class);

  /** A symbol spec that names no declaration. */
  record NotFound(String notFound) {}

  private GraphAnswers() {}

  static JsonObject request(String command) {
    JsonObject r = new JsonObject();
    r.addProperty("command", command);
    return r;
  }

  static Object answer(CodeGraph g, JsonObject r) {
    String command = r.get("command").getAsString();
    switch (command) {
      case "impact": {
        List<DefHit> roots = g.find(str(r, "symbol"));
        return roots.isEmpty() ? new NotFound(str(r, "symbol"))
            : g.impact(roots, num(r, "depth", 3), num(r, "limit", 200), num(r, "offset", 0),
                r.has("exactOnly") && r.get("exactOnly").getAsBoolean());
      }
      case "paths": {
        List<DefHit> from = g.find(str(r, "from"));
        List<DefHit> to = g.find(str(r, "to"));
        if (from.isEmpty() || to.isEmpty()) {
          return new NotFound(from.isEmpty() ? str(r, "from") : str(r, "to"));
        }
        return g.paths(from, to, num(r, "k", 3), num(r, "maxLength", 8), num(r, "limit", 5_000), num(r, "offset", 0));
      }
      case "cycles":
        return g.cycles(r.has("graph") ? str(r, "graph") : "files", num(r, "limit", 20), num(r, "offset", 0),
            r.has("file") ? str(r, "file") : null);
      case "hotspots": {
        boolean git = r.has("git") && r.get("git").getAsBoolean();
        return g.hotspots(num(r, "limit", 20), num(r, "offset", 0), git ? Math.max(1, num(r, "gitCommits", 1_000)) : 0);
      }
      case "clusters":
        return g.clusters(num(r, "limit", 20), num(r, "offset", 0));
      case "context": {
        List<DefHit> focus = g.find(str(r, "symbol"));
        return focus.isEmpty() ? new NotFound(str(r, "symbol")) : g.context(focus.get(0), num(r, "budget", 2_000));
      }
      case "detail": {
        List<DefHit> found = g.find(str(r, "symbol"));
        return found.isEmpty() ? new NotFound(str(r, "symbol")) : found.stream().map(g::detail).toArray(GraphResults.Detail[]::new);
      }
      case "graph-stats":
        return g.stats();
      default:
        throw new IllegalArgumentException("not a graph command: " + command);
    }
  }

  private static String str(JsonObject r, String key) {
    if (!r.has(key) || r.get(key).isJsonNull()) {
      throw new IllegalArgumentException(r.get("command").getAsString() + " needs " + key);
    }
    return r.get(key).getAsString();
  }

  private static int num(JsonObject r, String key, int dflt) {
    return r.has(key) ? r.get(key).getAsInt() : dflt;
  }
}
