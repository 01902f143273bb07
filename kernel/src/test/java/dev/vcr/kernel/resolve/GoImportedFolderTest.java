package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An import path no module of the workspace claims ({@code "fmt"} in Go's own standard library, whose
 * {@code go.mod} says {@code module std}) is taken to be the deepest folder it ends with that declares the
 * name. Finding that folder needs only the paths of the name's declarations; it used to read every one of
 * them (every file declaring {@code Println}, {@code New} or {@code Error}), the largest single cost of
 * the standard library's link pass (its link 10.1-10.9 s before, 8.9 s after; same index hash).
 */
class GoImportedFolderTest {
  private static final int OTHER_FOLDERS = 40;

  /** Counts the definitions a store would decode to answer: by-name lookups decode every match. */
  private static final class DecodeCounting extends InMemoryLookup {
    int decoded;

    @Override
    public List<DefHit> definitionsNamed(String name) {
      List<DefHit> all = super.definitionsNamed(name);
      decoded += all.size();
      return all;
    }

    @Override
    public List<DefHit> definitionsNamedIn(String name,
        java.util.function.BiPredicate<String, dev.vcr.kernel.model.SymbolKind> among) {
      List<DefHit> out = new ArrayList<>();
      for (DefHit d : super.definitionsNamed(name)) {
        if (!d.definition().kind().isLocal() && among.test(d.path(), d.definition().kind())) {
          out.add(d); // a store reads only the files of accepted entries
        }
      }
      decoded += out.size();
      return out;
    }

    @Override
    public List<String> pathsDefining(String name) {
      List<String> out = new ArrayList<>(); // a store answers from its name table
      for (DefHit d : super.definitionsNamed(name)) {
        out.add(d.path());
      }
      return out;
    }
  }

  @Test
  void anUnclaimedImportPathReadsOnlyTheImportedFoldersDeclarations() {
    DecodeCounting lookup = new DecodeCounting();
    for (int i = 0; i < OTHER_FOLDERS; i++) {
      lookup.add("p" + i + "/p.go", Language.GO, "package p" + i + "\n\nfunc Println(a ...any) {}\n");
    }
    lookup.add("fmt/print.go", Language.GO, "package fmt\n\nfunc Println(a ...any) {}\n");
    lookup.add("internal/fmt/x.go", Language.GO, "package fmt\n\nfunc Sprint(a ...any) string { return \"\" }\n");
    lookup.add("cmd/main.go", Language.GO,
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n\tfmt.Println(2)\n}\n");
    GoResolver resolver = new GoResolver(lookup);
    FileFacts f = lookup.files.get("cmd/main.go");
    lookup.decoded = 0;
    int uses = 0;
    for (Reference r : f.references()) {
      if (!r.name().equals("Println")) {
        continue;
      }
      Optional<List<DefHit>> found = resolver.resolve("cmd/main.go", f, r);
      assertTrue(found.isPresent() && found.get().size() == 1, "one declaration for the use at " + r.span());
      assertEquals("fmt/print.go", found.get().get(0).path());
      uses++;
    }
    assertEquals(2, uses);
    // fmt's Println, once (the resolver keeps what an import path and name gave); before, all 41 of them
    assertTrue(lookup.decoded <= 2, "definitions decoded: " + lookup.decoded);
  }
}
