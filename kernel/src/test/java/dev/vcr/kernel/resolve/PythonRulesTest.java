package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python rules of issue 12, one fixture file each under {@code fixtures/resolve-py-rules/shop/}, with
 * positions marked by '|' (see {@link PythonResolverTest.Ws}).
 */
class PythonRulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-py-rules"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  /** Callers of the callable declared at a position, as {@code path:name}. */
  static List<String> callers(String path, String decl) {
    List<CallItem> items = ws.nav.prepareCallHierarchy(ws.at(path, decl));
    assertEquals(1, items.size(), "call item at " + decl);
    List<String> out = new ArrayList<>();
    for (IncomingCall c : ws.nav.incomingCalls(items.get(0))) {
      out.add(c.from().path() + ":" + c.from().definition().name());
    }
    return out;
  }

  @Test
  void callingAClassCallsItsOwnInitOnly() {
    // Own defines __init__: the call names it and the class
    ws.definition("shop/ctor.py", "b = |Own(\"b\")", "shop/ctor.py", "    def |__init__(self, name):\n        super()",
        "shop/ctor.py", "class |Own(Base)");
    // Plain inherits Base.__init__: the call names the class only
    ws.definition("shop/ctor.py", "a = |Plain(\"a\")", "shop/ctor.py", "class |Plain(Base)");
    // so Base.__init__ is called by Own.__init__ (super) and by no instantiation of a subclass
    assertEquals(List.of("shop/ctor.py:__init__"),
        callers("shop/ctor.py", "    def |__init__(self, name):\n        self.name"));
    ws.references("shop/ctor.py", "    def |__init__(self, name):\n        super()", "shop/ctor.py", "b = |Own(\"b\")");
    assertEquals(List.of("shop/ctor.py:make"), callers("shop/ctor.py", "    def |__init__(self, name):\n        super()"));
  }
}
