package dev.vcr.lsp.cli;

import java.io.PrintStream;

/** Entry points of the long-running commands; filled in by the server work (issue 3). */
final class ServerCommands {
  private ServerCommands() {}

  static int lsp(Args args, PrintStream err) {
    err.println("vcr: the lsp command is not built yet");
    return Cli.IO;
  }

  static int daemon(Args args, PrintStream err) {
    err.println("vcr: the daemon command is not built yet");
    return Cli.IO;
  }
}
