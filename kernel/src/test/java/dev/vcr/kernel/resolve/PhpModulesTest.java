package dev.vcr.kernel.resolve;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PHP namespaces and use statements ({@link PhpResolver}) on {@code fixtures/resolve-modules/php/}: the
 * namespaces App\Shop and App\Other and the global namespace declare the same names (Cart, helper, LIMIT).
 */
class PhpModulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String SHOP = "php/src/Shop/Cart.php";
  static final String BASKET = "php/src/Shop/Basket.php";
  static final String OTHER = "php/src/Other/Cart.php";
  static final String GLOBAL = "php/src/global.php";
  static final String FRONT = "php/src/Front/Checkout.php";
  static final String TWO = "php/src/Multi/two.php";
  static final String BRACED = "php/src/Multi/braced.php";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-modules"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void useImportsAClass() {
    ws.definition(FRONT, "public function run(): |Cart", SHOP, "class |Cart");
    ws.definition(FRONT, "new |Cart(1)", SHOP, "class |Cart", SHOP, "public function |__construct");
    ws.definition(FRONT, "Cart::|make()", SHOP, "public static function |make()");
    ws.definition(FRONT, "use App\\Other\\|Cart as OtherCart;", OTHER, "class |Cart");
  }

  @Test
  void useAliasesAndNamespacePrefixes() {
    ws.definition(FRONT, "new |OtherCart()", OTHER, "class |Cart");
    ws.definition(FRONT, "OtherCart::|MAX", OTHER, "public const |MAX");
    ws.definition(FRONT, "new Other\\|Cart()", OTHER, "class |Cart");
  }

  @Test
  void fullyQualifiedNames() {
    ws.definition(FRONT, "new \\App\\Other\\|Cart()", OTHER, "class |Cart");
    ws.definition(FRONT, "new \\|Legacy()", GLOBAL, "class |Legacy");
  }

  @Test
  void useFunctionAndUseConst() {
    ws.definition(FRONT, "$f = |helper()", SHOP, "function |helper()");
    ws.definition(FRONT, "$h = |LIMIT", SHOP, "const |LIMIT");
  }

  @Test
  void unqualifiedNamesAreTheNamespacesThenGlobalFunctions() {
    ws.definition(BASKET, "function fill(): |Cart", SHOP, "class |Cart");
    ws.definition(BASKET, "new |Cart(3)", SHOP, "class |Cart", SHOP, "public function |__construct");
    ws.definition(BASKET, "    |helper();", SHOP, "function |helper()");
    ws.definition(FRONT, "$i = |local_fn()", FRONT, "function |local_fn()");
    ws.definition(FRONT, "$g = |only_global()", GLOBAL, "function |only_global()");
  }

  /**
   * A file declaring App\\Shop then App\\Other (statement form, then braced blocks): each name, declaration
   * and use statement belongs to the namespace declared last before it; both namespaces declare Cart and
   * helper, and the file declares a Crate in each.
   */
  @Test
  void severalNamespacesInOneFile() {
    ws.definition(TWO, "function two_shop(): |Cart", SHOP, "class |Cart");
    ws.definition(TWO, "return new |Cart(7)", SHOP, "class |Cart", SHOP, "public function |__construct");
    ws.definition(TWO, "$t1 = new |Thing()", OTHER, "class |Cart");
    ws.definition(TWO, "function two_other(): |Cart", OTHER, "class |Cart");
    ws.definition(TWO, "return new |Cart();", OTHER, "class |Cart");
    ws.definition(TWO, "    |helper();", OTHER, "function |helper()");
    ws.definition(TWO, "new \\App\\Shop\\|Crate()", TWO, "class |Crate // in App\\Shop");
    ws.definition(TWO, "$d = new |Crate()", TWO, "class |Crate // in App\\Other");
    // the use of the first block binds nothing in the second
    ws.definition(TWO, "$t2 = new |Thing()", TWO, "class |Thing");
  }

  @Test
  void severalBracedNamespacesInOneFile() {
    ws.definition(BRACED, "function braced_shop(): |Cart", SHOP, "class |Cart");
    ws.definition(BRACED, "        |helper();", SHOP, "function |helper()");
    ws.definition(BRACED, "return new |Cart(9)", SHOP, "class |Cart", SHOP, "public function |__construct");
    ws.definition(BRACED, "function braced_other(): |Cart", OTHER, "class |Cart");
    ws.definition(BRACED, "$k = new |Crate()", TWO, "class |Crate // in App\\Shop");
    ws.definition(BRACED, "return |LIMIT", OTHER, "const |LIMIT");
    // namespace { } is the global namespace
    ws.definition(BRACED, "function braced_global(): |Cart", GLOBAL, "class |Cart");
    // a block on one line: its code is not part of the namespace declaration
    ws.definition(BRACED, "function one_line(): |Cart", SHOP, "class |Cart");
    ws.definition(BRACED, "return new |Cart(5)", SHOP, "class |Cart", SHOP, "public function |__construct");
  }

  @Test
  void unknownClassesAreUndecided() {
    ws.undecided(FRONT, "new |Unknown()");
  }

  @Test
  void referencesOfAGlobalClassAreNotTheNamespacedUses() {
    // only the uses in braced.php's global block, `namespace { }`
    ws.references(GLOBAL, "class |Cart", BRACED, "function braced_global(): |Cart", BRACED, "return new |Cart();");
    ws.references(GLOBAL, "function |helper()");
  }
}
