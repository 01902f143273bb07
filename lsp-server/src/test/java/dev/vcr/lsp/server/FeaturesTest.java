package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DefinitionCapabilities;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

/** initialize negotiation, definition and document symbols in both client flavours, multi-root, options. */
class FeaturesTest extends ServerTestSupport {
  @Test
  void advertisesWhatIsImplemented() throws Exception {
    Path root = fixture("java");
    LspTestClient c = client();
    InitializeResult r = c.initialize(root);
    ServerCapabilities caps = r.getCapabilities();
    assertEquals(TextDocumentSyncKind.Incremental, caps.getTextDocumentSync().getRight().getChange());
    assertTrue(caps.getTextDocumentSync().getRight().getOpenClose());
    assertTrue(caps.getReferencesProvider().getLeft());
    assertTrue(caps.getDefinitionProvider().getLeft());
    assertTrue(caps.getDocumentSymbolProvider().getLeft());
    assertTrue(caps.getWorkspaceSymbolProvider().getLeft());
    assertTrue(caps.getCallHierarchyProvider().getLeft());
    assertTrue(caps.getHoverProvider().getLeft());
    assertTrue(caps.getDocumentHighlightProvider().getLeft());
    assertTrue(caps.getDeclarationProvider().getLeft());
    assertTrue(caps.getImplementationProvider().getLeft());
    assertTrue(caps.getTypeHierarchyProvider().getLeft());
    // Multi-root: folders may be added and removed while running (workspace/didChangeWorkspaceFolders).
    assertTrue(caps.getWorkspace().getWorkspaceFolders().getSupported());
    assertTrue(caps.getWorkspace().getWorkspaceFolders().getChangeNotifications().getRight());
    assertNull(caps.getCompletionProvider());
    assertNull(caps.getRenameProvider());
    assertEquals("vcr", r.getServerInfo().getName());
    // The Maven project version, from the same resource as `vcr --version`.
    assertEquals(dev.vcr.lsp.Version.get(), r.getServerInfo().getVersion());
    assertTrue(r.getServerInfo().getVersion().matches("\\d+\\.\\d+\\.\\d+.*"), r.getServerInfo().getVersion());
  }

  @Test
  void definitionAsLinksOrLocations() throws Exception {
    Path root = fixture("java");
    Path checkout = root.resolve("src/shop/Checkout.java");
    Position call = Render.find(Files.readString(checkout), "applyDiscount(total)", 3);

    LspTestClient links = indexed(root);
    Either<List<? extends Location>, List<? extends LocationLink>> a = get(links.server().getTextDocumentService()
        .definition(new DefinitionParams(doc(checkout), call)));
    LocationLink link = a.getRight().get(0);
    assertEquals(1, a.getRight().size());
    assertEquals("src/shop/Checkout.java", Render.path(root, link.getTargetUri()));
    assertEquals("9:14-9:27", Render.range(link.getTargetSelectionRange()), "the name");
    assertEquals("9:3-11:4", Render.range(link.getTargetRange()), "the whole method");
    assertEquals("6:12-6:25", Render.range(link.getOriginSelectionRange()));

    LspTestClient plain = client().tweakCapabilities(caps -> caps.getTextDocument().setDefinition(new DefinitionCapabilities(false, false)));
    plain.initialize(root);
    plain.awaitIndexed();
    Either<List<? extends Location>, List<? extends LocationLink>> b = get(plain.server().getTextDocumentService()
        .definition(new DefinitionParams(doc(checkout), call)));
    assertEquals(List.of("src/shop/Checkout.java 9:14-9:27"), Render.locations(root, b.getLeft()));
  }

  @Test
  void documentSymbolsNestedOrFlat() throws Exception {
    Path root = fixture("java");
    Path cart = root.resolve("src/shop/Cart.java");
    LspTestClient nested = indexed(root);
    List<Either<SymbolInformation, DocumentSymbol>> a = get(nested.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(cart))));
    assertEquals(1, a.size());
    DocumentSymbol cls = a.get(0).getRight();
    assertEquals("Cart", cls.getName());
    assertEquals("6:14-6:18", Render.range(cls.getSelectionRange()));
    List<String> children = new ArrayList<>();
    for (DocumentSymbol d : cls.getChildren()) {
      children.add(d.getKind() + " " + d.getName());
    }
    assertEquals(List.of("Field items", "Method add", "Method total"), children);

    LspTestClient flat = client().tweakCapabilities(caps -> caps.getTextDocument().setDocumentSymbol(new DocumentSymbolCapabilities()));
    flat.initialize(root);
    flat.awaitIndexed();
    List<String> b = new ArrayList<>();
    for (Either<SymbolInformation, DocumentSymbol> e : get(flat.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(cart))))) {
      SymbolInformation s = e.getLeft();
      b.add(s.getName() + (s.getContainerName() == null ? "" : " in " + s.getContainerName()) + " "
          + Render.location(root, s.getLocation()));
    }
    assertEquals(List.of("Cart src/shop/Cart.java 6:14-6:18", "items in Cart src/shop/Cart.java 7:28-7:33",
        "add in Cart src/shop/Cart.java 9:15-9:18", "total in Cart src/shop/Cart.java 13:14-13:19"), b);
  }

  @Test
  void multiRootWorkspace() throws Exception {
    Path java = fixture("java");
    Path go = fixture("go");
    LspTestClient c = client();
    c.initialize(List.of(java, go), null, null);
    c.awaitIndexed();
    List<String> found = new ArrayList<>();
    for (WorkspaceSymbol s : get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"))).getRight()) {
      found.add(s.getKind() + " " + s.getName() + " " + s.getLocation().getLeft().getUri().replace(temp.toUri().toString(), ""));
    }
    found.sort(null);
    assertEquals(List.of("Class Cart ws/java/src/shop/Cart.java", "Struct Cart ws/go/store/cart.go"), found);
  }

  @Test
  void rootUriFallbackAndInitializationOptions() throws Exception {
    Path root = fixture("typescript");
    Path indexBase = Files.createDirectories(temp.resolve("client-index"));
    LspTestClient c = client();
    InitializeParams p = new InitializeParams();
    p.setRootUri(root.toUri().toString());
    p.setCapabilities(c.capabilities(null));
    JsonObject options = new JsonObject();
    options.addProperty("indexDir", indexBase.toString());
    JsonArray languages = new JsonArray();
    languages.add("javascript");
    options.add("languages", languages);
    options.add("maxFileBytes", null);
    p.setInitializationOptions(options);
    get(c.server().initialize(p));
    c.server().initialized(new org.eclipse.lsp4j.InitializedParams());
    c.awaitIndexed();
    JsonObject stats = get(c.server().stats());
    assertEquals(1, stats.get("files").getAsInt(), "only the JavaScript file: " + stats);
    assertTrue(stats.get("indexDir").getAsString().startsWith(indexBase.toString()), stats.get("indexDir").getAsString());
    // A TypeScript document is accepted and ignored.
    Path model = root.resolve("src/model.ts");
    c.open(model, "typescript");
    assertEquals(List.of(), get(c.server().getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc(model)))));
  }
}
