package dev.vcr.lsp.cli;

import com.google.gson.JsonObject;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.IndexLockedException;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code vcr mcp}: a Model Context Protocol server on stdin/stdout (the MCP Java SDK) with Vcr's queries as
 * tools ({@link McpTools}). Each call brings the workspace's index up to date and answers from it, or asks
 * the workspace's daemon when that holds the index, like every query command; so an editor session and an
 * agent see the same index. Stdout carries only the protocol; logs go to stderr. Ends at the end of stdin.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
    header = "Serve Vcr's queries to coding agents over the Model Context Protocol (stdio).",
    description = "Tools: symbols, definition, references, callers, callees, impact, paths, cycles, hotspots, "
        + "context. Register it with an MCP client as the command `vcr mcp --root DIR`.",
    footerHeading = "%nExamples:%n",
    footer = {"  vcr mcp --root ~/src/app",
        "  claude mcp add vcr -- /path/to/vcr/bin/vcr mcp --root ~/src/app"})
final class McpCommand extends QueryCommands.Base {
  McpCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() throws Exception {
    indexing.validate();
    QueryCommands.Target t = target();
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new tools.jackson.databind.json.JsonMapper());
    CountDownLatch ended = new CountDownLatch(1);
    InputStream in = new FilterInputStream(new FileInputStream(FileDescriptor.in)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          ended.countDown();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          ended.countDown();
        }
        return n;
      }
    };
    var spec = McpServer.sync(new StdioServerTransportProvider(mapper, in, new FileOutputStream(FileDescriptor.out)))
        .serverInfo("vcr", dev.vcr.lsp.Version.get())
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build());
    McpTools.register(spec, mapper, request -> answer(t, request));
    McpSyncServer server = spec.build();
    ended.await();
    server.closeGracefully();
    return Cli.OK;
  }

  /** One tool call's answer, serialised: the index is opened (and held) for one call at a time. */
  private synchronized Object answer(QueryCommands.Target t, JsonObject request) throws Exception {
    String command = request.get("command").getAsString();
    try (WorkspaceIndex index = open(t)) {
      if (GraphAnswers.COMMANDS.contains(command)) {
        return GraphAnswers.answer(index.graph(), request);
      }
      return Answers.answer(index.navigator(), command, request.get("name").getAsString(), request.get("limit").getAsInt());
    } catch (IndexLockedException locked) {
      return DaemonQueries.ask(cli, t, request, locked).orElseThrow(() -> locked);
    }
  }
}
