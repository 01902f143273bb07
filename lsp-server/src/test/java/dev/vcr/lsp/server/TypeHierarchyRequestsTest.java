package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ImplementationParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TypeHierarchyItem;
import org.eclipse.lsp4j.TypeHierarchyPrepareParams;
import org.eclipse.lsp4j.TypeHierarchySubtypesParams;
import org.eclipse.lsp4j.TypeHierarchySupertypesParams;
import org.junit.jupiter.api.Test;

/** Type hierarchy and implementation over LSP: items round-trip through the client and are found again. */
class TypeHierarchyRequestsTest extends ServerTestSupport {
  @Test
  void preparesWalksBothWaysAndFindsImplementations() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws/p")).getParent();
    Path shape = root.resolve("p/Shape.java");
    Files.writeString(shape, "package p;\ninterface Shape {\n  double area();\n}\n");
    Files.writeString(root.resolve("p/Square.java"),
        "package p;\nclass Square implements Shape {\n  public double area() { return 1; }\n}\n");
    LspTestClient c = client();
    InitializeResult init = c.initialize(root);
    assertTrue(init.getCapabilities().getTypeHierarchyProvider().getLeft());
    c.awaitIndexed();
    var td = c.server().getTextDocumentService();

    List<TypeHierarchyItem> items = get(td.prepareTypeHierarchy(new TypeHierarchyPrepareParams(doc(shape),
        new Position(1, 12))));
    assertEquals(List.of("Shape"), items.stream().map(TypeHierarchyItem::getName).toList());
    List<TypeHierarchyItem> subs = get(td.typeHierarchySubtypes(new TypeHierarchySubtypesParams(items.get(0))));
    assertEquals(List.of("Square"), subs.stream().map(TypeHierarchyItem::getName).toList());
    List<TypeHierarchyItem> sups = get(td.typeHierarchySupertypes(new TypeHierarchySupertypesParams(subs.get(0))));
    assertEquals(List.of("Shape"), sups.stream().map(TypeHierarchyItem::getName).toList());

    var impl = get(td.implementation(new ImplementationParams(doc(shape), new Position(2, 10))));
    List<? extends Location> locs = impl.getLeft();
    assertEquals(1, locs.size());
    assertTrue(locs.get(0).getUri().endsWith("p/Square.java"), locs.toString());
    assertEquals(2, locs.get(0).getRange().getStart().getLine());
  }
}
