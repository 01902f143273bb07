package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;

import dev.vcr.lsp.testing.Golden;
import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.Test;

/**
 * References, call hierarchy (both directions, walked level by level until empty) and workspace symbols
 * over the fixture workspaces, through the LSP interface, compared with reviewed golden files in
 * {@code src/test/resources/golden/navigation/<fixture>.txt} ({@code -Dgolden.update=true} rewrites them).
 */
class GoldenNavigationTest extends ServerTestSupport {
  private static final int MAX_DEPTH = 6;

  /** One query: kind is refs, calls or symbols; the cursor is the first occurrence of needle, plus offset. */
  record Q(String kind, String file, String needle, int offset) {
    static Q refs(String file, String needle, int offset) {
      return new Q("refs", file, needle, offset);
    }

    static Q calls(String file, String needle, int offset) {
      return new Q("calls", file, needle, offset);
    }

    static Q symbols(String query) {
      return new Q("symbols", null, query, 0);
    }
  }

  @Test
  void java() throws Exception {
    check("java", List.of(
        Q.refs("src/shop/Item.java", "int price()", 4),
        Q.refs("src/shop/Item.java", "class Item", 6),
        Q.refs("src/shop/Checkout.java", "applyDiscount(int", 0),
        Q.calls("src/shop/Cart.java", "total()", 0),
        Q.calls("src/shop/Checkout.java", "applyDiscount(int", 0),
        Q.calls("src/shop/Checkout.java", "main(", 0),
        Q.symbols("Cart"),
        Q.symbols("pri"),
        Q.symbols("applyDisc")));
  }

  @Test
  void python() throws Exception {
    check("python", List.of(
        Q.refs("shop/models.py", "def make_item", 4),
        Q.refs("shop/cart.py", "def total", 4),
        Q.refs("shop/models.py", "class Item", 6),
        Q.calls("shop/cart.py", "def apply_discount", 4),
        Q.calls("shop/cart.py", "def checkout", 4),
        Q.calls("main.py", "def main", 4),
        Q.symbols("Item"),
        Q.symbols("check")));
  }

  @Test
  void typescript() throws Exception {
    check("typescript", List.of(
        Q.refs("src/model.ts", "price(): number {", 0),
        Q.refs("src/cart.ts", "function checkout", 9),
        Q.refs("src/model.ts", "function makeItem", 9),
        Q.calls("src/cart.ts", "function checkout", 9),
        Q.calls("src/cart.ts", "function applyDiscount", 9),
        Q.calls("src/cart.ts", "function demo", 9),
        Q.symbols("Cart"),
        Q.symbols("make")));
  }

  @Test
  void go() throws Exception {
    check("go", List.of(
        Q.refs("store/cart.go", "Total() int", 0),
        Q.refs("store/item.go", "func NewItem", 5),
        Q.refs("store/item.go", "type Item", 5),
        Q.calls("store/cart.go", "func Checkout", 5),
        Q.calls("store/cart.go", "func applyDiscount", 5),
        Q.calls("main.go", "func main", 5),
        Q.symbols("Cart"),
        Q.symbols("Item")));
  }

  private void check(String fixture, List<Q> queries) throws Exception {
    Path root = fixture(fixture);
    LspTestClient c = indexed(root);
    StringBuilder out = new StringBuilder();
    for (Q q : queries) {
      switch (q.kind()) {
        case "refs" -> references(c, root, q, out);
        case "calls" -> calls(c, root, q, out);
        default -> symbols(c, root, q, out);
      }
      out.append('\n');
    }
    Golden.check(Golden.resources().resolve("golden/navigation/" + fixture + ".txt"), out.toString());
  }

  private static Position cursor(Path root, Q q) throws Exception {
    return Render.find(Files.readString(root.resolve(q.file())), q.needle(), q.offset());
  }

  private static void references(LspTestClient c, Path root, Q q, StringBuilder out) throws Exception {
    Position pos = cursor(root, q);
    Path file = root.resolve(q.file());
    out.append("## references ").append(q.file()).append(' ').append(Render.pos(pos))
        .append(" \"").append(q.needle()).append("\"\n");
    List<? extends Location> with = get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(true))));
    List<? extends Location> without = get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(false))));
    Set<String> plain = new HashSet<>(Render.locations(root, without));
    for (String l : Render.locations(root, with)) {
      out.append(l).append(plain.contains(l) ? "" : "  (declaration)").append('\n');
    }
  }

  private static void calls(LspTestClient c, Path root, Q q, StringBuilder out) throws Exception {
    Position pos = cursor(root, q);
    Path file = root.resolve(q.file());
    out.append("## call hierarchy ").append(q.file()).append(' ').append(Render.pos(pos))
        .append(" \"").append(q.needle()).append("\"\n");
    List<CallHierarchyItem> items = get(c.server().getTextDocumentService()
        .prepareCallHierarchy(new CallHierarchyPrepareParams(doc(file), pos)));
    for (CallHierarchyItem item : items) {
      out.append("item ").append(Render.item(root, item)).append('\n');
      out.append("incoming:\n");
      incoming(c, root, item, 1, new ArrayList<>(), out);
      out.append("outgoing:\n");
      outgoing(c, root, item, 1, new ArrayList<>(), out);
    }
  }

  private static String key(CallHierarchyItem i) {
    return i.getUri() + "#" + Render.range(i.getSelectionRange());
  }

  private static void incoming(LspTestClient c, Path root, CallHierarchyItem item, int depth, List<String> path,
      StringBuilder out) throws Exception {
    path.add(key(item));
    for (CallHierarchyIncomingCall call : get(c.server().getTextDocumentService()
        .callHierarchyIncomingCalls(new CallHierarchyIncomingCallsParams(item)))) {
      boolean cycle = path.contains(key(call.getFrom()));
      out.append("  ".repeat(depth)).append("<- ").append(Render.item(root, call.getFrom()))
          .append(" at ").append(Render.ranges(call.getFromRanges())).append(cycle ? " (cycle)" : "").append('\n');
      if (!cycle && depth < MAX_DEPTH) {
        incoming(c, root, call.getFrom(), depth + 1, path, out);
      }
    }
    path.remove(path.size() - 1);
  }

  private static void outgoing(LspTestClient c, Path root, CallHierarchyItem item, int depth, List<String> path,
      StringBuilder out) throws Exception {
    path.add(key(item));
    for (CallHierarchyOutgoingCall call : get(c.server().getTextDocumentService()
        .callHierarchyOutgoingCalls(new CallHierarchyOutgoingCallsParams(item)))) {
      boolean cycle = path.contains(key(call.getTo()));
      out.append("  ".repeat(depth)).append("-> ").append(Render.item(root, call.getTo()))
          .append(" at ").append(Render.ranges(call.getFromRanges())).append(cycle ? " (cycle)" : "").append('\n');
      if (!cycle && depth < MAX_DEPTH) {
        outgoing(c, root, call.getTo(), depth + 1, path, out);
      }
    }
    path.remove(path.size() - 1);
  }

  private static void symbols(LspTestClient c, Path root, Q q, StringBuilder out) throws Exception {
    out.append("## workspace/symbol \"").append(q.needle()).append("\"\n");
    List<? extends WorkspaceSymbol> found = get(c.server().getWorkspaceService()
        .symbol(new WorkspaceSymbolParams(q.needle()))).getRight();
    for (WorkspaceSymbol s : found) {
      out.append(Render.symbol(root, s)).append('\n');
    }
  }
}
