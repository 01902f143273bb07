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
 * What a Rust resolver reads while it resolves many uses of a method name that many types implement
 * ({@code len}, {@code new}, {@code fmt}: thousands of each in rustc's tree). A Rust method has no
 * container; it belongs to the type its {@code self} has, so both {@code self.len()} and {@code T8::len(..)}
 * look at every method of that name. The methods of a name and their {@code self} types are worked out
 * once per resolver; before, every use read each same-named method's file again, and rustc's link pass
 * took 72 s of a 1:28 build (now 18 s).
 */
class RustMethodLookupsTest {
  private static final int TYPES = 60;
  private static final int USES = 40;

  @Test
  void manyUsesOfAMuchImplementedMethodReadItsFilesOnce() {
    CountingLookup lookup = new CountingLookup();
    StringBuilder lib = new StringBuilder("mod user;\n");
    for (int i = 0; i < TYPES; i++) {
      lib.append("pub mod t").append(i).append(";\n");
      lookup.add("src/t" + i + ".rs", Language.RUST, "pub struct T" + i + ";\nimpl T" + i + " {\n"
          + "    pub fn len(&self) -> usize { " + i + " }\n}\n");
    }
    lookup.add("src/lib.rs", Language.RUST, lib.toString());
    StringBuilder user = new StringBuilder("use crate::t7::T7;\nuse crate::t8::T8;\nimpl T7 {\n"
        + "    fn count(&self) -> usize {\n        let mut n = 0;\n");
    for (int u = 0; u < USES; u++) {
      user.append("        n += self.len();\n        n += T8::len(&T8);\n");
    }
    user.append("        n\n    }\n}\n");
    lookup.add("src/user.rs", Language.RUST, user.toString());

    RustResolver resolver = new RustResolver(lookup);
    FileFacts f = lookup.files.get("src/user.rs");
    lookup.reset();
    int self = 0;
    int typed = 0;
    for (Reference r : f.references()) {
      if (!r.name().equals("len")) {
        continue;
      }
      Optional<List<DefHit>> found = resolver.resolve("src/user.rs", f, r);
      assertTrue(found.isPresent() && found.get().size() == 1, "one method for the use at " + r.span());
      String path = found.get().get(0).path();
      if ("self".equals(r.receiver())) {
        assertEquals("src/t7.rs", path, "self.len() in impl T7 is T7's len");
        self++;
      } else {
        assertEquals("src/t8.rs", path, "T8::len is T8's len");
        typed++;
      }
    }
    assertEquals(USES, self);
    assertEquals(USES, typed);
    // a few reads per use (its own file, its type's) and each method's file once or twice for its self
    // type, not every method's file per use (4,964 reads before; 284 now)
    assertTrue(lookup.fileReads() < 2 * TYPES + 3 * 2 * USES, "file reads: " + lookup.fileReads());
  }
}
