package dev.vcr.lsp.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.graph.GraphResults;
import dev.vcr.kernel.graph.Pictures;
import dev.vcr.kernel.index.IndexLockedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The graph commands ({@code impact paths cycles hotspots clusters context detail}, and {@code stats
 * --graph}): like the other query commands they find the workspace, bring its index up to date (or ask
 * the daemon that holds it) and print the answer ({@link GraphAnswers}) as JSON or text; impact, paths
 * and cycles also draw it ({@code --format dot|mermaid|svg}).
 */
final class GraphCommands {
  private static final Gson GSON = new Gson();
  private static final String OFFSET = "Skip the first N: a previous answer's cursor (default: 0).";

  private GraphCommands() {}

  /** Answers {@code request} for {@code cmd}'s workspace and prints it; {@code format} null: no picture. */
  static int run(QueryCommands.Base cmd, JsonObject request, String format) throws Exception {
    cmd.indexing.validate();
    QueryCommands.Target t = cmd.target();
    String command = request.get("command").getAsString();
    if (request.has("file")) {
      // A file on disk (relative to the current directory, or absolute) is named by its index key.
      java.nio.file.Path file = java.nio.file.Path.of(request.get("file").getAsString());
      if (java.nio.file.Files.exists(file)) {
        t.workspace().keyOf(file).ifPresent(key -> request.addProperty("file", key));
      }
    }
    Object answer;
    try (WorkspaceIndex index = cmd.open(t)) {
      answer = GraphAnswers.answer(index.graph(), request);
    } catch (IndexLockedException locked) {
      Object raw = DaemonQueries.ask(cmd.cli, t, request, locked).orElseThrow(() -> locked);
      answer = raw instanceof Map<?, ?> m && m.containsKey("notFound")
          ? new GraphAnswers.NotFound(String.valueOf(m.get("notFound")))
          : GSON.fromJson(GSON.toJsonTree(raw), GraphAnswers.TYPES.get(command));
    }
    if (answer instanceof GraphAnswers.NotFound nf) {
      cmd.cli.err.println("vcr: no declaration found for '" + nf.notFound() + "' in " + t.workspace().roots().get(0));
      return Cli.OK;
    }
    if (cmd.json) {
      cmd.printJson(answer);
    } else if (format == null || format.equals("text")) {
      new GraphPrinter(cmd.cli.out).print(answer);
    } else {
      String dot = picture(answer, format.equals("svg") ? "dot" : format);
      if (!format.equals("svg")) {
        cmd.cli.out.print(dot);
      } else {
        return svg(cmd.cli, dot);
      }
    }
    return Cli.OK;
  }

  private static String picture(Object answer, String format) {
    if (answer instanceof GraphResults.ImpactResult r) {
      return Pictures.impact(r, format);
    }
    if (answer instanceof GraphResults.PathsResult r) {
      return Pictures.paths(r, format);
    }
    return Pictures.cycles((GraphResults.CyclesResult) answer, format);
  }

