package dev.vcr.lsp.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.index.StoreDamagedException;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.query.Results.SymbolMatch;
import dev.vcr.kernel.scan.ScanOptions;
import dev.vcr.lsp.cli.Args.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command-line interface over the same index the server uses. Every query command first brings the
 * index in line with the files (incrementally), so it never answers from a stale index. Exit codes: 0 ok,
 * 2 usage, 3 index in use by another process, 4 input/output error (missing folder, unreadable index),
 * 5 out of memory, 70 internal error (a bug: one line, and the stack trace with {@code VCR_LOG=FINE}).
 */
public final class Cli {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int LOCKED = 3;
  public static final int IO = 4;
  public static final int OUT_OF_MEMORY = 5;
  /** EX_SOFTWARE from sysexits.h: an internal error, i.e. a bug in Vcr. */
  public static final int INTERNAL = 70;
  /** Returned by long-running commands (lsp, daemon) that exit on their own. */
  public static final int KEEP_RUNNING = -1;

  static final String USAGE_TEXT = String.join("\n",
      "usage: vcr <command> [options]",
      "",
      "  index DIR...          index folders and print a summary",
      "  hash DIR...           index folders and print only the index hash",
      "  defs NAME             definitions named NAME",
      "  refs NAME             references to the symbols named NAME",
      "  callers NAME          callers of the functions/methods named NAME",
      "  callees NAME          functions/methods called by those named NAME",
      "  symbols QUERY         fuzzy workspace-symbol search",
      "  stats                 index statistics",
      "  lsp [--stdio]         serve LSP on stdio through the workspace daemon (--no-daemon: in-process)",
      "  daemon DIR...         run the shared workspace daemon in the foreground",
      "  smoke DIR             headless LSP smoke test of a workspace (through bin/vcr; needs node)",
      "",
      "options: --root DIR (query commands; default: current folder), --index-dir DIR, --threads N,",
      "         --max-file-bytes N, --limit N (symbols), --json;",
      "         lsp/daemon: --idle-timeout-seconds N (daemon exit after the last session; 0 = never),",
      "         --runtime-dir DIR (socket directory; default $XDG_RUNTIME_DIR/vcr)");

  private static final Logger LOG = Logger.getLogger(Cli.class.getName());

  private final PrintStream out;
  private final PrintStream err;
  private final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** Whether {@code vcr index} draws a progress line on stderr (when not --json). */
  private final BooleanSupplier terminal;
  private final LongSupplier nanoClock;
  /** Test-only fault injection: run after the arguments are parsed, before the command; never set in production. */
  private final Runnable testFault;

  public Cli(PrintStream out, PrintStream err) {
    this(out, err, TerminalProgress::onTerminal, System::nanoTime);
  }

  /** For tests: whether we are on a terminal, and the clock of the progress line. */
  Cli(PrintStream out, PrintStream err, BooleanSupplier terminal, LongSupplier nanoClock) {
    this(out, err, terminal, nanoClock, () -> { });
  }

