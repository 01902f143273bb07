package dev.vcr.lsp.cli;

import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.index.StoreDamagedException;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.lsp.Version;
import dev.vcr.lsp.daemon.Daemon;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code vcr} command line, parsed by picocli. The commands live in {@link IndexCommands},
 * {@link QueryCommands}, {@link DoctorCommand} and {@link ServerCommands}; this class builds the command
 * tree, runs the chosen command and turns every failure into one line on stderr and an exit code:
 *
 * <ul>
 *   <li>0 ok; 1 {@code vcr lsp}: the editor's first message could not be read; 2 usage (bad command, option
 *       or value); 3 the index is in use by another process (and no daemon answered for it); 4 input/output
 *       error (missing folder, unreadable index); 5 out of memory; 6 no workspace found (a query command run
 *       outside any git repository or indexed folder, without {@code --root}); 70 internal error (a bug:
 *       one line, and the stack trace with {@code VCR_LOG=FINE}).
 * </ul>
 *
 * <p>Picocli (one jar, no dependencies of its own) replaces a hand-written parser: it gives per-command
 * help with examples, {@code --version}, {@code --opt=value} and {@code --opt value} alike, and precise
 * messages for mistyped options, for less code than the parser it replaced.
 */
public final class Cli {
  public static final int OK = 0;
  /** {@code vcr lsp}: the editor's first LSP message could not be read (see daemon/Forwarder). */
  public static final int LSP_FIRST_MESSAGE = 1;
  public static final int USAGE = 2;
  public static final int LOCKED = 3;
  public static final int IO = 4;
  public static final int OUT_OF_MEMORY = 5;
  /** A query command found no workspace: no git repository and no indexed folder around the current one. */
  public static final int NO_WORKSPACE = 6;
  /** EX_SOFTWARE from sysexits.h: an internal error, i.e. a bug in Vcr. */
  public static final int INTERNAL = 70;
  /** Returned by long-running commands (lsp, daemon) that exit on their own. */
  public static final int KEEP_RUNNING = -1;

  /** The exit codes and their meanings, in order, for every command's help (and README). */
  static final Map<String, String> EXIT_CODES = exitCodes();

