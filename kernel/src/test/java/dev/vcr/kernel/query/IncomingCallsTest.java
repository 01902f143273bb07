package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.IncomingCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incoming calls are read file by file and name each call's caller from the calling file's definitions
 * decoded alone ({@link Navigator#incomingCalls}). Their answer equals the one derived plainly: every
 * reference to the declaration (and its overloads) that is a call, grouped by the definition it is made in
 * (past anonymous classes, {@link FileFacts#callerOf}) read from the whole decoded file, in every fixture
 * language, for calls linked to a name (C's ambiguous fallback) and with unsaved documents shadowing files.
 */
class IncomingCallsTest {
  @TempDir Path tmp;

  @Test
  void incomingCallsEqualTheCallsAmongReferencesByTheirCallers() throws Exception {
    Path ws = tmp.resolve("ws");
    List<String> paths = new ArrayList<>(Fixtures.generate(ws, 48));
    // Calls made inside an anonymous class (in its method, and in its initializer: the member that holds the
    // class) and in a lambda.
    Files.createDirectories(ws.resolve("pkg9"));
    Files.writeString(ws.resolve("pkg9/Anon.java"), """
        package pkg9;
        class Anon {
          static int target(int x) { return x; }
          Runnable r() {
            return new Runnable() { public void run() { target(1); target(2); } };
          }
          void lambda() { java.util.function.IntSupplier s = () -> target(3); target(4); }
          Object o() { return new Object() { { target(6); } }; }
        }
        """);
    paths.add("pkg9/Anon.java");
    // C calls the resolver cannot tell apart (an include is missing): linked to the name, resolved again.
    for (int i = 0; i < 6; i++) {
      Files.writeString(ws.resolve("c" + i + ".c"), "static int helper(void) { return " + i + "; }\n"
          + "int run" + i + "(void) { return helper() + helper(); }\n");
      paths.add("c" + i + ".c");
    }
    Files.writeString(ws.resolve("cx.c"), "#include \"missing.h\"\nint x(void) { return helper(); }\n");
    paths.add("cx.c");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      int checked = checkAll(index.navigator(), paths);
      assertTrue(checked > 25, "callables with callers checked: " + checked);
      // A session that edits two files: one caller more in an unsaved Anon.java, none left in c1.c.
      SortedMap<String, FileFacts> overlay = new TreeMap<>();
      overlay.put("pkg9/Anon.java", SymbolExtractor.extract(Language.JAVA, Files.readString(ws.resolve("pkg9/Anon.java"))
          .replace("target(4); }", "target(4); }\n  void more() { target(5); }").getBytes(StandardCharsets.UTF_8)));
      overlay.put("c1.c", SymbolExtractor.extract(Language.C,
          "static int helper(void) { return 1; }\nint run1(void) { return 0; }\n".getBytes(StandardCharsets.UTF_8)));
      Navigator session = index.navigator(overlay);
      checkAll(session, paths);
      DefHit target = definition(session, "pkg9/Anon.java", "target");
      List<String> callers = session.incomingCalls(new CallItem(target.path(), target.ordinal(), target.definition()))
          .stream().map(c -> c.from().definition().name() + " " + c.fromRanges().size()).toList();
      assertEquals(List.of("run 2", "lambda 2", "more 1", "o 1"), callers);
    }
  }

  /** Compares every callable's incoming calls with the plain derivation; returns how many had callers. */
  private static int checkAll(Navigator nav, List<String> paths) {
    int withCallers = 0;
    for (String path : paths) {
      FileFacts f = nav.facts(path);
      for (int i = 0; i < f.definitions().size(); i++) {
        Definition d = f.definitions().get(i);
        if (!d.kind().isCallable()) {
          continue;
        }
        List<IncomingCall> answer = nav.incomingCalls(new CallItem(path, i, d));
        assertEquals(plain(nav, new DefHit(path, i, d)), answer, path + " " + d.name());
        withCallers += answer.isEmpty() ? 0 : 1;
      }
    }
    return withCallers;
  }

  private static List<IncomingCall> plain(Navigator nav, DefHit d) {
    Map<String, List<Span>> sites = new TreeMap<>();
    Map<String, CallItem> items = new TreeMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (DefHit declaration : nav.overloadGroup(d)) {
      for (RefHit h : nav.referencesTo(declaration)) {
        if (!h.reference().role().isCall() || !seen.add(h.path() + "#" + h.ordinal())) {
          continue;
        }
        List<Definition> defs = nav.facts(h.path()).definitions();
        int caller = FileFacts.callerOf(defs, h.reference().container());
        CallItem item = caller < 0 ? new CallItem(h.path(), -1, null) : new CallItem(h.path(), caller, defs.get(caller));
        String key = h.path() + "\u0000" + String.format("%09d", caller + 1);
        items.put(key, item);
        sites.computeIfAbsent(key, k -> new ArrayList<>()).add(h.reference().span());
      }
    }
    List<IncomingCall> out = new ArrayList<>();
    sites.forEach((k, spans) -> out.add(new IncomingCall(items.get(k), spans)));
    return out;
  }

  private static DefHit definition(Navigator nav, String path, String name) {
    List<Definition> defs = nav.facts(path).definitions();
    for (int i = 0; i < defs.size(); i++) {
      if (defs.get(i).name().equals(name)) {
        return new DefHit(path, i, defs.get(i));
      }
    }
    throw new AssertionError(name + " in " + path);
  }
}
