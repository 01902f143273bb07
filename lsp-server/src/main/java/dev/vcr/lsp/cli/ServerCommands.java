package dev.vcr.lsp.cli;

import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.lsp.cli.Args.UsageException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

  static int lsp(Args args, PrintStream err) throws UsageException, IOException {
    // Buffered: the first message is read byte by byte; the same stream object is then forwarded.
    return lsp(args, new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
        new FileOutputStream(FileDescriptor.out), err);
  }

  static int lsp(Args args, InputStream in, OutputStream out, PrintStream err) throws UsageException, IOException {
    // clientProcessId: some clients append it; the editor's lifetime is tracked through stdin instead.
    args.allow("stdio", "no-daemon", "index-dir", "threads", "max-file-bytes", "idle-timeout-seconds",
        "runtime-dir", "clientProcessId");
    if (!args.positional.isEmpty()) {
      throw new UsageException("lsp takes no positional arguments");
    }
    ServerSettings settings = ServerSettings.of(args);
    int idle = idleTimeout(args);
    try {
      if (args.flag("no-daemon")) {
        return inProcess(settings, in, out);
      }
      List<String> daemonOptions = settings.daemonOptions();
      daemonOptions.add("--idle-timeout-seconds");
      daemonOptions.add(String.valueOf(idle));
      Path runtimeDir = runtimeDirOption(args);
      Forwarder f = new Forwarder(
          () -> runtimeDir == null ? RuntimeDir.open() : RuntimeDir.open(runtimeDir),
          DaemonStarter.process(daemonOptions),
          (i, o) -> inProcess(settings, i, o),
          err);
      return f.run(in, out);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static int daemon(Args args, PrintStream err) throws UsageException, IOException {
    args.allow("index-dir", "threads", "max-file-bytes", "idle-timeout-seconds", "runtime-dir");
    ServerSettings settings = ServerSettings.of(args);
    int idle = idleTimeout(args);
    Workspace ws = Cli.workspace(args.positional.isEmpty() ? List.of(".") : args.positional);
    Path runtimeDir = runtimeDirOption(args);
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
      err.println("vcr: daemon finished: " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      return Cli.OK;
    } finally {
      done.countDown();
    }
  }

  private static int idleTimeout(Args args) throws UsageException {
    int idle = args.intOption("idle-timeout-seconds", DEFAULT_IDLE_TIMEOUT_SECONDS);
    if (idle < 0) {
      throw new UsageException("--idle-timeout-seconds must be 0 (never) or more");
    }
    return idle;
  }

  private static Path runtimeDirOption(Args args) {
    String d = args.option("runtime-dir", null);
    return d == null ? null : Path.of(d).toAbsolutePath();
  }

  private static int inProcess(ServerSettings settings, InputStream in, OutputStream out) throws Exception {
    try (SessionHost host = settings.newHost()) {
      host.serve(in, out);
    }
    return Cli.OK;
  }

  /** The server options given on the command line; unset ones keep the server's defaults. */
  record ServerSettings(Path indexDir, Integer threads, Long maxFileBytes) {
    static ServerSettings of(Args args) throws UsageException {
      Path indexDir = Cli.indexDir(args);
      Integer threads = args.options.containsKey("threads") ? args.intOption("threads", 1) : null;
      if (threads != null && threads < 1) {
        throw new UsageException("--threads must be at least 1");
      }
      Long max = args.options.containsKey("max-file-bytes") ? args.longOption("max-file-bytes", 0) : null;
      if (max != null && max < 1) {
        throw new UsageException("--max-file-bytes must be at least 1");
      }
      return new ServerSettings(indexDir == null ? null : indexDir.toAbsolutePath(), threads, max);
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
          maxFileBytes != null ? maxFileBytes : d.maxFileBytes());
    }

    /** A new {@link VcrServer} with these options, as the daemon's (or the in-process) session host. */
    SessionHost newHost() {
      VcrServer server = new VcrServer(serverOptions());
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
        public void close() {
          server.close();
        }
      };
    }
  }
}
