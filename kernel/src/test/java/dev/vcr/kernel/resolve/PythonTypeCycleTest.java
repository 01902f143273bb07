package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Written types that name their own declaration again, directly or through others, answer "cannot tell"
 * instead of recursing: {@code a: b.T} with {@code b: a.T} sent the Python resolver from the annotation of
 * one to the other until the stack overflowed, and the link pass of a 19,000-file Python tree (an
 * interpreter's standard library with its site-packages) failed whole.
 */
class PythonTypeCycleTest {
  @Test
  void annotationsThatNameEachOtherAreUnknownNotAStackOverflow() {
    InMemoryLookup lookup = new InMemoryLookup();
    lookup.add("pkg/m.py", Language.PYTHON, String.join("\n",
        "a: b.T = None",
        "b: a.T = None",
        "c: c.T = None",
        "def f() -> f.x: ...",
        "",
        "a.foo()",
        "c.bar",
        "f().baz",
        "class K:",
        "    def run(self):",
        "        me: me.U = None",
        "        me.go()",
        ""));
    PythonResolver resolver = new PythonResolver(lookup);
    FileFacts f = lookup.facts("pkg/m.py");
    int asked = 0;
    for (Reference r : f.references()) {
      if (List.of("foo", "bar", "baz", "go").contains(r.name())) {
        Optional<List<DefHit>> found = resolver.resolve("pkg/m.py", f, r);
        assertTrue(found.isEmpty() || found.get().isEmpty(), r.name() + " names nothing: " + found);
        asked++;
      }
    }
    assertTrue(asked == 4, "uses asked: " + asked);
  }
}
