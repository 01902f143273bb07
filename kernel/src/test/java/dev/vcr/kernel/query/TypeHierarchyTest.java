package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supertypes, subtypes and implementations in Java, Python and TypeScript, known by construction. */
class TypeHierarchyTest {
  @TempDir Path tmp;

  private void write(Path ws, String rel, String text) throws IOException {
    Files.createDirectories(ws.resolve(rel).getParent());
    Files.writeString(ws.resolve(rel), text);
  }

  private static DefHit def(Navigator nav, String path, String qualified) {
    FileFacts f = nav.facts(path);
    for (int i = 0; i < f.definitions().size(); i++) {
      Definition d = f.definitions().get(i);
      if (qualified.equals(d.qualifiedName())) {
        return new DefHit(path, i, d);
      }
    }
    throw new AssertionError(qualified + " not in " + path);
  }

  private static List<String> names(List<DefHit> hits) {
    return hits.stream().map(h -> h.definition().qualifiedName()).toList();
  }

  private static Results.FilePosition at(Navigator nav, DefHit d) {
    return new Results.FilePosition(d.path(), d.definition().nameSpan().startLine(),
        d.definition().nameSpan().startCol(), false);
  }

  @Test
  void javaInterfaceClassChain() throws IOException {
    Path ws = tmp.resolve("ws");
    write(ws, "p/Shape.java", "package p;\ninterface Shape {\n  double area();\n}\n");
    write(ws, "p/Base.java", "package p;\nabstract class Base implements Shape {\n  public double area() { return 0; }\n}\n");
    write(ws, "p/Square.java", "package p;\nclass Square extends Base {\n  public double area() { return 1; }\n"
        + "  public double area(int scale) { return scale; }\n}\n");
    write(ws, "p/Other.java", "package p;\nclass Other {\n  public double area() { return 2; }\n}\n");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = wi.navigator();
      TypeHierarchy th = new TypeHierarchy(nav);
      DefHit shape = def(nav, "p/Shape.java", "p.Shape");
      DefHit base = def(nav, "p/Base.java", "p.Base");
      assertEquals(List.of("p.Shape"), names(th.supertypes(base)));
      assertEquals(List.of("p.Base"), names(th.subtypes(shape)));
      assertEquals(List.of("p.Base", "p.Square"), names(th.implementations(at(nav, shape))));
      // The interface method: implemented in Base, overridden in Square; not Other's, not the overload.
      assertEquals(List.of("p.Base.area", "p.Square.area"),
          names(th.implementations(at(nav, def(nav, "p/Shape.java", "p.Shape.area")))));
    }
  }

  @Test
  void pythonAndTypeScriptSubclasses() throws IOException {
    Path ws = tmp.resolve("ws");
    write(ws, "animals.py", "class Animal:\n    def speak(self):\n        pass\n\nclass Dog(Animal):\n"
        + "    def speak(self):\n        return 'woof'\n");
    write(ws, "shapes.ts", "export class Shape {\n  area(): number { return 0; }\n}\n"
        + "export class Circle extends Shape {\n  area(): number { return 3; }\n}\n");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = wi.navigator();
      TypeHierarchy th = new TypeHierarchy(nav);
      DefHit animal = def(nav, "animals.py", "Animal");
      assertEquals(List.of("Dog"), names(th.subtypes(animal)));
      assertEquals(List.of("Animal"), names(th.supertypes(def(nav, "animals.py", "Dog"))));
      assertEquals(List.of("Dog.speak"), names(th.implementations(at(nav, def(nav, "animals.py", "Animal.speak")))));
      DefHit shape = def(nav, "shapes.ts", "Shape");
      assertEquals(1, th.subtypes(shape).size());
      assertEquals("Circle", th.subtypes(shape).get(0).definition().name());
    }
  }
}
