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

  @Test
  void instanceAttributesAreDeclaredByTheirFirstAssignmentInAMethod() {
    String balance = "self.|balance = 0";
    ws.definition("shop/attrs.py", "= self.|balance + amount", "shop/attrs.py", balance);
    ws.definition("shop/attrs.py", "return self.|owner", "shop/attrs.py", "self.|owner = owner");
    // inherited from the base's __init__; through an annotated parameter; on a new instance
    ws.definition("shop/attrs.py", "self.kind, self.|balance", "shop/attrs.py", balance);
    ws.definition("shop/attrs.py", "return acct.|balance", "shop/attrs.py", balance);
    ws.definition("shop/attrs.py", "Account(\"x\").|owner", "shop/attrs.py", "self.|owner = owner");
    // a later assignment is a write of it, not a second declaration
    ws.references("shop/attrs.py", balance,
        "shop/attrs.py", "self.|balance = self.balance",
        "shop/attrs.py", "= self.|balance + amount",
        "shop/attrs.py", "self.kind, self.|balance",
        "shop/attrs.py", "return acct.|balance");
  }

  @Test
  void anInstanceAttributeShadowsTheClassAttribute() {
    // Savings assigns self.kind: its instances read their own attribute
    ws.definition("shop/attrs.py", "return self.|kind, self.balance", "shop/attrs.py", "self.|kind = \"savings\"");
    // Account's instances and the class object (cls, a classmethod's first parameter) read the class attribute
    ws.definition("shop/attrs.py", "return self.|kind\n", "shop/attrs.py", "|kind = \"plain\"");
    ws.definition("shop/attrs.py", "return cls.|kind", "shop/attrs.py", "|kind = \"plain\"");
  }

  @Test
  void anUntypedReceiverNamesAMemberOnlyWhenOneDeclarationFits() {
    // one `checkout` in the workspace: the call on an untyped parameter names it
    ws.references("shop/untyped.py", "def |checkout(self)", "shop/untyped.py", "thing.|checkout()");
    // two `clear`s: references and callers leave the call out, definition offers both
    ws.references("shop/untyped.py", "    def |clear(self):\n        return 0\n\n\nclass Queue");
    ws.definition("shop/untyped.py", "thing.|clear()", "shop/untyped.py",
        "    def |clear(self):\n        return 0\n\n\nclass Queue", "shop/untyped.py",
        "class Queue:\n    def |clear(self)");
    assertEquals(List.of("shop/untyped.py:checkout"), ws.callees("shop/untyped.py", "def |run(thing)"));
  }
}
