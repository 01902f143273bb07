package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workspace folders added and removed while a session runs ({@code workspace/didChangeWorkspaceFolders}):
 * the session switches to the index of its new roots, and its open documents follow (re-keyed, or answered
 * with empty results while their folder is gone; see {@code DocumentSync}).
 */
class WorkspaceFoldersTest extends ServerTestSupport {
  private static final String MAIN = """
      package app;

      import lib.Greeter;

      public class Main {
        public static void main(String[] args) {
          new Greeter().greet("world");
        }

        static void alpha() {
        }
      }
      """;
  private static final String GREETER = """
      package lib;

      public class Greeter {
        public String greet(String name) {
          return "hello " + name;
        }
      }
      """;

  private Path folders;
  private Path alpha;
  private Path beta;
  private Path main;
  private Path greeter;

  @BeforeEach
  void folders() throws Exception {
    folders = Files.createDirectories(temp.resolve("folders")).toRealPath();
    alpha = Files.createDirectories(folders.resolve("alpha"));
    beta = Files.createDirectories(folders.resolve("beta"));
    main = Files.createDirectories(alpha.resolve("src/app")).resolve("Main.java");
    Files.writeString(main, MAIN);
    greeter = Files.createDirectories(beta.resolve("src/lib")).resolve("Greeter.java");
    Files.writeString(greeter, GREETER);
  }

