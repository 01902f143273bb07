package dev.vcr.lsp.cli;

import com.google.gson.GsonBuilder;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.ChildBuild;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcr index DIR...} and {@code vcr hash DIR...}: bring a workspace's index up to date. */
final class IndexCommands {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(IndexCommands.class.getName());
  private IndexCommands() {}

  /** The folders given, as a workspace; each must exist. */
  static Workspace workspace(List<Path> dirs) throws IOException {
    List<Path> roots = new ArrayList<>();
    for (Path p : dirs) {
      if (!Files.isDirectory(p)) {
        throw new IOException("not a folder: " + p);
      }
      roots.add(p);
    }
    return new Workspace(roots);
  }

  abstract static class Base implements Callable<Integer> {
    final Cli cli;
    @Mixin IndexingOptions indexing;

    @Parameters(paramLabel = "DIR", arity = "1..*",
        description = "The workspace's folders (several folders make one workspace).")
    List<Path> dirs;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    Base(Cli cli) {
      this.cli = cli;
    }

    abstract boolean hashOnly();

    @Override
    public Integer call() throws Exception {
      Workspace ws = workspace(dirs);
      try (WorkspaceIndex index = WorkspaceIndex.open(ws, indexing.indexDir, indexing.indexOptions())) {
        // A progress line only for `index` on a terminal, never with --json or --quiet (see TerminalProgress).
        boolean showProgress = !hashOnly() && !json && !quiet && cli.terminal.getAsBoolean();
        TerminalProgress line = showProgress ? new TerminalProgress(cli.err, cli.nanoClock) : null;
        IndexSummary s;
        try {
          Indexer.Progress progress = line != null ? line : Indexer.Progress.NONE;
          long t0 = System.nanoTime();
          List<String> childWarnings = java.util.Collections.synchronizedList(new ArrayList<>());
          int built = buildLargeInChild(index, progress, childWarnings::add);
          s = index.refresh(progress, () -> false);
          if (built > 0) {
            s = s.afterChildBuild(built, (System.nanoTime() - t0) / 1_000_000, childWarnings);
          }
        } finally {
          if (line != null) {
            line.finish();
          }
        }
        if (hashOnly()) {
          cli.out.println(s.indexHash());
        } else if (json) {
          cli.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
              .toJson(summaryJson(s, index)));
        } else {
          printSummary(s, index);
        }
      }
      return Cli.OK;
    }

    /**
     * The first index of a large workspace is built by a child process whose JIT runs both tiers
     * ({@link ChildBuild#withJitFor}): this command's JVM runs on the first tier alone (bin/vcr), which is
     * faster for every build but the long ones. Returns how many files the adopted index has (0: none was
     * built, or the child failed and the refresh builds it here).
     */
    static int buildLargeInChild(WorkspaceIndex index, Indexer.Progress progress,
        java.util.function.Consumer<String> warnings) throws IOException {
      if (index.store().fileCount() != 0 || index.store().readOnlyReason() != null
          || !Boolean.parseBoolean(System.getProperty("vcr.childBuild", "true"))
          || !ChildBuild.hasAtLeast(index.workspace().roots(), ChildBuild.optimisingJitFiles())) {
        return 0;
      }
      try {
        if (!ChildBuild.build(index, dev.vcr.lsp.server.VcrServer.childJvm(), progress, () -> false, warnings,
            false)) {
          return 0;
        }
      } catch (IOException | RuntimeException e) {
        // e.g. no folder can be made beside the index, or the adopted generation cannot be moved in: the
        // store is as it was, and the refresh builds here
        LOG.log(java.util.logging.Level.WARNING, "the first index of " + index.workspace().roots()
            + " could not be built by a child process; building it here", e);
        return 0;
      }
      int files = index.store().fileCount();
      LOG.fine(() -> "the first index of " + index.workspace().roots() + " was built by a child process: " + files
          + " files");
      return files;
    }

    private static Map<String, Object> summaryJson(IndexSummary s, WorkspaceIndex index) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scanned", s.scanned());
      m.put("parsed", s.parsed());
      m.put("unchanged", s.unchanged());
      m.put("deleted", s.deleted());
      m.put("skipped", s.skipped().size());
      m.put("skipReasons", s.skipCounts());
      m.put("skippedFiles", s.skipped());
      m.put("warnings", s.warnings());
      m.put("definitions", s.definitions());
      m.put("references", s.references());
      m.put("calls", s.calls());
      m.put("indexHash", s.indexHash());
      m.put("mode", s.mode());
      m.put("millis", s.millis());
      m.put("recovery", s.recovery());
      m.put("indexDir", index.store().directory().toString());
      return m;
    }

    private void printSummary(IndexSummary s, WorkspaceIndex index) {
      var out = cli.out;
      out.printf("files scanned %d, parsed %d, unchanged %d, deleted %d, skipped %d%n",
          s.scanned(), s.parsed(), s.unchanged(), s.deleted(), s.skipped().size());
      for (String skipped : s.skipped()) {
        out.println("  skipped " + skipped);
      }
      for (String w : s.warnings()) {
        out.println("  warning " + w);
      }
      for (String r : s.recovery()) {
        out.println("  repaired " + r);
      }
      out.printf("definitions %d, references %d, calls %d%n", s.definitions(), s.references(), s.calls());
      out.printf("index hash %s%n", s.indexHash());
      out.printf("time %d ms (%s) index %s%n", s.millis(), s.mode(), index.store().directory());
    }
  }

  @Command(name = "index", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Index folders and print a summary.",
      description = "Brings the index of the workspace made of DIRs up to date (only what changed since the "
          + "last run) and prints files scanned, parsed, skipped (with reasons), definitions, references, "
          + "calls, the index hash and the time. On a terminal a progress line is drawn on stderr.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr index .                        index the current folder",
          "  vcr index ~/src/api ~/src/web      one workspace of two folders",
          "  vcr index . --json                 the summary as JSON (no progress line)",
          "  VCR_JAVA_OPTS=-Xmx1g vcr index ~/linux --threads 2"})
  static final class Index extends Base {
    Index(Cli cli) {
      super(cli);
    }

    @Override
    boolean hashOnly() {
      return false;
    }
  }

  @Command(name = "hash", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Index folders and print only the index hash.",
      description = "Indexes like 'vcr index', then prints only the index hash: the same files always give "
          + "the same hash, wherever they are.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr hash .",
          "  [ \"$(vcr hash a)\" = \"$(vcr hash b)\" ] && echo same"})
  static final class Hash extends Base {
    Hash(Cli cli) {
      super(cli);
    }

    @Override
    boolean hashOnly() {
      return true;
    }
  }
}
