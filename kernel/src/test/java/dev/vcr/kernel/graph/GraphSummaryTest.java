package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole-graph answers read from the graph summaries stored with the links equal those computed at query
 * time from facts and resolution (every file opened as an unsaved document with its saved text: no stored
 * summary or link is read), and an index updated in place answers like a clean one.
 */
class GraphSummaryTest {
  static Stream<String> languages() {
    return GraphFixture.LANGUAGES.stream();
  }

  /** Everything the whole-graph queries answer, as comparable records. */
  private static List<Object> answers(CodeGraph g) {
    List<Object> out = new ArrayList<>();
    out.add(g.cycles("files", 50));
    out.add(g.cycles("calls", 50));
    out.add(g.hotspots(50));
    out.add(g.clusters(50));
    return out;
  }

  @ParameterizedTest
  @MethodSource("languages")
  void storedSummariesAnswerLikeResolvingNow(String lang, @TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    GraphFixture.write(ws, lang);
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      SortedMap<String, FileFacts> overlay = new TreeMap<>();
      List<String> paths;
      try (Stream<Path> files = Files.walk(ws)) {
        paths = files.filter(Files::isRegularFile).map(p -> ws.relativize(p).toString().replace('\\', '/')).sorted()
            .toList();
      }
      for (String p : paths) {
        Language language = Language.forFileName(p.substring(p.lastIndexOf('/') + 1)).orElseThrow();
        overlay.put(p, SymbolExtractor.extract(language, Files.readAllBytes(ws.resolve(p))));
        assertNotNull(wi.store().graphSummary(p), "a stored summary for " + p);
      }
      List<Object> stored = answers(wi.graph());
      List<Object> now = answers(wi.graph(overlay, p -> null, null));
      assertEquals(stored, now);
      GraphResults.CyclesResult files = (GraphResults.CyclesResult) stored.get(0);
      assertTrue(files.components() > 0, "the fixture's file cycle is found");
      assertFalse(((GraphResults.HotspotsResult) stored.get(2)).symbols().isEmpty(), "hotspots are found");
    }
  }

  @ParameterizedTest
  @MethodSource("languages")
  void inPlaceUpdatesAnswerLikeACleanIndex(String lang, @TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    GraphFixture.write(ws, lang);
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      List<Object> before = answers(wi.graph());
      // The cycle's last file stops calling the first one, and gets a new declaration that nothing uses
      // yet; then the chain's first file calls it: edges out of one file and into another change.
      Path z = ws.resolve(GraphFixture.path(lang, "cycle/cycleZ"));
      Files.writeString(z, withoutCall(Files.readString(z), "cycleX") + extra(lang));
      wi.refresh(Indexer.Progress.NONE, () -> false);
      List<Object> edited = answers(wi.graph());
      assertTrue(!before.equals(edited), "the edit changes the answers");
      assertEquals(edited, clean(ws, tmp.resolve("clean1")), "after the first edit");
      Path a = ws.resolve(GraphFixture.path(lang, "chain/chainA"));
      Files.writeString(a, Files.readString(a) + caller(lang));
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(answers(wi.graph()), clean(ws, tmp.resolve("clean2")), "after the second edit");
      Files.delete(a);
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(answers(wi.graph()), clean(ws, tmp.resolve("clean3")), "after a deletion");
    }
  }

  private static List<Object> clean(Path ws, Path indexDir) throws Exception {
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), indexDir, IndexOptions.defaults())) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      return answers(wi.graph());
    }
  }

  /** The text without the line of its call of {@code fn} (the import, if any, stays). */
  private static String withoutCall(String src, String fn) {
    int at = src.indexOf(fn + "()");
    assertTrue(at > 0, "a call of " + fn);
    int line = src.lastIndexOf('\n', at) + 1;
    return src.substring(0, line) + src.substring(src.indexOf('\n', at) + 1);
  }

  private static String extra(String lang) {
    return switch (lang) {
      case "python" -> "\n\ndef extraZ():\n    return 1\n";
      case "typescript" -> "\nexport function extraZ(): number {\n  return 1;\n}\n";
      case "c" -> "\nint extraZ(void) {\n  return 1;\n}\n";
      default -> "\nclass ExtraZ {\n  static int extraZ() {\n    return 1;\n  }\n}\n";
    };
  }

  private static String caller(String lang) {
    return switch (lang) {
      case "python" -> "\n\ndef callsExtra():\n    return extraZ()\n";
      case "typescript" -> "\nexport function callsExtra(): number {\n  return extraZ();\n}\n";
      case "c" -> "\nint extraZ(void);\nint callsExtra(void) {\n  return extraZ();\n}\n";
      default -> "\nclass CallsExtra {\n  static int callsExtra() {\n    return cycle.ExtraZ.extraZ();\n  }\n}\n";
    };
  }
}
