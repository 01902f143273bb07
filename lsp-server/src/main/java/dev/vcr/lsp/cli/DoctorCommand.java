package dev.vcr.lsp.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.lsp.Version;
import dev.vcr.lsp.daemon.Daemon;
import dev.vcr.lsp.daemon.RuntimeDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vcr doctor}: what a bug report needs, gathered without indexing anything. Java version and vendor;
 * whether the native fast path loaded; the workspace (as the query commands find it) and its index: folder,
 * size on disk, schema, file count and the repairs made when it was opened; whether a daemon serves the
 * workspace. An index that another process holds is not opened: its size is still measured, and the daemon,
 * if it is the holder, is asked for its figures and repairs (the repairs it made when it opened the index). Exit 0 whatever it finds (it is a report), except for usage
 * errors.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
    header = "Check Java, the native parser, the index and the daemon.",
    description = "Reports the Java runtime, whether the native parser loaded, the workspace (found as the "
        + "query commands find it), its index (folder, size on disk, schema, repairs) and whether a daemon "
        + "serves it. Indexes nothing.",
    footerHeading = "%nExamples:%n",
    footer = {"  vcr doctor", "  vcr doctor --root ~/src/app --json"})
final class DoctorCommand implements Callable<Integer> {
  private final Cli cli;

  @Option(names = "--root", paramLabel = "DIR",
      description = "The workspace folder (default: found as the query commands find it).")
  Path root;

  @Option(names = "--index-dir", paramLabel = "DIR", description = "The index folder (default: the workspace's).")
  Path indexDir;

