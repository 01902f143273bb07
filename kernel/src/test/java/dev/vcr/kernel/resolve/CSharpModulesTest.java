package dev.vcr.kernel.resolve;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C# namespaces and using directives ({@link CSharpResolver}) on {@code fixtures/resolve-modules/cs/}: the
 * namespaces Shop.Core and Other declare same-named types (Cart, Prices, Engine), and the global namespace
 * an Engine too, so each answer is one of several candidates.
 */
class CSharpModulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String CART = "cs/Shop/Cart.cs";
  static final String OTHER = "cs/Other/Other.cs";
  static final String GLOBAL = "cs/Global.cs";
  static final String ENGINE = "cs/Shop/Engine.cs";
  static final String CHECKOUT = "cs/App/Checkout.cs";
  static final String INNER = "cs/App/Inner.cs";
  static final String TOOLS = "cs/Shop/Tools.cs";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-modules"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void usingNamespaceBringsItsTypes() {
    ws.definition(CHECKOUT, "public |Cart Pick()", CART, "public class |Cart");
    ws.definition(CHECKOUT, "var c = Cart.|Empty()", CART, "public static Cart |Empty()");
    ws.definition(CHECKOUT, "new |Cart(3)", CART, "public class |Cart", CART, "public |Cart(int size)");
  }

  @Test
  void usingInsideANamespaceAppliesOnlyThere() {
    ws.definition(INNER, "public |Cart other", OTHER, "public class |Cart");
    ws.undecided(INNER, "public |Cart none");
  }

  @Test
  void usingAliases() {
    ws.definition(CHECKOUT, "O.|Cart viaAlias", OTHER, "public class |Cart");
    ws.definition(CHECKOUT, "|OC typeAlias", OTHER, "public class |Cart");
    ws.definition(CHECKOUT, "using OC = Other.|Cart;", OTHER, "public class |Cart");
  }

  @Test
  void usingStaticBringsMembers() {
    ws.definition(CHECKOUT, "int r = |Round(2)", CART, "public static int |Round(int x)");
    ws.definition(CHECKOUT, "using static Shop.Core.|Prices;", CART, "public static class |Prices");
  }

  @Test
  void qualifiedNames() {
    ws.definition(CHECKOUT, "Other.|Cart qualified", OTHER, "public class |Cart");
    ws.definition(CHECKOUT, "global::Other.|Engine rooted", OTHER, "public class |Engine { }\n\n    public class Only");
    ws.definition(CHECKOUT, "Shop.Core.Cart.|Line nested", CART, "public class |Line { }");
  }

  @Test
  void enclosingNamespacesComeBeforeUsingsAndTheGlobalNamespace() {
    ws.definition(ENGINE, "public |Engine engine", ENGINE, "public class |Engine { }");
    ws.definition(ENGINE, "public |Cart cart", CART, "public class |Cart");
    ws.definition(TOOLS, "public |Cart current", CART, "public class |Cart");
    ws.definition(TOOLS, "public |Prices prices", CART, "public static class |Prices");
    // the global namespace's members come before the usings written at the top of the file
    ws.definition(CHECKOUT, "|Engine engine = null", GLOBAL, "public class |Engine { }");
    ws.definition(CHECKOUT, "|Lonely lonely", GLOBAL, "public class |Lonely");
  }

  @Test
  void notImportedIsUndecided() {
    ws.undecided(CHECKOUT, "|Only only");
  }

  @Test
  void referencesOfATypeAreItsNamespacesUses() {
    ws.references(OTHER, "public class |Cart", OTHER, "public static |Cart Empty() { return null; }",
        CHECKOUT, "using OC = Other.|Cart;", CHECKOUT, "O.|Cart viaAlias", CHECKOUT, "|OC typeAlias", CHECKOUT, "Other.|Cart qualified",
        INNER, "public |Cart other", INNER, "public |Cart none");
  }
}
