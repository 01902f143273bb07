package dev.vcr.lsp.cli;

import com.google.gson.GsonBuilder;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.lsp.cli.Cli.ColorMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The query commands: {@code defs refs callers callees symbols stats}. Each finds its workspace
 * ({@code --root}, else {@link WorkspaceFinder}), brings the index up to date with the files
 * (incrementally, so it never answers from a stale index), answers ({@link Answers}) and prints JSON or
 * grouped hits ({@link HitPrinter}). When a daemon holds the index, they ask it ({@link DaemonQueries}).
 */
final class QueryCommands {
  private static final Logger LOG = Logger.getLogger(QueryCommands.class.getName());

  private QueryCommands() {}

  /** The workspace a query runs on, and its index folder. */
  record Target(Workspace workspace, Path indexDir) {}

  abstract static class Base implements Callable<Integer> {
    final Cli cli;
    @Spec CommandSpec spec;
    @Mixin IndexingOptions indexing;

    @Option(names = "--root", paramLabel = "DIR",
        description = "The workspace folder (default: the enclosing git top level or indexed folder).")
    Path root;

    @Option(names = "--json", description = "Print JSON (the same shape in every version).")
    boolean json;

    Base(Cli cli) {
      this.cli = cli;
    }

    /**
     * The workspace and index asked about: {@code --root}'s, else the one an explicit {@code --index-dir}
     * records ({@link WorkspaceIndex#ROOTS_FILE}), else the one found from the current folder. A query
     * never indexes another workspace into a directory that holds one's index (it would replace it).
     */
    Target target() throws IOException, WorkspaceFinder.NoWorkspaceException {
      // Both are real paths (Workspace resolves its roots; the file records them as resolved).
      Optional<List<Path>> recorded = indexing.indexDir == null ? Optional.empty()
          : WorkspaceIndex.recordedRoots(indexing.indexDir);
      if (root != null) {
        Workspace ws = IndexCommands.workspace(List.of(root));
        if (recorded.isPresent() && !recorded.get().equals(ws.roots())) {
          throw new WorkspaceFinder.NoWorkspaceException(indexing.indexDir + " holds the index of " + recorded.get()
              + ", not of " + ws.roots() + "; give another --index-dir, or none");
        }
        return new Target(ws, indexing.indexDir != null ? indexing.indexDir : cli.indexLocator.indexDir(ws.roots().get(0)));
      }
      if (recorded.isPresent()) {
        return new Target(IndexCommands.workspace(recorded.get()), indexing.indexDir);
      }
      if (indexing.indexDir != null && WorkspaceFinder.hasIndex(indexing.indexDir)) {
        throw new WorkspaceFinder.NoWorkspaceException(indexing.indexDir + " holds an index that does not record its "
            + "workspace (made by an earlier version): name the workspace with --root DIR");
      }
      WorkspaceFinder.Found found = new WorkspaceFinder(cli.indexLocator).find(cli.cwd);
      LOG.fine(() -> "workspace " + found.root() + " (" + found.reason().text + ")");
      return new Target(Workspace.of(found.root()),
          indexing.indexDir != null ? indexing.indexDir : found.indexDir());
    }

    /** Opens the target's index and brings it up to date. */
    WorkspaceIndex open(Target t) throws IOException, IndexLockedException {
      WorkspaceIndex index = WorkspaceIndex.open(t.workspace(), t.indexDir(), indexing.indexOptions());
      try {
        IndexCommands.Base.buildLargeInChild(index, Indexer.Progress.NONE, warning -> { }); // as vcr index does
        index.refresh((done, total, message) -> { }, () -> false);
        return index;
      } catch (IOException | RuntimeException | Error e) {
        index.close();
        throw e;
      }
    }

    /**
     * The answer of {@code command} ({@code stats} or one of {@link Answers#COMMANDS}) from the target's
     * index, brought up to date first; when another process holds the index, from the workspace's daemon
     * if one runs ({@link DaemonQueries}), else the lock's error (exit 3).
     */
    Object query(Target t, String command, String name, int limit) throws Exception {
      try (WorkspaceIndex index = open(t)) {
        return command.equals("stats") ? index.stats() : Answers.answer(index.navigator(), command, name, limit);
      } catch (IndexLockedException locked) {
        return DaemonQueries.ask(cli, t, DaemonQueries.request(command, name, limit), locked).orElseThrow(() -> locked);
      }
    }

