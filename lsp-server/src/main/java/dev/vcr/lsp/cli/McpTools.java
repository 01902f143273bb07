package dev.vcr.lsp.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools of {@code vcr mcp}: symbol search, definition, references, callers, callees, and the graph
 * queries. Each turns its arguments into the same request the command line sends ({@link Answers},
 * {@link GraphAnswers}) and answers with compact JSON sized for an agent: locations are
 * {@code path:line:col}, lists are capped ({@code limit}, default 50) with a {@code truncated} notice.
 */
final class McpTools {
  /** Answers one command-line request (locally or through the daemon). */
  interface Asker {
    Object ask(JsonObject request) throws Exception;
  }

  static final int DEFAULT_LIMIT = 50;
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final String NAME = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\","
      + "\"description\":\"The name, exactly as written in the code\"},\"limit\":{\"type\":\"integer\"}},\"required\":[\"name\"]}";
  private static final String OFFSET = "\"offset\":{\"type\":\"integer\",\"description\":\"a previous answer's cursor\"}";
  private static final String SYMBOL_DOC = "a name, a qualified name (Greeter.greet) or path:line[:col]";

  private McpTools() {}

  private record Def(String name, String description, String schema, String command) {}

  private static final List<Def> TOOLS = List.of(
      new Def("symbols", "Fuzzy search for declarations by name (prefix, camel humps, qualified).",
          "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\"}},\"required\":[\"query\"]}",
          "symbols"),
      new Def("definition", "Declarations named exactly NAME, with their kind and qualified name.", NAME, "defs"),
      new Def("references", "References to the declarations named NAME, resolved as the language does.", NAME, "refs"),
      new Def("callers", "Call sites of the functions named NAME, with the function each is in.", NAME, "callers"),
      new Def("callees", "Calls made by the functions named NAME, with what each calls.", NAME, "callees"),
      new Def("impact", "What uses a symbol, transitively, by hop (blast radius); symbol is " + SYMBOL_DOC + ".",
          "{\"type\":\"object\",\"properties\":{\"symbol\":{\"type\":\"string\"},\"depth\":{\"type\":\"integer\"},"
              + "\"limit\":{\"type\":\"integer\"}," + OFFSET + ","
              + "\"exactOnly\":{\"type\":\"boolean\"}},\"required\":[\"symbol\"]}", "impact"),
      new Def("paths", "The k shortest call paths from one symbol to another.",
          "{\"type\":\"object\",\"properties\":{\"from\":{\"type\":\"string\"},\"to\":{\"type\":\"string\"},"
              + "\"k\":{\"type\":\"integer\"},\"maxLength\":{\"type\":\"integer\"}," + OFFSET + "},\"required\":[\"from\",\"to\"]}", "paths"),
      new Def("cycles", "Dependency cycles between files (graph=files) or functions (graph=calls), with the edges closing them.",
          "{\"type\":\"object\",\"properties\":{\"graph\":{\"type\":\"string\",\"enum\":[\"files\",\"calls\"]},"
              + "\"limit\":{\"type\":\"integer\"}," + OFFSET + ",\"file\":{\"type\":\"string\","
              + "\"description\":\"only the cycles holding this file (workspace-relative path)\"}}}", "cycles"),
      new Def("hotspots", "Symbols and files ranked by fan-in x fan-out, then size; git=true weights them by how "
          + "often their files changed (the last gitCommits commits, default 1000).",
          "{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integer\"}," + OFFSET + ","
              + "\"git\":{\"type\":\"boolean\"},\"gitCommits\":{\"type\":\"integer\"}}}", "hotspots"),
      new Def("context", "The code to read to change a symbol (its text, callers, callees, types, tests), within a token budget.",
          "{\"type\":\"object\",\"properties\":{\"symbol\":{\"type\":\"string\"},\"budget\":{\"type\":\"integer\"}},"
              + "\"required\":[\"symbol\"]}", "context"));

  /** Names of the tools, in the order they are listed. */
  static List<String> names() {
    return TOOLS.stream().map(Def::name).toList();
  }

  static void register(McpServer.SyncSpecification<?> server, McpJsonMapper mapper, Asker asker) {
    for (Def d : TOOLS) {
      McpSchema.Tool tool = McpSchema.Tool.builder().name(d.name()).description(d.description())
          .inputSchema(mapper, d.schema()).build();
      server.toolCall(tool, (exchange, call) -> call(d, call.arguments(), asker));
    }
  }

  private static McpSchema.CallToolResult call(Def d, Map<String, Object> args, Asker asker) {
    try {
      JsonObject request = GSON.toJsonTree(args == null ? Map.of() : args).getAsJsonObject();
      request.addProperty("command", d.command());
      int limit = request.has("limit") ? request.get("limit").getAsInt() : DEFAULT_LIMIT;
      if (d.command().equals("symbols")) {
        request.add("name", request.get("query"));
      }
      if (Answers.COMMANDS.contains(d.command())) {
        request.addProperty("limit", d.command().equals("symbols") ? limit : 0);
      }
      Object answer = asker.ask(request);
      return text(GSON.toJson(Answers.COMMANDS.contains(d.command()) ? capped((List<?>) answer, limit) : answer), false);
    } catch (Exception e) {
      return text(d.name() + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), true);
    }
  }

  private static Map<String, Object> capped(List<?> all, int limit) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", all.size());
    out.put("truncated", all.size() > limit);
    out.put("results", all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all);
    return out;
  }

  private static McpSchema.CallToolResult text(String s, boolean error) {
    return McpSchema.CallToolResult.builder().addTextContent(s).isError(error).build();
  }
}
