package dev.vcr.lsp.cli;

import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.lsp.daemon.Daemon;
import dev.vcr.lsp.daemon.DaemonStarter;
import dev.vcr.lsp.daemon.Forwarder;
import dev.vcr.lsp.daemon.RuntimeDir;
import dev.vcr.lsp.daemon.SessionHost;
import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.SessionLauncher;
import dev.vcr.lsp.server.VcrServer;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The long-running commands.
 *
 * <ul>
 *   <li>{@code vcr lsp [--stdio]}: LSP on stdio, forwarded to the workspace's shared daemon (started on
 *       demand). {@code --no-daemon} serves in this process instead.
 *   <li>{@code vcr daemon [DIR...]}: the shared daemon for the workspace made of DIRs (default: the current
 *       folder), in the foreground, until idle.
 * </ul>
 *
 * Both read {@code --index-dir}, {@code --threads} and {@code --max-file-bytes} for the server, and
 * {@code --idle-timeout-seconds} (default 60, 0 = never) and {@code --runtime-dir} for the daemon. The
 * protocol streams are the process's real stdin/stdout file descriptors, whatever {@code System.out} has
 * been pointed at.
 */
final class ServerCommands {
  static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

  private ServerCommands() {}

  /** The options of both server commands. */
  static final class DaemonOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--idle-timeout-seconds", paramLabel = "N", defaultValue = "" + DEFAULT_IDLE_TIMEOUT_SECONDS,
        description = "The daemon exits this long after its last session ends; 0 = never (default: 60).")
    int idleTimeoutSeconds;

    @Option(names = "--runtime-dir", paramLabel = "DIR",
        description = "The daemons' socket folder (default: $XDG_RUNTIME_DIR/vcr, else /tmp/vcr-<uid>).")
    Path runtimeDir;

    int idleTimeout() {
      if (idleTimeoutSeconds < 0) {
        throw new ParameterException(spec.commandLine(), "--idle-timeout-seconds must be 0 (never) or more");
      }
      return idleTimeoutSeconds;
    }

    Path runtimeDir() {
      return runtimeDir == null ? null : runtimeDir.toAbsolutePath();
    }
  }

  @Command(name = "lsp", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Serve LSP on stdio (what editors run).",
      description = "The session runs in the workspace's shared daemon, started on demand; with --no-daemon, "
          + "in this process. The workspace comes from the initialize request. Logs go to stderr, never "
          + "stdout.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr lsp --stdio                  what editors run",
          "  vcr lsp --no-daemon              no shared daemon: one index user per process",
          "  VCR_LOG=FINE vcr lsp 2>vcr.log   detailed log"})
  static final class Lsp implements Callable<Integer> {
    private final Cli cli;
    @Mixin IndexingOptions indexing;
    @Mixin DaemonOptions daemon;

    @Option(names = "--stdio", description = "Talk LSP over stdin/stdout (the default and only transport).")
    boolean stdio;

    @Option(names = "--no-daemon", description = "Serve in this process instead of the shared daemon.")
    boolean noDaemon;

    /** Some clients append it; the editor's lifetime is tracked through stdin instead. */
    @Option(names = "--clientProcessId", hidden = true)
    String clientProcessId;

    Lsp(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      // Buffered: the first message is read byte by byte; the same stream object is then forwarded.
      return run(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
          new FileOutputStream(FileDescriptor.out));
    }

    int run(InputStream in, OutputStream out) throws Exception {
      ServerSettings settings = ServerSettings.of(indexing);
      int idle = daemon.idleTimeout();
      if (noDaemon) {
        return inProcess(settings, in, out);
      }
      List<String> daemonOptions = settings.daemonOptions();
      daemonOptions.add("--idle-timeout-seconds");
      daemonOptions.add(String.valueOf(idle));
      Path runtimeDir = daemon.runtimeDir();
      Forwarder f = new Forwarder(
          () -> runtimeDir == null ? RuntimeDir.open() : RuntimeDir.open(runtimeDir),
          DaemonStarter.process(daemonOptions),
          (i, o) -> inProcess(settings, i, o),
          cli.err);
      return f.run(in, out);
    }
  }

  @Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Run a workspace's shared daemon in the foreground.",
      description = "Serves the workspace made of DIRs (default: the current folder) until it has had no "
          + "session for the idle timeout. 'vcr lsp' starts it by itself when needed.",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr daemon ~/src/app --idle-timeout-seconds 0"})
  static final class DaemonCommand implements Callable<Integer> {
    private final Cli cli;
    @Mixin IndexingOptions indexing;
    @Mixin DaemonOptions daemon;

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "The workspace's folders.")
    List<Path> dirs = new ArrayList<>();

    DaemonCommand(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      ServerSettings settings = ServerSettings.of(indexing);
      int idle = daemon.idleTimeout();
      Workspace ws = IndexCommands.workspace(dirs.isEmpty() ? List.of(Path.of(".")) : dirs);
      Path runtimeDir = daemon.runtimeDir();
      RuntimeDir rd = runtimeDir == null ? RuntimeDir.open() : RuntimeDir.open(runtimeDir);
      Daemon d = new Daemon(rd.files(ws.indexName()), ws.roots(), idle * 1000L, settings::newHost);
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        d.stop();
        try {
          done.await(5, TimeUnit.SECONDS); // let the server close its index cleanly
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }, "vcr-daemon-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        Daemon.Outcome outcome = d.run();
        cli.err.println("vcr: daemon finished: " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        return Cli.OK;
      } finally {
        done.countDown();
      }
    }
  }

  /** Listed for help only: {@code bin/vcr} runs the smoke test (node) before Java starts. */
  @Command(name = "smoke", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
      header = "Headless LSP smoke test of a workspace (bin/vcr only).",
      description = "Prints JSON results and latencies. It runs through bin/vcr, with node; the jar "
          + "itself cannot run it.",
      footerHeading = "%nExamples:%n",
      footer = {"  bin/vcr smoke ~/src/app"})
  static final class Smoke implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "ARG", arity = "0..*", hidden = true)
    List<String> ignored;

    Smoke(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.err.println("vcr: 'smoke' runs through bin/vcr (clients/smoke/smoke.js, needs node), not the jar");
      return Cli.USAGE;
    }
  }

  private static int inProcess(ServerSettings settings, InputStream in, OutputStream out) throws Exception {
    try (SessionHost host = settings.newHost()) {
      host.serve(in, out);
    }
    return Cli.OK;
  }

  /** The server options given on the command line; unset ones keep the server's defaults. */
  record ServerSettings(Path indexDir, Integer threads, Long maxFileBytes) {
    static ServerSettings of(IndexingOptions o) {
      o.validate();
      return new ServerSettings(o.indexDir == null ? null : o.indexDir.toAbsolutePath(), o.threads, o.maxFileBytes);
    }

    /** The same settings as {@code vcr daemon} options. */
    List<String> daemonOptions() {
      List<String> o = new ArrayList<>();
      if (indexDir != null) {
        o.add("--index-dir");
        o.add(indexDir.toString());
      }
      if (threads != null) {
        o.add("--threads");
        o.add(threads.toString());
      }
      if (maxFileBytes != null) {
        o.add("--max-file-bytes");
        o.add(maxFileBytes.toString());
      }
      return o;
    }

    ServerOptions serverOptions() {
      ServerOptions d = ServerOptions.defaults();
      return new ServerOptions(indexDir, threads != null ? threads : d.threads(),
          maxFileBytes != null ? maxFileBytes : d.maxFileBytes(),
          ServerOptions.childBuildsByDefault());
    }

    /** A new {@link VcrServer} with these options, as the daemon's (or the in-process) session host. */
    SessionHost newHost() {
      return host(new VcrServer(serverOptions()));
    }

    /** {@code server} as a session host that also answers the command line's queries ({@link DaemonQueries}). */
    static SessionHost host(VcrServer server) {
      return new SessionHost() {
        @Override
        public void serve(InputStream in, OutputStream out) throws Exception {
          SessionLauncher.run(server.newSession(), in, out);
        }

        @Override
        public int sessionCount() {
          return server.sessionCount();
        }

        @Override
        public com.google.gson.JsonElement query(List<Path> roots, com.google.gson.JsonObject request) throws Exception {
          return DaemonQueries.answer(server, roots, request);
        }

        @Override
        public void onWorkspaces(java.util.function.Consumer<List<Path>> opened, java.util.function.Consumer<List<Path>> closed) {
          server.onWorkspaces(opened, closed);
        }

        @Override
        public void close() {
          server.close();
        }
      };
    }
  }
}