  @Test
  void addedFolderIsIndexedAndRemovedFolderIsDropped() throws Exception {
    LspTestClient c = indexed(alpha);
    c.open(main, "java");
    assertEquals(List.of("method alpha [app.Main] alpha/src/app/Main.java 10:15-10:20"), symbols(c, "alpha"));
    assertEquals(List.of(), symbols(c, "Greeter"), "beta is not a folder yet");

    CallHierarchyItem mainItem = get(c.server().getTextDocumentService().prepareCallHierarchy(
        new CallHierarchyPrepareParams(doc(main), Render.find(MAIN, "main(String", 0)))).get(0);
    assertEquals(List.of(), outgoing(c, mainItem), "greet is not in the workspace yet");

    // Add beta: requests sent right after the notification wait for the switch and the new index.
    int ends = c.progressEnds();
    changeFolders(c, List.of(beta), List.of());
    assertEquals(List.of("class Greeter [lib] beta/src/lib/Greeter.java 3:14-3:21"), symbols(c, "Greeter"));
    c.awaitProgressEnds(ends + 1); // the new roots' first indexing run is reported like any
    assertEquals(List.of("method alpha [app.Main] alpha/src/app/Main.java 10:15-10:20"), symbols(c, "alpha"));
    // References across the two folders, from the open document (re-keyed: its key gained a prefix) and from beta.
    Position call = Render.find(MAIN, "greet(\"world\")", 0);
    Position decl = Render.find(GREETER, "greet(String", 0);
    List<String> both = List.of("alpha/src/app/Main.java 7:19-7:24", "beta/src/lib/Greeter.java 4:17-4:22");
    assertEquals(both, refs(c, main, call));
    assertEquals(both, refs(c, greeter, decl));
    assertEquals(List.of("greet"), outgoing(c, mainItem), "an item made before the change still works");
    // The open document still takes edits, and its unsaved text shadows the index under its new key.
    Position at = Render.find(MAIN, "  static void alpha", 0);
    c.change(main, 2, at, at, "  static void typed() {\n    new Greeter().greet(\"again\");\n  }\n\n");
    assertEquals(List.of("alpha/src/app/Main.java 11:19-11:24", "alpha/src/app/Main.java 7:19-7:24",
        "beta/src/lib/Greeter.java 4:17-4:22"), refs(c, greeter, decl));
    assertEquals(1, server.workspaceCount(), "alpha's own index was released");

    // Remove alpha: its symbols are gone, beta's stay; the open document answers empty results.
    changeFolders(c, List.of(), List.of(alpha));
    assertEquals(List.of(), symbols(c, "alpha"));
    assertEquals(List.of(), symbols(c, "typed"));
    assertEquals(List.of("class Greeter [lib] beta/src/lib/Greeter.java 3:14-3:21"), symbols(c, "Greeter"));
    assertEquals(List.of("beta/src/lib/Greeter.java 4:17-4:22"), refs(c, greeter, decl));
    assertEquals(List.of(), refs(c, main, call));
    assertEquals(List.of(), get(c.server().getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc(main)))));
    assertEquals(1, server.workspaceCount());
    assertEquals(0, c.session().openDocumentCount(), "the removed folder's document left the parse epoch");
    assertEquals(List.of(), outgoing(c, mainItem), "an item of the removed folder has no calls");
    assertTrue(c.messages().stream().noneMatch(m -> m.getType() == org.eclipse.lsp4j.MessageType.Error), c.messages()::toString);
  }

  @Test
  void removedFolderWithUnsavedEditsLeavesNothingBehindAndComesBackFromTheIndex() throws Exception {
    LspTestClient c = indexed(alpha, beta);
    c.open(main, "java");
    Position at = Render.find(MAIN, "  static void alpha", 0);
    c.change(main, 2, at, at, "  static void unsaved() {\n    new Greeter().greet(\"draft\");\n  }\n\n");
    Position decl = Render.find(GREETER, "greet(String", 0);
    assertEquals(List.of("method unsaved [app.Main] alpha/src/app/Main.java 10:15-10:22"), symbols(c, "unsaved"));
    assertEquals(3, refs(c, greeter, decl).size());

    changeFolders(c, List.of(), List.of(alpha));
    assertEquals(List.of(), symbols(c, "unsaved"), "the unsaved text no longer shadows anything");
    assertEquals(List.of("beta/src/lib/Greeter.java 4:17-4:22"), refs(c, greeter, decl));
    // Edits to the document while its folder is gone are accepted and ignored; requests on it answer empty.
    Position end = Render.find(MAIN, "  static void alpha", 0);
    c.change(main, 3, end, end, "  // still typing\n");
    assertEquals(List.of(), refs(c, main, Render.find(MAIN, "greet(\"world\")", 0)));
    assertEquals(List.of("class Greeter [lib] beta/src/lib/Greeter.java 3:14-3:21"), symbols(c, "Greeter"));

    // alpha comes back: the document is answered from the saved file until the editor sends its whole text.
    changeFolders(c, List.of(alpha), List.of());
    assertEquals(List.of(), symbols(c, "unsaved"));
    assertEquals(List.of("method alpha [app.Main] alpha/src/app/Main.java 10:15-10:20"), symbols(c, "alpha"));
    assertEquals(2, refs(c, greeter, decl).size());
    String whole = MAIN.replace("  static void alpha", "  static void unsaved() {\n    new Greeter().greet(\"draft\");\n  }\n\n"
        + "  static void alpha");
    c.server().getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(LspTestClient.uri(main), 4), List.of(new TextDocumentContentChangeEvent(whole))));
    assertEquals(List.of("method unsaved [app.Main] alpha/src/app/Main.java 10:15-10:22"), symbols(c, "unsaved"));
    assertEquals(3, refs(c, greeter, decl).size());
    assertEquals(1, server.workspaceCount());
    // A call item whose key belongs to no folder (and whose URI is outside them) is invalid input, not a crash.
    CallHierarchyItem foreign = new CallHierarchyItem("x", org.eclipse.lsp4j.SymbolKind.Method,
        temp.resolve("X.java").toUri().toString(), new org.eclipse.lsp4j.Range(new Position(0, 0), new Position(0, 1)),
        new org.eclipse.lsp4j.Range(new Position(0, 0), new Position(0, 1)));
    foreign.setData(java.util.Map.of("path", "gamma/X.java", "ordinal", 0));
    java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> outgoing(c, foreign));
    assertTrue(e.getCause().getMessage().contains("not in this workspace"), e.getCause()::getMessage);
  }

  @Test
  void requestsDuringTheSwitchAnswerFromOneViewOrTheOther() throws Exception {
    LspTestClient c = indexed(alpha);
    c.open(main, "java");
    Position call = Render.find(MAIN, "greet(\"world\")", 0);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      if (i == 5) {
        changeFolders(c, List.of(beta), List.of());
      }
      if (i == 12) {
        changeFolders(c, List.of(), List.of(alpha));
      }
      pending.add(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Greeter")));
      pending.add(c.server().getTextDocumentService().references(
          new ReferenceParams(doc(main), call, new ReferenceContext(true))));
    }
    for (CompletableFuture<?> f : pending) {
      get(f); // every request answers; none fails
    }
    assertEquals(List.of("class Greeter [lib] beta/src/lib/Greeter.java 3:14-3:21"), symbols(c, "Greeter"));
    assertEquals(1, server.workspaceCount());
  }

  @Test
  void sameFoldersInAnyOrderShareOneIndex() throws Exception {
    LspTestClient first = indexed(beta, alpha);
    LspTestClient second = indexed(alpha);
    changeFolders(second, List.of(beta), List.of());
    assertEquals(symbols(first, "Greeter"), symbols(second, "Greeter"));
    assertEquals(1, server.workspaceCount(), "[alpha, beta] whether from initialize or from a change");
  }

  @Test
  void aSessionWithoutFoldersGetsItsFirstFolderAndAnOpenDocumentInIt() throws Exception {
    LspTestClient c = client();
    c.initialize(List.of(), null, null);
    c.open(main, "java");
    assertEquals(List.of(), symbols(c, "alpha"));
    changeFolders(c, List.of(alpha), List.of());
    assertEquals(List.of("method alpha [app.Main] Main.java 10:15-10:20"),
        symbols(c, "alpha").stream().map(s -> s.replace("alpha/src/app/", "")).toList());
    // Opened before its folder was added: answered from the saved file (the index) until reopened.
    assertEquals(1, get(c.server().getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc(main)))).size(),
        "class Main, from the index");
    assertEquals(0, c.session().openDocumentCount(), "not parsed: index-only");
  }

  @Test
  void anAddedFolderIsWatchedHereWhenTheClientDoesNotWatchFiles() throws Exception {
    LspTestClient c = client().watchedFilesDynamic(false);
    c.initialize(alpha);
    c.awaitIndexed();
    changeFolders(c, List.of(beta), List.of());
    assertEquals(List.of("class Greeter [lib] beta/src/lib/Greeter.java 3:14-3:21"), symbols(c, "Greeter"));
    assertTrue(c.session().workspaceForTest().watching());
    Files.writeString(beta.resolve("src/lib/Later.java"), "package lib;\n\npublic class Later {\n}\n");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(LspTestClient.TIMEOUT_SECONDS);
    while (symbols(c, "Later").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(List.of("class Later [lib] beta/src/lib/Later.java 3:14-3:19"), symbols(c, "Later"));
  }

  @Test
  void folderChangesReadLikeInitialize() throws Exception {
    Path file = Files.writeString(temp.resolve("file.txt"), "");
    List<String> problems = new ArrayList<>();
    WorkspaceFoldersChangeEvent e = new WorkspaceFoldersChangeEvent(
        new ArrayList<>(List.of(folders(List.of(beta)).get(0), new WorkspaceFolder(file.toUri().toString(), "file"),
            new WorkspaceFolder("https://example.com/x", "web"), new WorkspaceFolder(alpha.toUri().toString(), "again"))),
        new ArrayList<>(java.util.Arrays.asList(null, new WorkspaceFolder(folders.resolve("never").toUri().toString(), "x"))));
    assertEquals(List.of(alpha, beta), dev.vcr.lsp.protocol.FromLsp.roots(List.of(alpha), e, problems));
    assertEquals(2, problems.size(), problems::toString);
    assertEquals(List.of(alpha), dev.vcr.lsp.protocol.FromLsp.roots(List.of(alpha), null, problems));
    assertEquals(List.of(), dev.vcr.lsp.protocol.FromLsp.roots(List.of(alpha),
        new WorkspaceFoldersChangeEvent(List.of(), folders(List.of(alpha))), problems));
  }

  private void changeFolders(LspTestClient c, List<Path> added, List<Path> removed) {
    c.server().getWorkspaceService().didChangeWorkspaceFolders(
        new DidChangeWorkspaceFoldersParams(new WorkspaceFoldersChangeEvent(folders(added), folders(removed))));
  }

  private static List<WorkspaceFolder> folders(List<Path> roots) {
    return roots.stream().map(r -> new WorkspaceFolder(r.toUri().toString(), r.getFileName().toString())).toList();
  }

  private List<String> symbols(LspTestClient c, String query) throws Exception {
    List<String> out = new ArrayList<>();
    for (WorkspaceSymbol s : get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams(query))).getRight()) {
      if (s.getName().equals(query)) {
        out.add(Render.symbol(folders, s));
      }
    }
    return out;
  }

  private static List<String> outgoing(LspTestClient c, CallHierarchyItem item) throws Exception {
    List<String> names = new ArrayList<>();
    for (CallHierarchyOutgoingCall call : get(c.server().getTextDocumentService()
        .callHierarchyOutgoingCalls(new CallHierarchyOutgoingCallsParams(item)))) {
      names.add(call.getTo().getName());
    }
    return names;
  }

  private List<String> refs(LspTestClient c, Path file, Position pos) throws Exception {
    List<String> out = new ArrayList<>(Render.locations(folders, get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(true))))));
    out.sort(null);
    return out;
  }
}
