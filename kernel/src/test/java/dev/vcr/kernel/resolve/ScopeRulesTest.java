package dev.vcr.kernel.resolve;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scopes and self members in the languages without a full resolver (Rust, C#, Ruby, PHP; issue 12), on
 * {@code fixtures/resolve-scopes/}: each file declares a workspace function and locals or parameters named
 * like it, and two types with same-named members. Positions are marked by '|' (see
 * {@link PythonResolverTest.Ws}).
 */
class ScopeRulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String RS = "rust/src/lib.rs";
  static final String CS = "cs/Cart.cs";
  static final String RB = "rb/cart.rb";
  static final String PHP = "php/Cart.php";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-scopes"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void localsAndParametersNeverMatchWorkspaceDeclarations() {
    ws.definition(RS, "println!(\"{}\", |total)", RS, "let |total = self.count()");
    ws.definition(RS, "|count + 1", RS, "report(|count: u32)");
    ws.references(RS, "pub fn |total(items");
    ws.definition(CS, "WriteLine(sum + |total", CS, "Add(int |total)");
    ws.definition(CS, "return |count + 1", CS, "total(int |count)");
    ws.references(CS, "static int |total(int count)");
    ws.definition(RB, "puts size + |total", RB, "def add(|total)");
    ws.references(RB, "def |total(items)");
    ws.definition(PHP, "echo $sum + $|total", PHP, "function add($|total)");
    ws.references(PHP, "function |total($items)");
  }

  @Test
  void selfMembersAreTheEnclosingTypes() {
    // Rust: methods of the impl block whose self type is the enclosing one, fields of the struct
    ws.definition(RS, "let total = self.|count()", RS, "pub fn |count(&self) -> u32 {\n        self.count\n    }\n\n    pub fn add");
    ws.definition(RS, "self.|count += n", RS, "    |count: u32,\n}\n\nimpl Cart");
    // C#: this.member, and a bare member name inside the class
    ws.definition(CS, "var sum = this.|Count()", CS, "public int |Count() { return this.count; }");
    ws.definition(CS, "this.|count += total", CS, "private int |count;\n\n        public Cart()");
    ws.definition(CS, "public int Count() { return |count; }", CS, "private int |count;\n\n        public int Count() { return count");
    ws.references(CS, "private int |count;\n\n        public int Count() { return count", CS,
        "public int Count() { return |count; }");
    // the class's own name inside it is the class, not its constructor
    ws.definition(CS, "{ |Cart copy = new", CS, "public class |Cart : Named");
    // a member of the base class, not the same-named one of an unrelated class
    ws.definition(CS, "this.|Name())", CS, "public string |Name() { return \"named\"; }");
    // Ruby: self.method
    ws.definition(RB, "size = self.|count", RB, "def |count\n    @count");
    // PHP: $this->member
    ws.definition(PHP, "$sum = $this->|count()", PHP, "public function |count() { return $this->count; }\n\n    public function add");
  }
}