  /** For tests: as above, plus a fault (e.g. {@code throw new OutOfMemoryError()}) thrown inside the command. */
  Cli(PrintStream out, PrintStream err, BooleanSupplier terminal, LongSupplier nanoClock, Runnable testFault) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.testFault = testFault;
  }

  public int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
      out.println(USAGE_TEXT);
      return argv.length == 0 ? USAGE : OK;
    }
    String command = argv[0];
    try {
      Args args = Args.parse(argv, 1);
      testFault.run();
      switch (command) {
        case "index":
        case "hash":
          return index(command, args);
        case "defs":
        case "refs":
        case "callers":
        case "callees":
        case "symbols":
        case "stats":
          return query(command, args);
        case "lsp":
          return ServerCommands.lsp(args, err);
        case "daemon":
          return ServerCommands.daemon(args, err);
        default:
          throw new UsageException("unknown command '" + command + "'");
      }
    } catch (UsageException e) {
      err.println("vcr: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    } catch (IndexLockedException e) {
      err.println("vcr: " + e.getMessage());
      return LOCKED;
    } catch (IOException | UncheckedIOException | StoreDamagedException e) {
      OutOfMemoryError oom = outOfMemory(e);
      if (oom != null) {
        return outOfMemory(command, oom);
      }
      err.println("vcr: " + e.getMessage());
      return IO;
    } catch (RuntimeException | Error e) {
      OutOfMemoryError oom = outOfMemory(e);
      if (oom != null) {
        return outOfMemory(command, oom);
      }
      if (e instanceof RuntimeException && ioCause(e)) {
        err.println("vcr: " + e.getMessage());
        return IO;
      }
      return internal(command, e);
    }
  }

  /** The OutOfMemoryError that {@code e} is or was caused by (a worker's, wrapped), or null. */
  static OutOfMemoryError outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }

  private static boolean ioCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private int outOfMemory(String command, OutOfMemoryError oom) {
    // The stack has unwound by now, so what the failed command held is garbage again.
    String what = oom.getMessage() == null || oom.getMessage().isBlank() ? "Java heap space" : oom.getMessage();
    err.println("vcr: out of memory (" + what + ") during '" + command
        + "'; give the JVM more, e.g. VCR_JAVA_OPTS=-Xmx2g");
    if (LOG.isLoggable(Level.FINE)) {
      oom.printStackTrace(err);
    }
    return OUT_OF_MEMORY;
  }

  private int internal(String command, Throwable e) {
    err.println("vcr: internal error during '" + command + "': " + e
        + (LOG.isLoggable(Level.FINE) ? "" : " (run with VCR_LOG=FINE for the stack trace)"));
    if (LOG.isLoggable(Level.FINE)) {
      e.printStackTrace(err);
    }
    return INTERNAL;
  }

  static IndexOptions indexOptions(Args args) throws UsageException {
    IndexOptions o = IndexOptions.defaults();
    int threads = args.intOption("threads", o.threads());
    if (threads < 1) {
      throw new UsageException("--threads must be at least 1");
    }
    long max = args.longOption("max-file-bytes", ScanOptions.DEFAULT_MAX_FILE_BYTES);
    return o.withThreads(threads).withScan(new ScanOptions(max, List.of()));
  }

  static Workspace workspace(List<String> dirs) throws IOException {
    List<Path> roots = new ArrayList<>();
    for (String d : dirs) {
      Path p = Path.of(d);
      if (!Files.isDirectory(p)) {
        throw new IOException("not a folder: " + d);
      }
      roots.add(p);
    }
    return new Workspace(roots);
  }

  static Path indexDir(Args args) {
    String d = args.option("index-dir", null);
    return d == null ? null : Path.of(d);
  }

  private int index(String command, Args args) throws UsageException, IOException, IndexLockedException {
    args.allow("index-dir", "threads", "max-file-bytes", "json", "quiet");
    if (args.positional.isEmpty()) {
      throw new UsageException(command + " needs at least one folder");
    }
    Workspace ws = workspace(args.positional);
    try (WorkspaceIndex index = WorkspaceIndex.open(ws, indexDir(args), indexOptions(args))) {
      // A progress line only for `index` on a terminal, never with --json or --quiet (see TerminalProgress).
      boolean showProgress = command.equals("index") && !args.flag("json") && !args.flag("quiet")
          && terminal.getAsBoolean();
      TerminalProgress line = showProgress ? new TerminalProgress(err, nanoClock) : null;
      IndexSummary s;
      try {
        s = index.refresh(line != null ? line : Indexer.Progress.NONE, () -> false);
      } finally {
        if (line != null) {
          line.finish();
        }
      }
      if (command.equals("hash")) {
        out.println(s.indexHash());
      } else if (args.flag("json")) {
        out.println(gson.toJson(summaryJson(s, index)));
      } else {
        printSummary(s, index);
      }
    }
    return OK;
  }

  private Map<String, Object> summaryJson(IndexSummary s, WorkspaceIndex index) {
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

  private int query(String command, Args args) throws UsageException, IOException, IndexLockedException {
    args.allow("root", "index-dir", "threads", "max-file-bytes", "json", "limit");
    if (!command.equals("stats") && args.positional.size() != 1) {
      throw new UsageException(command + " needs exactly one name");
    }
    Workspace ws = workspace(List.of(args.option("root", ".")));
    try (WorkspaceIndex index = WorkspaceIndex.open(ws, indexDir(args), indexOptions(args))) {
      index.refresh((done, total, message) -> { }, () -> false);
      Navigator nav = index.navigator();
      Object result;
      switch (command) {
        case "defs":
          result = defs(nav, args.positional.get(0));
          break;
        case "refs":
          result = refs(nav, args.positional.get(0));
          break;
        case "callers":
          result = callers(nav, args.positional.get(0));
          break;
        case "callees":
          result = callees(nav, args.positional.get(0));
          break;
        case "symbols":
          result = symbols(nav, args.positional.get(0), args.intOption("limit", 50));
          break;
        default:
          result = index.stats();
          break;
      }
      if (args.flag("json")) {
        out.println(gson.toJson(result));
      } else {
        printPlain(result);
      }
    }
    return OK;
  }

  private void printPlain(Object result) {
    if (result instanceof List<?> list) {
      for (Object o : list) {
        out.println(plainLine(o));
      }
    } else if (result instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.println(e.getKey() + ": " + e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static String plainLine(Object o) {
    if (o instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder();
      b.append(m.get("location"));
      for (String k : List.of("kind", "name", "qualifiedName", "caller", "callee")) {
        if (m.containsKey(k)) {
          b.append(' ').append(m.get(k));
        }
      }
      if (m.containsKey("sites")) {
        b.append(" at ").append(String.join(", ", (List<String>) m.get("sites")));
      }
      return b.toString();
    }
    return String.valueOf(o);
  }

  static String loc(String path, dev.vcr.kernel.model.Span s) {
    return path + ":" + (s.startLine() + 1) + ":" + (s.startCol16() + 1);
  }

  private static Map<String, Object> defJson(String path, Definition d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", loc(path, d.nameSpan()));
    m.put("kind", d.kind().label());
    m.put("name", d.name());
    m.put("qualifiedName", d.qualifiedName());
    return m;
  }

  private static List<Object> defs(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (DefHit d : definitionsNamed(nav, name)) {
      out.add(defJson(d.path(), d.definition()));
    }
    return out;
  }

  private static List<DefHit> definitionsNamed(Navigator nav, String name) {
    List<DefHit> out = new ArrayList<>();
    for (SymbolMatch m : nav.workspaceSymbols(name, 10_000)) {
      if (m.definition().name().equals(name)) {
        out.add(new DefHit(m.path(), m.ordinal(), m.definition()));
      }
    }
    out.sort(java.util.Comparator.comparing(DefHit::path).thenComparingInt(DefHit::ordinal));
    return out;
  }

  private static List<Object> refs(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (Location l : nav.referencesOf(definitionsNamed(nav, name), false)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("location", loc(l.path(), l.span()));
      out.add(m);
    }
    return out;
  }

  private static List<Object> callers(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (DefHit d : definitionsNamed(nav, name)) {
      if (!d.definition().kind().isCallable()) {
        continue;
      }
      for (IncomingCall c : nav.incomingCalls(new CallItem(d.path(), d.ordinal(), d.definition()))) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", c.from().isFileLevel() ? c.from().path() : loc(c.from().path(), c.from().definition().nameSpan()));
        m.put("caller", c.from().isFileLevel() ? "<top level>" : c.from().definition().qualifiedName());
        m.put("callee", d.definition().qualifiedName());
        List<String> sites = new ArrayList<>();
        c.fromRanges().forEach(s -> sites.add(loc(c.from().path(), s)));
        m.put("sites", sites);
        out.add(m);
      }
    }
    return out;
  }

  private static List<Object> callees(Navigator nav, String name) {
    List<Object> out = new ArrayList<>();
    for (DefHit d : definitionsNamed(nav, name)) {
      if (!d.definition().kind().isCallable() && d.definition().kind() != SymbolKind.CONSTRUCTOR) {
        continue;
      }
      for (OutgoingCall c : nav.outgoingCalls(new CallItem(d.path(), d.ordinal(), d.definition()))) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", loc(c.to().path(), c.to().definition().nameSpan()));
        m.put("caller", d.definition().qualifiedName());
        m.put("callee", c.to().definition().qualifiedName());
        List<String> sites = new ArrayList<>();
        c.fromRanges().forEach(s -> sites.add(loc(d.path(), s)));
        m.put("sites", sites);
        out.add(m);
      }
    }
    return out;
  }

  private static List<Object> symbols(Navigator nav, String query, int limit) {
    List<Object> out = new ArrayList<>();
    for (SymbolMatch m : nav.workspaceSymbols(query, limit)) {
      out.add(defJson(m.path(), m.definition()));
    }
    return out;
  }
}