  private static Map<String, String> exitCodes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(String.valueOf(OK), "ok");
    m.put(String.valueOf(LSP_FIRST_MESSAGE), "lsp: the editor's first message could not be read");
    m.put(String.valueOf(USAGE), "usage error: unknown command or option, bad value");
    m.put(String.valueOf(LOCKED), "the index is in use by another Vcr process, and no daemon answered");
    m.put(String.valueOf(IO), "input/output error: missing folder, unreadable index");
    m.put(String.valueOf(OUT_OF_MEMORY), "out of memory (raise it with VCR_JAVA_OPTS=-Xmx...)");
    m.put(String.valueOf(NO_WORKSPACE), "no workspace found (no git repository or Vcr index here or above)");
    m.put(String.valueOf(INTERNAL), "internal error, a bug (stack trace with VCR_LOG=FINE)");
    return m;
  }

  private static final Logger LOG = Logger.getLogger(Cli.class.getName());

  final PrintStream out;
  final PrintStream err;
  /** Whether {@code vcr index} draws a progress line on stderr (when not --json). */
  final BooleanSupplier terminal;
  final LongSupplier nanoClock;
  /** Test-only fault injection: run after the arguments are parsed, before the command; never set in production. */
  private final Runnable testFault;
  /** Whether stdout is a terminal (colour in {@code --color auto}). */
  BooleanSupplier stdoutTerminal = Terminal::stdoutIsTerminal;
  Map<String, String> env = System.getenv();
  /** The folder query commands start their workspace search from. */
  Path cwd = Path.of("").toAbsolutePath();
  /** Where the index of a one-folder workspace lives by default (tests point it into a temporary folder). */
  WorkspaceFinder.IndexLocator indexLocator = folder -> Workspace.of(folder).defaultIndexDir();
  /** The daemons' runtime directory; null means the default ({@code $XDG_RUNTIME_DIR/vcr}). */
  Path runtimeDir;

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

  /** The root command: only subcommands, {@code --help} and {@code --version}. */
  @Command(name = "vcr", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      synopsisSubcommandLabel = "COMMAND",
      description = {"Code navigation for 12 languages, from the command line or over LSP.",
          "%nQuery commands find their workspace as git does: the nearest folder, from the current one "
              + "upwards, that is a git top level or already has a Vcr index (or --root DIR). "
              + "'vcr COMMAND --help' shows each command's options and examples."},
      commandListHeading = "%nCommands:%n",
      footerHeading = "%nExamples:%n",
      footer = {"  vcr index ~/src/app            index a folder (again: only what changed)",
          "  cd ~/src/app && vcr refs parseArgs",
          "  vcr callers main --json        machine-readable output",
          "  vcr doctor                     Java, native parser, index, daemon, repairs"})
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;
    private final Cli cli;

    Root(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.err.print(spec.commandLine().getUsageMessage());
      return USAGE;
    }
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vcr " + Version.get()};
    }
  }

  /** Whether output to stdout is coloured: {@code always}, {@code never}, or {@code auto} (a terminal and no NO_COLOR). */
  boolean colour(ColorMode mode) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> Terminal.colourWanted(stdoutTerminal.getAsBoolean(), env);
    };
  }

  /** {@code --color WHEN}, as rg and ls spell it. */
  enum ColorMode {
    AUTO, ALWAYS, NEVER;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The subcommands, in the order `vcr --help` lists them; each made when it is needed. */
  private Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("index", () -> new IndexCommands.Index(this));
    m.put("hash", () -> new IndexCommands.Hash(this));
    m.put("defs", () -> new QueryCommands.Defs(this));
    m.put("refs", () -> new QueryCommands.Refs(this));
    m.put("callers", () -> new QueryCommands.Callers(this));
    m.put("callees", () -> new QueryCommands.Callees(this));
    m.put("symbols", () -> new QueryCommands.Symbols(this));
    m.put("stats", () -> new QueryCommands.Stats(this));
    m.put("impact", () -> new GraphCommands.Impact(this));
    m.put("paths", () -> new GraphCommands.Paths(this));
    m.put("cycles", () -> new GraphCommands.Cycles(this));
    m.put("hotspots", () -> new GraphCommands.Hotspots(this));
    m.put("clusters", () -> new GraphCommands.Clusters(this));
    m.put("context", () -> new GraphCommands.Context(this));
    m.put("detail", () -> new GraphCommands.Detail(this));
    m.put("mcp", () -> new McpCommand(this));
    m.put("doctor", () -> new DoctorCommand(this));
    m.put("lsp", () -> new ServerCommands.Lsp(this));
    m.put("daemon", () -> new ServerCommands.DaemonCommand(this));
    m.put("smoke", () -> new ServerCommands.Smoke(this));
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  /** The whole command tree, wired to this instance's streams. */
  CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command tree for {@code argv}: when its first word names a command other than {@code help}, the
   * tree holds that command alone. Picocli reads every command's annotations when it is added, and the
   * whole tree took about 0.7 s of a CLI run's start (half of a warm {@code vcr index} of java.base);
   * the root has no options of its own besides --help and --version, so parsing is the same.
   */
  CommandLine commandLine(String[] argv) {
    CommandLine root = new CommandLine(new Root(this));
    Map<String, Supplier<Object>> commands = subcommands();
    String first = argv != null && argv.length > 0 ? argv[0] : null;
    if (first != null && !first.equals("help") && commands.containsKey(first)) {
      root.addSubcommand(first, commands.get(first).get());
    } else {
      commands.forEach((name, make) -> root.addSubcommand(name, make.get()));
    }
    root.setCaseInsensitiveEnumValuesAllowed(true);
    // A name such as @Override is a name, never an argument file to read.
    root.setExpandAtFiles(false);
    root.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    root.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    root.setColorScheme(CommandLine.Help.defaultColorScheme(colour(ColorMode.AUTO) ? Ansi.ON : Ansi.OFF));
    List<CommandLine> all = new java.util.ArrayList<>(root.getSubcommands().values());
    all.add(root);
    for (CommandLine c : all) {
      // git's order: the synopsis first, then what the command does.
      List<String> sections = new java.util.ArrayList<>(c.getHelpSectionKeys());
      sections.removeAll(List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
          CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
      int at = sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS) + 1;
      sections.addAll(at, List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
          CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
      c.setHelpSectionKeys(sections);
      c.getCommandSpec().usageMessage().synopsisHeading("usage: ")
          .parameterListHeading("%nArguments:%n").optionListHeading("%nOptions:%n")
          .exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
    }
    return root;
  }

  public int run(String[] argv) {
    CommandLine root = commandLine(argv);
    String command = argv.length > 0 ? argv[0] : "vcr";
    try {
      ParseResult parsed;
      try {
        parsed = root.parseArgs(argv);
      } catch (ParameterException e) {
        return usage(e);
      }
      try {
        if (CommandLine.printHelpIfRequested(parsed)) {
          return OK;
        }
      } catch (ParameterException e) {
        return usage(e); // `vcr help frob`
      }
      List<CommandLine> chain = parsed.asCommandLineList();
      CommandLine chosen = chain.get(chain.size() - 1);
      command = chosen.getCommandName();
      testFault.run();
      try {
        Object c = chosen.getCommand();
        return ((Callable<?>) c).call() instanceof Integer code ? code : OK;
      } catch (ParameterException e) {
        return usage(e);
      }
    } catch (Daemon.QueryFailedException e) {
      return daemonFailed(command, e);
    } catch (IndexLockedException e) {
      err.println("vcr: " + e.getMessage());
      return LOCKED;
    } catch (WorkspaceFinder.NoWorkspaceException e) {
      err.println("vcr: " + e.getMessage());
      return NO_WORKSPACE;
    } catch (IOException | UncheckedIOException | StoreDamagedException
        | dev.vcr.kernel.index.StoreUnavailableException e) {
      OutOfMemoryError oom = outOfMemory(e);
      if (oom != null) {
        return outOfMemory(command, oom);
      }
      err.println("vcr: " + e.getMessage());
      return IO;
    } catch (Exception | Error e) {
      OutOfMemoryError oom = outOfMemory(e);
      if (oom != null) {
        return outOfMemory(command, oom);
      }
      String resource = dev.vcr.kernel.index.StoreFaults.resourceProblem(e);
      if (resource != null && !resource.equals("out of memory")) {
        // E.g. a fault in a memory-mapped index file on a full disk: an I/O failure, not a bug; the index is kept.
        err.println("vcr: cannot write the index (" + resource + ") during '" + command + "': " + e.getMessage());
        return IO;
      }
      if (e instanceof RuntimeException && ioCause(e)) {
        err.println("vcr: " + e.getMessage());
        return IO;
      }
      return internal(command, e);
    } finally {
      root.getOut().flush();
      root.getErr().flush();
    }
  }

  /** One line saying what was wrong, the command's synopsis, and where the full help is. */
  private int usage(ParameterException e) {
    CommandLine cl = e.getCommandLine();
    err.println("vcr: " + usageMessage(e));
    CommandLine.Help help = cl.getHelp();
    err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  static String usageMessage(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (first.startsWith("-") && first.length() > 1) {
        int eq = first.indexOf('=');
        return "unknown option " + (eq > 0 ? first.substring(0, eq) : first);
      }
      if (u.getCommandLine().getParent() == null) {
        List<String> close = u.getCommandLine().getSubcommands().keySet().stream()
            .filter(c -> editDistance(c, first) <= Math.max(1, first.length() / 4)).toList();
        return "unknown command '" + first + "'"
            + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)");
      }
      return "unexpected argument '" + first + "'";
    }
    String m = e.getMessage() == null ? "bad arguments" : e.getMessage();
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  /** Levenshtein distance, for "did you mean" (picocli's own suggestions are too loose). */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(subst, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
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

  /** The daemon answered with its failure: the same codes as if it had happened here. */
  private int daemonFailed(String command, Daemon.QueryFailedException e) {
    switch (e.type()) {
      case "OutOfMemoryError" -> {
        err.println("vcr: the daemon ran out of memory (" + e.getMessage() + ") during '" + command
            + "'; give it more, e.g. VCR_JAVA_OPTS=-Xmx2g, and restart it");
        return OUT_OF_MEMORY;
      }
      case "IOException", "UncheckedIOException", "NoSuchFileException", "AccessDeniedException",
          "StoreDamagedException", "StoreUnavailableException", "IndexLockedException" -> {
        err.println("vcr: the daemon: " + e.getMessage());
        return IO;
      }
      default -> {
        err.println("vcr: internal error in the daemon during '" + command + "': " + e.type() + ": " + e.getMessage()
            + " (its log has the stack trace)");
        return INTERNAL;
      }
    }
  }

  private int internal(String command, Throwable e) {
    err.println("vcr: internal error during '" + command + "': " + e
        + (LOG.isLoggable(Level.FINE) ? "" : " (run with VCR_LOG=FINE for the stack trace)"));
    if (LOG.isLoggable(Level.FINE)) {
      e.printStackTrace(err);
    }
    return INTERNAL;
  }
}
