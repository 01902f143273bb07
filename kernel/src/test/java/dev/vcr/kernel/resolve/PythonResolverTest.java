package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python resolution over the fixture workspace {@code fixtures/resolve-py/}: module-level names, each
 * import form (plain, dotted, aliased, from, relative, star, {@code src/} layout), shadowing by parameters
 * and nested functions, {@code self}/{@code cls}/{@code super()} members through bases, annotations,
 * builtins and library modules (nothing), and a decoy module {@code other/decoy.py} whose same-named
 * definitions must never be returned.
 */
class PythonResolverTest {
  @TempDir static Path tmp;
  static Ws ws;

  @BeforeAll
  static void index() throws Exception {
    ws = Ws.open(Golden.resources().resolve("fixtures/resolve-py"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void moduleLevelNamesAndShadowing() {
    ws.definition("app/models.py", "limit = |MAX", "app/models.py", "|MAX = 10");
    ws.definition("app/models.py", "return |helper(self.limit)", "app/models.py", "def |helper(x)");
    // the module's own helper, not the one in models or the decoy
    ws.definition("app/service.py", "    |helper(1)", "app/service.py", "def |helper(x):");
    // a nested def shadows the module-level one
    ws.definition("app/service.py", "return |helper(2)", "app/service.py", "def |helper(y)");
    // a parameter shadows the class of the same name
    ws.definition("app/service.py", "    |Order.total()", "app/service.py", "def run(|Order)");
    // ... so the resolver cannot tell which `total` the untyped parameter has (Navigator then falls back
    // to names, see below)
    ws.undecided("app/service.py", "Order.|total()");
  }

  @Test
  void importForms() {
    String order = "class |Order(Entity)";
    String init = "def |__init__(self, customer)";
    // from m import X as Y: calling the alias names __init__ and the class
    ws.definition("app/service.py", "o = |O(\"c\")", "app/models.py", init, "app/models.py", order);
    ws.definition("app/service.py", "from app.models import |Order as O", "app/models.py", order);
    // import a.b as c
    ws.definition("app/service.py", "am.|Order(\"d\")", "app/models.py", init, "app/models.py", order);
    // import a.b binds a
    ws.definition("app/service.py", "app.models.|Order(\"e\")", "app/models.py", init, "app/models.py", order);
    // from . import module
    ws.definition("app/service.py", "models.|Order(\"f\")", "app/models.py", init, "app/models.py", order);
    // from .base import *
    ws.definition("app/service.py", "e = |Entity()", "app/base.py", "def |__init__(self)", "app/base.py", "class |Entity:");
    // from .util import name
    ws.definition("app/service.py", "return |format_total(", "app/util.py", "def |format_total(value)");
    // a package under src/
    ws.definition("app/service.py", "    |tool()", "src/toolkit/tools.py", "def |tool()");
    // library modules and builtins: nothing in the workspace
    ws.definitionNothing("app/service.py", "json.|dumps({})");
    ws.definitionNothing("app/service.py", "os.path.|join(");
    ws.definitionNothing("app/service.py", "|len([])");
  }

  @Test
  void relativeImportsGoUpFromTheFile() {
    ws.definition("app/sub/deep.py", "class Leaf(|Entity)", "app/base.py", "class |Entity:");
    ws.definition("app/sub/deep.py", "return |h(self.save())", "app/models.py", "def |helper(x)");
    ws.definition("app/sub/deep.py", "    |stamp(self)", "app/base.py", "def |stamp(entity)");
    ws.definition("app/models.py", "from .base import |Entity", "app/base.py", "class |Entity:");
  }

  @Test
  void selfClsAndSuperMembers() {
    ws.definition("app/models.py", "self.|price() * 2", "app/models.py", "def |price(self)");
    ws.definition("app/models.py", "helper(self.|limit)", "app/models.py", "|limit = MAX");
    ws.definition("app/models.py", "super().|__init__()", "app/base.py", "def |__init__(self)");
    ws.definition("app/models.py", "cls.|build()", "app/models.py", "def |build(cls)");
    // inherited through an aliased base class, then its own base
    ws.definition("app/service.py", "self.|save()", "app/base.py", "def |save(self)");
    ws.definition("app/service.py", "self.|total()", "app/models.py", "def |total(self)");
    // an override in the class itself wins over the base
    ws.definition("app/service.py", "format_total(self.|describe())", "app/service.py", "def |describe(self):\n        return \"special\"");
    // an instance attribute assigned in a base's __init__ (issue 12; it used to count as unknown)
    ws.definition("app/service.py", "return self.|customer", "app/models.py", "self.|customer = customer");
    // a local initialised by instantiating a class
    ws.definition("app/service.py", "    o.|total()", "app/models.py", "def |total(self)");
    // a string annotation names the class
    ws.definition("app/service.py", "order.|price()", "app/models.py", "def |price(self)");
    ws.definition("app/sub/deep.py", "h(self.|save())", "app/base.py", "def |save(self)");
  }

  @Test
  void referencesSkipTheDecoy() {
    ws.references("app/base.py", "def |save(self)",
        "app/service.py", "self.|save()",
        "app/sub/deep.py", "h(self.|save())");
    // the call through the import's alias is a use of helper too (stored links follow the alias)
    ws.references("app/models.py", "def |helper(x)",
        "app/models.py", "return |helper(self.limit)",
        "app/sub/deep.py", "from ..models import |helper as h",
        "app/sub/deep.py", "return |h(self.save())");
    ws.references("app/base.py", "def |stamp(entity)",
        "app/service.py", "    |stamp(self)",
        "app/sub/deep.py", "from ..base import Entity, |stamp",
        "app/sub/deep.py", "    |stamp(self)");
    // `Order.total()` on an untyped parameter is undecided: by Navigator's policy for Python (issue 12) an
    // undecided attribute counts by name only when one declaration fits; two `total`s do, so it counts for
    // neither. Every decided use goes to one of them.
    ws.references("app/models.py", "def |total(self)",
        "app/service.py", "    o.|total()",
        "app/service.py", "self.|total()");
    ws.references("other/decoy.py", "def |total(self)",
        "other/decoy.py", "Order().|total()");
    ws.references("app/util.py", "def |format_total(value)",
        "app/service.py", "from .util import |format_total",
        "app/service.py", "return |format_total(");
  }

  @Test
  void callHierarchyFollowsResolution() {
    assertEquals(List.of("app/base.py:save", "app/base.py:stamp", "app/models.py:total", "app/service.py:describe",
        "app/util.py:format_total"), ws.callees("app/service.py", "def |go(self)"));
  }

  /** A fixture workspace indexed in a temporary folder, with positions written as text around a '|'. */
  static final class Ws implements AutoCloseable {
    final Path root;
    final WorkspaceIndex index;
    Navigator nav;

    private Ws(Path root, WorkspaceIndex index) {
      this.root = root;
      this.index = index;
      this.nav = index.navigator();
    }

    /** Refreshes the index after files changed on disk, with a new navigator; returns the run's mode. */
    String refresh() throws IOException {
      String mode = index.refresh(Indexer.Progress.NONE, () -> false).mode();
      nav = index.navigator();
      return mode;
    }

    static Ws open(Path fixture, Path tmp) throws Exception {
      Path root = Files.createDirectories(tmp.resolve("ws"));
      try (Stream<Path> walk = Files.walk(fixture)) {
        for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
          Path to = root.resolve(fixture.relativize(p).toString());
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
      WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(root), tmp.resolve("index"), IndexOptions.defaults());
      index.refresh(Indexer.Progress.NONE, () -> false);
      return new Ws(root, index);
    }

    /** The position of the '|' in the only occurrence of {@code needle} (without the '|') in a file. */
    FilePosition at(String path, String needle) {
      String text;
      try {
        text = Files.readString(root.resolve(path), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      int bar = needle.indexOf('|');
      String plain = needle.substring(0, bar) + needle.substring(bar + 1);
      int hit = text.indexOf(plain);
      assertTrue(hit >= 0, "not found in " + path + ": " + plain);
      assertEquals(-1, text.indexOf(plain, hit + 1), "ambiguous in " + path + ": " + plain);
      int offset = hit + bar;
      int line = 0;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new FilePosition(path, line, offset - lineStart, true);
    }

    static String render(FilePosition p) {
      return p.path() + ":" + (p.line() + 1) + ":" + (p.character() + 1);
    }

    static String render(Location l) {
      return l.path() + ":" + (l.span().startLine() + 1) + ":" + (l.span().startCol16() + 1);
    }

    /** Pairs of (path, needle) as rendered positions. */
    List<String> positions(String... pathsAndNeedles) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < pathsAndNeedles.length; i += 2) {
        out.add(render(at(pathsAndNeedles[i], pathsAndNeedles[i + 1])));
      }
      return out;
    }

    /** Go-to-definition from a use answers exactly the given declarations, in order. */
    void definition(String path, String use, String... expected) {
      List<String> got = nav.definition(at(path, use)).stream().map(Ws::render).collect(Collectors.toList());
      assertEquals(positions(expected), got, "definition of " + use);
    }

    /** Go-to-definition answers nothing (a library or builtin name, or a run-time attribute). */
    void definitionNothing(String path, String use) {
      assertEquals(List.of(), nav.definition(at(path, use)).stream().map(Ws::render).collect(Collectors.toList()),
          "definition of " + use);
    }

    /** The language resolver itself answers "cannot tell" for the reference at a position. */
    void undecided(String path, String use) {
      Navigator.Target t = nav.targetAt(at(path, use)).orElseThrow();
      LanguageResolver lr = new Resolvers(nav).forLanguage(t.facts().language());
      assertTrue(lr.resolve(t.path(), t.facts(), t.ref()).isEmpty(), "undecided: " + use);
    }

    /** References of a declaration (without it) are exactly the given uses. */
    void references(String path, String decl, String... uses) {
      TreeSet<String> got = nav.references(at(path, decl), false).stream().map(Ws::render)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(positions(uses)), got, "references of " + decl);
    }

    /** Outgoing calls of the callable declared at a position, as {@code path:name}. */
    List<String> callees(String path, String decl) {
      List<CallItem> items = nav.prepareCallHierarchy(at(path, decl));
      assertEquals(1, items.size(), "call item at " + decl);
      List<String> out = new ArrayList<>();
      for (OutgoingCall c : nav.outgoingCalls(items.get(0))) {
        out.add(c.to().path() + ":" + c.to().definition().name());
      }
      return out;
    }

    @Override
    public void close() {
      index.close();
    }
  }
}