    void printJson(Object result) {
      cli.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(result));
    }
  }

  /** A command that takes a name (or a query, for symbols). */
  abstract static class ByName extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The name to look up, exactly as written in the code.")
    String name;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
        description = "Colour: auto (on a terminal, unless NO_COLOR is set), always, never.")
    ColorMode color;

    ByName(Cli cli) {
      super(cli);
    }

    int limit() {
      return 0;
    }

    @Override
    public Integer call() throws Exception {
      indexing.validate();
      Target t = target();
      String command = spec.name();
      List<?> answer = (List<?>) query(t, command, name, limit());
      if (json) {
        printJson(answer);
      } else if (answer.isEmpty()) {
        cli.err.println("vcr: nothing found for '" + name + "' in " + t.workspace().roots().get(0));
      } else {
        new HitPrinter(cli.out, cli.colour(color), t.workspace()::resolve)
            .print(HitPrinter.hits(command, name, answer), command.equals("symbols"));
      }
      return Cli.OK;
    }
  }

  @Command(name = "defs", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Definitions named NAME.",
      description = "Classes, functions, methods, fields, variables... named exactly NAME.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr defs parseArgs",
          "  vcr defs Greeter --root ~/src/app",
          "  vcr defs main --json | jq -r '.[].location'"})
  static final class Defs extends ByName {
    Defs(Cli cli) {
      super(cli);
    }
  }

  @Command(name = "refs", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "References to the symbols named NAME.",
      description = "References to the definitions named NAME, resolved as the language does (scopes, "
          + "imports, inheritance, overloads), not by matching text.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr refs greet",
          "  vcr refs greet --color=never | less",
          "  vcr refs greet --json"})
  static final class Refs extends ByName {
    Refs(Cli cli) {
      super(cli);
    }
  }

  @Command(name = "callers", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Calls to the functions and methods named NAME.",
      description = "Call sites of the functions and methods named NAME, with the function each is in.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr callers format",
          "  vcr callers format --json | jq -r '.[].caller' | sort -u"})
  static final class Callers extends ByName {
    Callers(Cli cli) {
      super(cli);
    }
  }

  @Command(name = "callees", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Calls made by the functions and methods named NAME.",
      description = "Call sites inside the functions and methods named NAME, with what each one calls.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr callees main",
          "  vcr callees main --json | jq -r '.[].callee'"})
  static final class Callees extends ByName {
    Callees(Cli cli) {
      super(cli);
    }
  }

  @Command(name = "symbols", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Fuzzy symbol search, best match first.",
      description = "Matches QUERY as a prefix, camel humps (iOIC) or subsequence of definition names; a "
          + "qualified query (StringUtils.isEmpty, os.path.join, ns::Foo) also matches the containers.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr symbols iOIC",
          "  vcr symbols StringUtils.isEmpty --limit 5",
          "  vcr symbols Greeter --json"})
  static final class Symbols extends ByName {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N matches (default: 50).")
    int limit;

    Symbols(Cli cli) {
      super(cli);
    }

    @Override
    int limit() {
      return limit;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Index statistics.",
      description = "Roots, index folder, schema, files by language, definitions, references, calls, size "
          + "on disk, memory, and the repairs made when the index was opened.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr stats", "  vcr stats --json | jq .indexDir", "  vcr stats --graph"})
  static final class Stats extends Base {
    @Option(names = "--graph", description = "Counts per language: files, definitions by kind, references by "
        + "role; and the stored links by confidence.")
    boolean graph;

    Stats(Cli cli) {
      super(cli);
    }

    @Override
    public Integer call() throws Exception {
      if (graph) {
        return GraphCommands.run(this, GraphAnswers.request("graph-stats"), null);
      }
      indexing.validate();
      Target t = target();
      Map<?, ?> stats = (Map<?, ?>) query(t, "stats", null, 0);
      if (json) {
        printJson(stats);
      } else {
        for (Map.Entry<?, ?> e : stats.entrySet()) {
          cli.out.println(e.getKey() + ": " + e.getValue());
        }
      }
      return Cli.OK;
    }
  }
}
