package dev.vcr.kernel.resolve;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ruby constants through module and class nesting ({@link RubyResolver}) on
 * {@code fixtures/resolve-modules/rb/}: Shop and Other both declare Item and Pricing::TAX, and the top level
 * an Item and a TAX too.
 */
class RubyModulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String SHOP = "rb/lib/shop.rb";
  static final String OTHER = "rb/lib/other.rb";
  static final String DISCOUNT = "rb/lib/discount.rb";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-modules"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void bareConstantsAreFoundInTheEnclosingModules() {
    ws.definition(SHOP, "item = |Item.new(name)", SHOP, "  class |Item", SHOP, "    def |initialize(name)");
    ws.definition(SHOP, "tax = |Pricing::TAX", SHOP, "  module |Pricing");
  }

  @Test
  void scopedConstantsAndMethodsOfAModule() {
    ws.definition(SHOP, "tax = Pricing::|TAX", SHOP, "    |TAX = 2");
    ws.definition(SHOP, "Pricing.|gross(1)", SHOP, "    def self.|gross(net)");
    ws.definition(DISCOUNT, "Shop::Pricing::|TAX", SHOP, "    |TAX = 2");
    ws.definition(DISCOUNT, "< Shop::|Item", SHOP, "  class |Item");
  }

  @Test
  void aCompactClassOpensOnlyItsOwnPath() {
    // `class Shop::Discount` does not open Shop: Item is the top level's
    ws.definition(DISCOUNT, "    |Item.new(\"x\")", OTHER, "class |Item\nend");
    ws.definition(DISCOUNT, "+ ::|TAX", OTHER, "|TAX = 4");
  }

  @Test
  void aConstantAnAncestorMayHoldIsUndecided() {
    ws.undecided(DISCOUNT, "    |Item.new(\"y\")");
  }

  @Test
  void referencesOfAModulesConstantAreItsOwn() {
    // only the use that cannot be told (the name fallback takes every Item), not Shop's uses
    ws.references(OTHER, "  class |Item", DISCOUNT, "    |Item.new(\"y\")");
    ws.references(OTHER, "    |TAX = 3");
    ws.references(SHOP, "    |TAX = 2", SHOP, "tax = Pricing::|TAX", DISCOUNT, "Shop::Pricing::|TAX", SHOP, "net * |TAX");
  }
}
