package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a C++ resolver reads while it resolves many uses of a name that the workspace declares many times
 * (Boost's {@code type}, {@code value}, {@code detail}): a name's visible definitions are worked out once per
 * translation unit, the namespace test of a qualifier and the workspace-wide search of a qualified name once
 * per resolver, and no file is read whole to find a declaration's namespace; a header's using-directives are
 * read once, however many units include it. Before these were kept, each use walked every same-named
 * declaration again and read its file, and Boost's link pass ran for more than twenty minutes.
 */
class CppNameLookupsTest {
  private static final int HEADERS = 120;
  private static final int USES = 60;

  @Test
  void manyUsesOfAMuchDeclaredNameAskTheWorkspaceOnce() {
    CountingLookup lookup = new CountingLookup();
    for (int i = 0; i < HEADERS; i++) {
      lookup.add("h/n" + i + ".hpp", Language.CPP, "#pragma once\nnamespace lib { namespace n" + i + " {\n"
          + "struct type { int v; };\n} }\n");
    }
    StringBuilder main = new StringBuilder("#include \"h/n7.hpp\"\n#include \"h/n8.hpp\"\n"
        + "namespace lib { namespace n7 {\nint f() {\n");
    for (int u = 0; u < USES; u++) {
      main.append("  type a").append(u).append(";\n");
      main.append("  lib::n8::type b").append(u).append(";\n");
    }
    main.append("  return 0;\n}\n} }\n");
    lookup.add("main.cpp", Language.CPP, main.toString());

    CppResolver resolver = new CppResolver(lookup);
    FileFacts f = lookup.files.get("main.cpp");
    int bare = 0;
    int qualified = 0;
    for (Reference r : f.references()) {
      if (!r.name().equals("type")) {
        continue;
      }
      Optional<List<DefHit>> found = resolver.resolve("main.cpp", f, r);
      assertTrue(found.isPresent() && found.get().size() == 1, "one declaration for the use at " + r.span());
      String path = found.get().get(0).path();
      if (r.receiver() == null) {
        assertEquals("h/n7.hpp", path, "a bare use in lib::n7 names lib::n7::type");
        bare++;
      } else {
        assertEquals("h/n8.hpp", path, "lib::n8::type names the one in n8");
        qualified++;
      }
    }
    assertEquals(USES, bare);
    assertEquals(USES, qualified);
    // Each use costs no walk of the name's 120 declarations: a handful of by-name questions in all (the
    // name, its qualifiers, and the namespaces' names), not some per use.
    assertTrue(lookup.namedCalls < 20, "by-name lookups: " + lookup.namedCalls);
    // a declaration's namespace is read from its file's definitions, at most once per container
    assertTrue(lookup.definitionsCalls <= 2 * HEADERS + 10, "definition reads: " + lookup.definitionsCalls);
  }

  @Test
  void filesWhoseUnitsShareHeadersReadEachHeadersUsingsOnce() {
    CountingLookup lookup = new CountingLookup();
    StringBuilder all = new StringBuilder("#pragma once\n");
    for (int i = 0; i < HEADERS; i++) {
      lookup.add("h/n" + i + ".hpp", Language.CPP, "#pragma once\nnamespace lib { namespace n" + i + " {\n"
          + "struct type { int v; };\n} }\n");
      all.append("#include \"h/n").append(i).append(".hpp\"\n");
    }
    all.append("namespace lib { using namespace n3; }\n");
    lookup.add("all.hpp", Language.CPP, all.toString());
    int sources = 12;
    for (int k = 0; k < sources; k++) {
      lookup.add("src/s" + k + ".cpp", Language.CPP, "#include \"../all.hpp\"\nnamespace lib {\nint f" + k
          + "() { type t; return 0; }\n}\n");
    }
    CppResolver resolver = new CppResolver(lookup);
    lookup.factsCalls = 0;
    for (int k = 0; k < sources; k++) {
      String path = "src/s" + k + ".cpp";
      FileFacts f = lookup.files.get(path);
      Reference use = f.references().stream().filter(r -> r.name().equals("type")).findFirst().orElseThrow();
      Optional<List<DefHit>> found = resolver.resolve(path, f, use);
      assertTrue(found.isPresent() && found.get().size() == 1, "one declaration for " + path);
      assertEquals("h/n3.hpp", found.get().get(0).path(), "`using namespace n3` in lib, seen through all.hpp");
      resolver.endOfFile(); // as the link pass does after each file
    }
    // each unit's using-directives come from its headers' own, read once, not once per file of the pass
    assertTrue(lookup.factsCalls < 3 * HEADERS + 10 * sources, "facts reads: " + lookup.factsCalls);
  }
}