  /** SVG through Graphviz's {@code dot}, when it is installed. */
  private static int svg(Cli cli, String dot) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("dot", "-Tsvg").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      cli.err.println("vcr: --format svg needs Graphviz's dot command, which was not found on the PATH; install "
          + "graphviz (e.g. apt-get install graphviz), or print the graph with --format dot or --format mermaid");
      return Cli.IO;
    }
    p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    try (InputStream in = p.getInputStream()) {
      cli.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    if (p.waitFor() != 0) {
      cli.err.println("vcr: dot -Tsvg failed with exit code " + p.exitValue());
      return Cli.IO;
    }
    return Cli.OK;
  }

  /** A command whose answer can be drawn. */
  abstract static class Drawable extends QueryCommands.Base {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default), dot, mermaid, or svg (through Graphviz's dot, if installed).")
    String format;

    Drawable(Cli cli) {
      super(cli);
    }

    abstract JsonObject request();

    @Override
    public Integer call() throws Exception {
      if (!java.util.List.of("text", "dot", "mermaid", "svg").contains(format)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--format must be text, dot, mermaid or svg, not '" + format + "'");
      }
      return run(this, request(), format);
    }
  }

  @Command(name = "impact", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "What uses SYMBOL, transitively, by hop.",
      description = "Callers and users of SYMBOL, then theirs, up to --depth hops, with the edges' confidence "
          + "(exact, inferred, name). SYMBOL is a name, a qualified name, or path:line[:col].",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr impact Greeter.greet", "  vcr impact app/Greeter.java:8 --depth 5 --exact-only",
          "  vcr impact format --format dot | dot -Tpng > impact.png"})
  static final class Impact extends Drawable {
    @Parameters(index = "0", paramLabel = "SYMBOL") String symbol;
    @Option(names = "--depth", paramLabel = "N", defaultValue = "3", description = "At most N hops (default: 3).") int depth;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "At most N symbols (default: 200).") int limit;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
        description = OFFSET) int offset;
    @Option(names = "--exact-only", description = "Follow only edges the language's resolver decided.") boolean exactOnly;

    Impact(Cli cli) {
      super(cli);
    }

    @Override
    JsonObject request() {
      JsonObject r = GraphAnswers.request("impact");
      r.addProperty("symbol", symbol);
      r.addProperty("depth", depth);
      r.addProperty("limit", limit);
      r.addProperty("offset", offset);
      r.addProperty("exactOnly", exactOnly);
      return r;
    }
  }

  @Command(name = "paths", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "The shortest call paths from FROM to TO.",
      description = "Up to --k shortest call paths of at most --max-length calls.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr paths main format", "  vcr paths app.Main.main Greeter.format --k 5 --format mermaid"})
  static final class Paths extends Drawable {
    @Parameters(index = "0", paramLabel = "FROM") String from;
    @Parameters(index = "1", paramLabel = "TO") String to;
    @Option(names = "--k", paramLabel = "N", defaultValue = "3", description = "At most N paths (default: 3).") int k;
    @Option(names = "--max-length", paramLabel = "N", defaultValue = "8", description = "At most N calls (default: 8).") int maxLength;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = OFFSET) int offset;

    Paths(Cli cli) {
      super(cli);
    }

    @Override
    JsonObject request() {
      JsonObject r = GraphAnswers.request("paths");
      r.addProperty("from", from);
      r.addProperty("to", to);
      r.addProperty("k", k);
      r.addProperty("maxLength", maxLength);
      r.addProperty("offset", offset);
      return r;
    }
  }

  @Command(name = "cycles", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Dependency cycles between files, or between functions.",
      description = "Strongly connected components of the file graph (imports, includes, cross-file "
          + "references) or of the call graph, biggest first, with the edges that close them.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr cycles", "  vcr cycles --graph calls --limit 5", "  vcr cycles --format svg > cycles.svg"})
  static final class Cycles extends Drawable {
    @Option(names = "--graph", paramLabel = "GRAPH", defaultValue = "files", description = "files (default) or calls.") String graph;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N cycles (default: 20).") int limit;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = OFFSET) int offset;
    @Option(names = "--file", paramLabel = "FILE",
        description = "Only the cycles that hold FILE (a path on disk, or as the answers print it).") String file;

    Cycles(Cli cli) {
      super(cli);
    }

    @Override
    JsonObject request() {
      if (!graph.equals("files") && !graph.equals("calls")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--graph must be files or calls, not '" + graph + "'");
      }
      JsonObject r = GraphAnswers.request("cycles");
      r.addProperty("graph", graph);
      r.addProperty("limit", limit);
      r.addProperty("offset", offset);
      if (file != null) {
        r.addProperty("file", file);
      }
      return r;
    }
  }

  /** A command with a page of a ranked list. */
  abstract static class Limited extends QueryCommands.Base {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N per list (default: 20).") int limit;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = OFFSET) int offset;

    Limited(Cli cli) {
      super(cli);
    }

    /** Adds the command's own options to the request. */
    void options(JsonObject r) {}

    @Override
    public Integer call() throws Exception {
      JsonObject r = GraphAnswers.request(spec.name());
      r.addProperty("limit", limit);
      r.addProperty("offset", offset);
      options(r);
      return run(this, r, null);
    }
  }

  @Command(name = "hotspots", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Symbols and files ranked by fan-in × fan-out, then size.",
      description = "With --git, weighted by how often their files changed: the score is multiplied by 1 + the "
          + "number of the last --git-commits commits that touched the file (git log, in each workspace root).",
      footerHeading = "%nExamples:%n", footer = {"  vcr hotspots --limit 10", "  vcr hotspots --git --git-commits 500",
          "  vcr hotspots --json | jq '.files[0]'"})
  static final class Hotspots extends Limited {
    @Option(names = "--git", description = "Weight by change frequency from git log.") boolean git;
    @Option(names = "--git-commits", paramLabel = "N", defaultValue = "1000",
        description = "With --git: read the last N commits (default: 1000).") int gitCommits;

    Hotspots(Cli cli) {
      super(cli);
    }

    @Override
    void options(JsonObject r) {
      r.addProperty("git", git);
      r.addProperty("gitCommits", gitCommits);
    }
  }

  @Command(name = "clusters", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Groups of files that depend on each other (label propagation).",
      footerHeading = "%nExamples:%n", footer = {"  vcr clusters", "  vcr clusters --json | jq '.links'"})
  static final class Clusters extends Limited {
    Clusters(Cli cli) {
      super(cli);
    }
  }

  @Command(name = "context", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "What to read to change SYMBOL, within a token budget.",
      description = "The symbol's text, its callers, callees, the types it uses and its tests, ranked and "
          + "trimmed to --budget tokens (estimated as characters / 4).",
      footerHeading = "%nExamples:%n", footer = {"  vcr context Greeter.greet --budget 1500",
          "  vcr context app/Greeter.java:8 --json | jq -r '.items[].text'"})
  static final class Context extends QueryCommands.Base {
    @Parameters(index = "0", paramLabel = "SYMBOL") String symbol;
    @Option(names = "--budget", paramLabel = "TOKENS", defaultValue = "2000", description = "Token budget (default: 2000).") int budget;

    Context(Cli cli) {
      super(cli);
    }

    @Override
    public Integer call() throws Exception {
      JsonObject r = GraphAnswers.request("context");
      r.addProperty("symbol", symbol);
      r.addProperty("budget", budget);
      return run(this, r, null);
    }
  }

  @Command(name = "detail", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Signature, documentation, location and neighbour counts of SYMBOL.",
      footerHeading = "%nExamples:%n", footer = {"  vcr detail Greeter.greet"})
  static final class Detail extends QueryCommands.Base {
    @Parameters(index = "0", paramLabel = "SYMBOL") String symbol;

    Detail(Cli cli) {
      super(cli);
    }

    @Override
    public Integer call() throws Exception {
      JsonObject r = GraphAnswers.request("detail");
      r.addProperty("symbol", symbol);
      return run(this, r, null);
    }
  }
}
