package dev.vcr.lsp.eval;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the accuracy kit's queries ({@code ../shared/eval}) and writes results in the kit's format.
 * Usage: {@code EvalRunner --queries Q.jsonl --root WORKSPACE --corpus NAME --out results.jsonl [--index-dir D]
 * [--mode lsp|kernel]}; {@code --queries} may name several files, separated by commas (all answered on one
 * index, e.g. the kit's and scripts/workspace-symbol-queries.py's). By default queries go through the LSP server, the code path editors use;
 * {@code --mode kernel} asks the kernel's navigator directly (faster, for development). Queries of other
 * corpora are skipped, so one queries file can be answered corpus by corpus.
 */
public final class EvalRunner {
  private final Gson gson = new Gson();

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    for (String required : List.of("queries", "root", "corpus", "out")) {
      if (!opts.containsKey(required)) {
        System.err.println("usage: EvalRunner --queries Q --root DIR --corpus NAME --out R [--index-dir D]");
        System.exit(2);
      }
    }
    Path indexDir = opts.containsKey("index-dir") ? Path.of(opts.get("index-dir")) : null;
    EvalRunner runner = new EvalRunner();
    List<EvalQuery> qs = new ArrayList<>();
    for (String file : opts.get("queries").split(",")) {
      qs.addAll(runner.load(Path.of(file), opts.get("corpus")));
    }
    if ("kernel".equals(opts.getOrDefault("mode", "lsp"))) {
      runner.runKernel(qs, Path.of(opts.get("root")), Path.of(opts.get("out")), indexDir);
    } else {
      runner.runLsp(qs, Path.of(opts.get("root")), Path.of(opts.get("out")), indexDir);
    }
    System.exit(0);
  }

  List<EvalQuery> load(Path queries, String corpus) throws IOException {
    List<EvalQuery> qs = new ArrayList<>();
    for (String line : Files.readAllLines(queries, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      if (!corpus.equals(o.get("corpus").getAsString())) {
        continue;
      }
      qs.add(new EvalQuery(o.get("id").getAsString(), o.get("kind").getAsString(),
          o.has("path") && !o.get("path").isJsonNull() ? o.get("path").getAsString() : null,
          o.has("line") ? o.get("line").getAsInt() : 0, o.has("character") ? o.get("character").getAsInt() : 0,
          o.has("includeDeclaration") && o.get("includeDeclaration").getAsBoolean(),
          o.has("query") ? o.get("query").getAsString() : null));
    }
    return qs;
  }

  void runLsp(List<EvalQuery> qs, Path root, Path out, Path indexDir) throws Exception {
    long t0 = System.nanoTime();
    try (LspEvalClient client = new LspEvalClient(root, indexDir);
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      System.err.printf("initialized and indexed through LSP in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      for (EvalQuery q : qs) {
        long start = System.nanoTime();
        List<LspEvalClient.Loc> locs = client.answer(q);
        double ms = (System.nanoTime() - start) / 1e6;
        List<Map<String, Object>> ls = new ArrayList<>();
        for (LspEvalClient.Loc l : locs) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("path", l.path());
          m.put("line", l.range().getStart().getLine());
          m.put("character", l.range().getStart().getCharacter());
          m.put("end", Map.of("line", l.range().getEnd().getLine(), "character", l.range().getEnd().getCharacter()));
          ls.add(m);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", q.id());
        line.put("locations", ls);
        line.put("ms", Math.round(ms * 1000) / 1000.0);
        w.write(gson.toJson(line));
        w.newLine();
      }
    }
  }

  void runKernel(List<EvalQuery> qs, Path root, Path out, Path indexDir) throws Exception {
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(root), indexDir, IndexOptions.defaults());
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      long t0 = System.nanoTime();
      var summary = index.refresh((d, t, m) -> { }, () -> false);
      System.err.printf("indexed %d files in %d ms%n", summary.scanned(), (System.nanoTime() - t0) / 1_000_000);
      for (EvalQuery q : qs) {
        long start = System.nanoTime();
        List<Location> locs = answer(index.navigator(), q);
        double ms = (System.nanoTime() - start) / 1e6;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", q.id());
        List<Map<String, Object>> ls = new ArrayList<>();
        for (Location l : locs) {
          ls.add(location(l));
        }
        line.put("locations", ls);
        line.put("ms", Math.round(ms * 1000) / 1000.0);
        w.write(gson.toJson(line));
        w.newLine();
      }
    }
  }

  static Map<String, Object> location(Location l) {
    Span s = l.span();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", l.path());
    m.put("line", s.startLine());
    m.put("character", s.startCol16());
    if (s.endLine() == s.startLine()) {
      m.put("endCharacter", s.endCol16());
    }
    return m;
  }

  static List<Location> answer(Navigator nav, EvalQuery q) {
    List<Location> out = new ArrayList<>();
    FilePosition pos = new FilePosition(q.path(), q.line(), q.character(), true);
    switch (q.kind()) {
      case "references":
        return nav.references(pos, q.includeDeclaration());
      case "definition":
        return nav.definition(pos);
      case "incomingCalls":
        for (CallItem item : nav.prepareCallHierarchy(pos)) {
          for (IncomingCall c : nav.incomingCalls(item)) {
            if (!c.from().isFileLevel()) {
              out.add(new Location(c.from().path(), c.from().definition().nameSpan()));
            }
          }
        }
        return out;
      case "outgoingCalls":
        for (CallItem item : nav.prepareCallHierarchy(pos)) {
          for (OutgoingCall c : nav.outgoingCalls(item)) {
            out.add(new Location(c.to().path(), c.to().definition().nameSpan()));
          }
        }
        return out;
      case "workspaceSymbol":
        for (SymbolMatch m : nav.workspaceSymbols(q.query(), 100)) {
          out.add(new Location(m.path(), m.definition().nameSpan()));
        }
        return out;
      default:
        return out;
    }
  }
}
