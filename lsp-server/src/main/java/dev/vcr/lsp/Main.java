package dev.vcr.lsp;

import dev.vcr.kernel.Logging;
import dev.vcr.lsp.cli.Cli;
import java.io.PrintStream;

/**
 * The {@code vcr} command. Subcommands: {@code index hash defs refs callers callees symbols stats doctor}
 * (the CLI, see {@link Cli}), {@code lsp} (an editor connection over stdio) and {@code daemon} (the shared
 * per-workspace server), and {@code mcp} (a Model Context Protocol server over stdio). In {@code lsp} and {@code mcp} modes stdout carries only the protocol, so {@code System.out} is
 * pointed at stderr before anything else runs.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream stdout = System.out;
    Logging.configure();
    if (args.length > 0 && (args[0].equals("lsp") || args[0].equals("daemon") || args[0].equals("mcp"))) {
      System.setOut(System.err);
    }
    int code = new Cli(stdout, System.err).run(args);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