  @Option(names = "--runtime-dir", paramLabel = "DIR",
      description = "The daemons' socket folder (default: $XDG_RUNTIME_DIR/vcr, else /tmp/vcr-<uid>).")
  Path runtimeDir;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  DoctorCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Object> report = report();
    if (json) {
      cli.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
          .toJson(report));
    } else {
      print(report);
    }
    return Cli.OK;
  }

  Map<String, Object> report() throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("version", Version.get());

    Map<String, Object> java = new LinkedHashMap<>();
    java.put("version", System.getProperty("java.version"));
    java.put("vendor", System.getProperty("java.vendor"));
    java.put("home", System.getProperty("java.home"));
    java.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    r.put("java", java);

    Map<String, Object> nat = new LinkedHashMap<>();
    nat.put("mode", NativeExtractor.mode().name().toLowerCase(Locale.ROOT));
    nat.put("loaded", NativeExtractor.available());
    nat.put("detail", NativeExtractor.describe());
    r.put("native", nat);

    Map<String, Object> ws = new LinkedHashMap<>();
    Workspace workspace = null;
    Path dir = indexDir;
    if (root != null) {
      workspace = IndexCommands.workspace(List.of(root));
      ws.put("root", workspace.roots().get(0).toString());
      ws.put("how", "--root");
    } else {
      try {
        WorkspaceFinder.Found f = new WorkspaceFinder(cli.indexLocator).find(cli.cwd);
        workspace = Workspace.of(f.root());
        ws.put("root", f.root().toString());
        ws.put("how", f.reason().text);
        if (dir == null) {
          dir = f.indexDir();
        }
      } catch (WorkspaceFinder.NoWorkspaceException e) {
        ws.put("root", null);
        ws.put("how", e.getMessage());
      }
    }
    if (workspace != null && dir == null) {
      dir = cli.indexLocator.indexDir(workspace.roots().get(0));
    }
    r.put("workspace", ws);
    Map<String, Object> daemon = workspace == null ? null : daemon(workspace);
    r.put("index", workspace == null ? null : index(dir, daemon));
    r.put("daemon", daemon);
    return r;
  }

  /**
   * The index folder: whether it exists, its size, and its files, hash and repairs: from the store when this
   * process can open it, else from the workspace's daemon when that is the holder.
   */
  private Map<String, Object> index(Path dir, Map<String, Object> daemon) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dir", dir.toString());
    boolean exists = WorkspaceFinder.hasIndex(dir);
    m.put("exists", exists);
    m.put("bytesOnDisk", exists ? sizeOnDisk(dir) : 0L);
    m.put("schema", SymbolStore.SCHEMA);
    if (!exists) {
      m.put("state", "not built yet (any query command, or vcr index, builds it)");
      return m;
    }
    try (SymbolStore store = SymbolStore.open(dir)) {
      m.put("state", "ok");
      m.put("files", store.fileCount());
      m.put("indexHash", store.indexHash());
      m.put("repairs", store.recoveryLog());
    } catch (IndexLockedException e) {
      if (!fromDaemon(dir, daemon, m)) {
        m.put("state", "in use by another Vcr process (a daemon or a running command); not opened");
      }
    } catch (IOException | RuntimeException e) {
      m.put("state", "unreadable: " + e.getMessage());
    }
    return m;
  }

  /**
   * Asks a running daemon for its index statistics (it brings its index up to date first, as it would on
   * the next file change anyway); true if it holds {@code dir} and answered.
   */
  private static boolean fromDaemon(Path dir, Map<String, Object> daemon, Map<String, Object> m) {
    if (daemon == null || !Boolean.TRUE.equals(daemon.get("running"))) {
      return false;
    }
    try {
      JsonObject stats = Daemon.query(Path.of((String) daemon.get("socket")), DaemonQueries.request("stats", null, 0))
          .getAsJsonObject();
      if (!Path.of(stats.get("indexDir").getAsString()).toAbsolutePath().normalize()
          .equals(dir.toAbsolutePath().normalize())) {
        return false;
      }
      m.put("state", "ok, held by the daemon (pid " + daemon.get("pid") + "); figures from it");
      m.put("files", stats.get("files").getAsInt());
      m.put("indexHash", stats.get("indexHash").getAsString());
      List<String> repairs = new ArrayList<>();
      stats.getAsJsonArray("recovery").forEach(x -> repairs.add(x.getAsString()));
      m.put("repairs", repairs);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static long sizeOnDisk(Path dir) {
    long total = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        try {
          if (Files.isRegularFile(p)) {
            total += Files.size(p);
          }
        } catch (IOException e) {
          // vanished meanwhile (a generation being replaced)
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
    return total;
  }

  /** Whether a daemon serves the workspace: its socket, and its own status when it answers. */
  private Map<String, Object> daemon(Workspace workspace) {
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      Path location = runtimeDir != null ? runtimeDir.toAbsolutePath()
          : cli.runtimeDir != null ? cli.runtimeDir : RuntimeDir.defaultLocation();
      m.put("runtimeDir", location.toString());
      if (!Files.isDirectory(location)) {
        m.put("running", false);
        return m;
      }
      RuntimeDir.DaemonFiles files = RuntimeDir.open(location).files(workspace.indexName());
      m.put("socket", files.socket().toString());
      m.put("log", files.log().toString());
      if (!Files.exists(files.socket())) {
        m.put("running", false);
        return m;
      }
      try {
        JsonObject status = Daemon.probe(files.socket());
        m.put("running", true);
        m.put("pid", status.get("pid").getAsLong());
        m.put("sessions", status.get("sessions").getAsInt());
        m.put("startedAt", status.get("startedAt").getAsString());
      } catch (IOException | RuntimeException e) {
        m.put("running", false);
        m.put("problem", "a socket exists but no daemon answered (" + e.getMessage() + "); it is stale");
      }
    } catch (IOException e) {
      m.put("running", false);
      m.put("problem", e.getMessage());
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private void print(Map<String, Object> r) {
    var out = cli.out;
    Map<String, Object> java = (Map<String, Object>) r.get("java");
    Map<String, Object> nat = (Map<String, Object>) r.get("native");
    Map<String, Object> ws = (Map<String, Object>) r.get("workspace");
    Map<String, Object> index = (Map<String, Object>) r.get("index");
    Map<String, Object> daemon = (Map<String, Object>) r.get("daemon");
    out.println("vcr        " + r.get("version"));
    out.println("java       " + java.get("version") + " (" + java.get("vendor") + ") at " + java.get("home")
        + ", max heap " + mib((Long) java.get("maxHeapBytes")));
    out.println("native     " + ((Boolean) nat.get("loaded") ? "loaded: " : "not loaded: ") + nat.get("detail"));
    if (ws.get("root") == null) {
      out.println("workspace  none: " + ws.get("how"));
      return;
    }
    out.println("workspace  " + ws.get("root") + " (" + ws.get("how") + ")");
    out.println("index      " + index.get("dir"));
    out.println("  state    " + index.get("state"));
    if ((Boolean) index.get("exists")) {
      out.println("  size     " + mib((Long) index.get("bytesOnDisk")) + " on disk"
          + (index.containsKey("files") ? ", " + index.get("files") + " files" : ""));
    }
    out.println("  schema   " + index.get("schema") + " (this build's; an index of another schema is rebuilt)");
    if (index.containsKey("repairs")) {
      List<String> repairs = (List<String>) index.get("repairs");
      out.println("  repairs  " + (repairs.isEmpty() ? "none" : ""));
      for (String s : repairs) {
        out.println("    " + s);
      }
    }
    if ((Boolean) daemon.get("running")) {
      out.println("daemon     running, pid " + daemon.get("pid") + ", " + daemon.get("sessions") + " session(s), since "
          + daemon.get("startedAt"));
      out.println("  log      " + daemon.get("log"));
    } else {
      out.println("daemon     not running" + (daemon.containsKey("problem") ? ": " + daemon.get("problem") : "")
          + (daemon.containsKey("socket") ? " (socket " + daemon.get("socket") + ")" : ""));
    }
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
