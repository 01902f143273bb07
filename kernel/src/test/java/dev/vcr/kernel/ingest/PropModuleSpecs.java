package dev.vcr.kernel.ingest;

import java.util.Random;

/**
 * The workspaces of {@link PropScriptModel} for C++, Rust, C#, PHP and Ruby: each switch changes declarations
 * that other, untouched files use (through includes, modules, namespaces, {@code use} and {@code using}
 * statements, enclosing modules), and most come with a decoy of the same name elsewhere.
 */
final class PropModuleSpecs {
  private PropModuleSpecs() {}

  static PropModel cpp(Random rnd, int project) {
    return new PropScriptModel(CPP, rnd, project);
  }

  static PropModel rust(Random rnd, int project) {
    return new PropScriptModel(RUST, rnd, project);
  }

  static PropModel csharp(Random rnd, int project) {
    return new PropScriptModel(CSHARP, rnd, project);
  }

  static PropModel php(Random rnd, int project) {
    return new PropScriptModel(PHP, rnd, project);
  }

  static PropModel ruby(Random rnd, int project) {
    return new PropScriptModel(RUBY, rnd, project);
  }

  // ------------------------------------------------------------------------------------------------ C++

  private static final String CPP_SHAPE_HEAD = """
      #pragma once

      #define LIMITQQ 8

      struct PointQQ {
        int x;
      };

      namespace geoQQ {

      class ShapeQQ {
      public:
        double area() const;
      """;

  private static final String CPP_SHAPE_TAIL = """
        int id;
      };

      class CircleQQ : public ShapeQQ {
      public:
        double radius() const;
      };

      """;

  static final PropScriptModel.Spec CPP = new PropScriptModel.Builder()
      .flip("shape header")
      .alt("base", "include/geo/shapeQQ.h", CPP_SHAPE_HEAD + CPP_SHAPE_TAIL + "int countQQ();\n\n}  // namespace geoQQ\n")
      .alt("class gains grow()", "include/geo/shapeQQ.h",
          CPP_SHAPE_HEAD + "  void grow();\n" + CPP_SHAPE_TAIL + "int countQQ();\n\n}  // namespace geoQQ\n")
      .alt("countQQ renamed totalQQ", "include/geo/shapeQQ.h",
          CPP_SHAPE_HEAD + CPP_SHAPE_TAIL + "int totalQQ();\n\n}  // namespace geoQQ\n")
      .alt("countQQ overloaded", "include/geo/shapeQQ.h",
          CPP_SHAPE_HEAD + CPP_SHAPE_TAIL + "int countQQ();\nint countQQ(int by);\n\n}  // namespace geoQQ\n")
      .alt("countQQ moved to geoQQ::detail", "include/geo/shapeQQ.h",
          CPP_SHAPE_HEAD + CPP_SHAPE_TAIL + "namespace detail {\nint countQQ();\n}\n\n}  // namespace geoQQ\n")
      .file("src/shapeQQ.cpp", """
          #include "geo/shapeQQ.h"

          namespace geoQQ {

          double ShapeQQ::area() const { return id; }

          double CircleQQ::radius() const { return area() + id; }

          int countQQ() { return 1; }

          }  // namespace geoQQ
          """)
      .flip("util header")
      .alt("plain", "src/util.hpp", """
          #pragma once

          namespace utilQQ {
          inline int twiceQQ(int x) { return x * 2; }
          }  // namespace utilQQ
          """)
      .alt("includes the shape header", "src/util.hpp", """
          #pragma once
          #include "geo/shapeQQ.h"

          namespace utilQQ {
          inline int twiceQQ(int x) { return x * 2; }
          }  // namespace utilQQ
          """)
      .alt("includes it and uses its namespace", "src/util.hpp", """
          #pragma once
          #include "geo/shapeQQ.h"

          using namespace geoQQ;

          namespace utilQQ {
          inline int twiceQQ(int x) { return x * 2; }
          inline int twiceQQ(int x, int y) { return x * y; }
          }  // namespace utilQQ
          """)
      .file("src/main.cpp", """
          #include "geo/shapeQQ.h"
          #include "util.hpp"

          int runQQ(geoQQ::ShapeQQ &s, geoQQ::CircleQQ *c) {
            s.grow();
            double a = s.area() + c->radius();
            c->grow();
            int n = geoQQ::countQQ();
            int m = geoQQ::countQQ(2);
            int t = geoQQ::totalQQ();
            int d = geoQQ::detail::countQQ();
            PointQQ pt;
            return utilQQ::twiceQQ(n) + utilQQ::twiceQQ(n, m) + t + d + (int) a + s.id + pt.x + LIMITQQ;
          }
          """)
      .file("src/app.cpp", """
          #include "util.hpp"

          int appQQ() {
            ShapeQQ s;
            s.grow();
            geoQQ::CircleQQ c;
            return countQQ() + geoQQ::countQQ() + utilQQ::twiceQQ(1) + (int) c.radius();
          }
          """)
      .file("src/bare.cpp", """
          #include "util.hpp"

          int bareQQ(ShapeQQ &s, PointQQ *p) {
            s.grow();
            return countQQ() + totalQQ() + s.area() + p->x + LIMITQQ;
          }
          """)
      .file("src/point.cpp", """
          #include "geo/shapeQQ.h"

          int pointQQ(PointQQ *p) { return p->x + LIMITQQ; }
          """)
      .flip("nearer header")
      .alt("none", "src/geo/shapeQQ.h", null)
      .alt("src/geo/shapeQQ.h shadows include/", "src/geo/shapeQQ.h", """
          #pragma once

          namespace geoQQ {

          class ShapeQQ {
          public:
            void grow();
            int id;
          };

          class CircleQQ {
          public:
            double radius() const;
          };

          int countQQ(int a);

          }  // namespace geoQQ
          """)
      .file("other/decoyQQ.cpp", """
          namespace otherQQ {
          class ShapeQQ {
          public:
            void grow();
            double area() const;
          };
          int countQQ() { return 0; }
          }  // namespace otherQQ

          int countQQ() { return 2; }

          #define LIMITQQ 9

          struct PointQQ {
            int y;
            int x;
          };

          namespace utilQQ {
          int twiceQQ(int x) { return x; }
          }  // namespace utilQQ
          """)
      .queries("ShapeQQ", "countQQ", "geoQQ::countQQ", "ShapeQQ::grow", "twice")
      .build();

  // ------------------------------------------------------------------------------------------------ Rust

  private static final String RUST_SHAPES = """
      pub struct CircleQQ {
          pub radius: f64,
      }

      pub fn makeQQ() -> CircleQQ {
          CircleQQ { radius: 2.0 }
      }

      impl CircleQQ {
          pub fn grow(&mut self) {
              self.radius += 1.0;
          }
      }
      """;

  static final PropScriptModel.Spec RUST = new PropScriptModel.Builder()
      .flip("shapes module")
      .alt("mod shapes", "src/lib.rs", """
          mod shapes;
          mod util;
          mod app;

          pub fn topQQ() -> u32 {
              2
          }
          """, "src/shapes.rs", RUST_SHAPES, "src/forms.rs", null)
      .alt("renamed mod forms", "src/lib.rs", """
          mod forms;
          mod util;
          mod app;

          pub fn topQQ() -> u32 {
              2
          }
          """, "src/forms.rs", RUST_SHAPES, "src/shapes.rs", null)
      .alt("inline mod shapes", "src/lib.rs", """
          mod util;
          mod app;

          pub mod shapes {
              pub struct CircleQQ {
                  pub radius: f64,
              }

              pub fn makeQQ() -> CircleQQ {
                  CircleQQ { radius: 3.0 }
              }
          }

          pub fn topQQ() -> u32 {
              2
          }
          """, "src/shapes.rs", null, "src/forms.rs", null)
      .flip("util module")
      .alt("helper and pub use", "src/util/mod.rs", """
          pub mod math;

          pub use self::math::areaQQ;

          pub fn helperQQ() -> u32 {
              6
          }
          """, "src/util.rs", null)
      .alt("pub fn helper removed", "src/util/mod.rs", """
          pub mod math;

          pub use self::math::areaQQ;
          """, "src/util.rs", null)
      .alt("pub use removed", "src/util/mod.rs", """
          pub mod math;

          pub fn helperQQ() -> u32 {
              6
          }
          """, "src/util.rs", null)
      .alt("pub use of helper instead", "src/util/mod.rs", """
          pub mod math;

          pub use self::math::helperQQ;
          pub use self::math::areaQQ as surfaceQQ;
          """, "src/util.rs", null)
      .alt("moved to src/util.rs", "src/util/mod.rs", null, "src/util.rs", """
          pub mod math;

          pub use self::math::areaQQ;

          pub fn helperQQ() -> u32 {
              8
          }
          """)
      .flip("math module")
      .alt("area and helper", "src/util/math.rs", """
          pub fn areaQQ(r: f64) -> f64 {
              super::super::shapes::makeQQ().radius * r
          }

          pub fn helperQQ() -> u32 {
              7
          }
          """)
      .alt("area removed", "src/util/math.rs", """
          pub fn helperQQ() -> u32 {
              7
          }
          """)
      .alt("file gone", "src/util/math.rs", null)
      .file("src/app.rs", """
          use crate::shapes::CircleQQ;
          use crate::util::*;

          pub fn runQQ() -> f64 {
              let mut c = CircleQQ { radius: 1.0 };
              c.grow();
              let k = crate::shapes::makeQQ();
              let f = crate::forms::makeQQ();
              let h = helperQQ();
              let u = crate::util::helperQQ();
              let m = crate::util::math::helperQQ();
              let a = areaQQ(k.radius) + surfaceQQ(f.radius);
              super::topQQ() as f64 + a + (h + u + m) as f64
          }
          """)
      .flip("decoy crate")
      .alt("none", "other/src/lib.rs", null)
      .alt("same names", "other/src/lib.rs", """
          pub mod util {
              pub fn helperQQ() -> u32 {
                  1
              }
          }

          pub fn areaQQ(r: f64) -> f64 {
              r
          }

          pub struct CircleQQ {
              pub radius: f64,
          }
          """)
      .queries("CircleQQ", "helperQQ", "areaQQ", "makeQQ")
      .build();

  // ------------------------------------------------------------------------------------------------ C#

  private static final String CS_CART_BODY = """
      {
          public class Cart
          {
              public Cart() { }
              public Cart(int size) { }

              public static Cart Empty() { return new Cart(); }

              public class Line { }
          }
      }
      """;

  static final PropScriptModel.Spec CSHARP = new PropScriptModel.Builder()
      .flip("cart namespace")
      .alt("ShopQQ.Core", "Shop/Cart.cs", "namespace ShopQQ.Core\n" + CS_CART_BODY)
      .alt("renamed ShopQQ.Old", "Shop/Cart.cs", "namespace ShopQQ.Old\n" + CS_CART_BODY)
      .alt("nested class Line removed", "Shop/Cart.cs", """
          namespace ShopQQ.Core
          {
              public class Cart
              {
                  public Cart() { }
                  public Cart(int size) { }

                  public static Cart Empty() { return new Cart(); }
              }
          }
          """)
      .flip("prices")
      .alt("ShopQQ.Core.Prices", "Shop/Prices.cs", """
          namespace ShopQQ.Core;

          public static class Prices
          {
              public static int Round(int x) { return x; }
          }
          """)
      .alt("moved to ShopQQ.Tools", "Shop/Prices.cs", """
          namespace ShopQQ.Tools;

          public static class Prices
          {
              public static int Round(int x) { return x; }
          }
          """)
      .alt("Round renamed Floor", "Shop/Prices.cs", """
          namespace ShopQQ.Core;

          public static class Prices
          {
              public static int Floor(int x) { return x; }
          }
          """)
      .flip("other namespace")
      .alt("OtherQQ.Cart and Engine", "Other/Other.cs", """
          namespace OtherQQ
          {
              public class Cart
              {
                  public static Cart Empty() { return null; }
                  public class Line { }
              }

              public class Engine { }
          }
          """)
      .alt("without Cart", "Other/Other.cs", """
          namespace OtherQQ
          {
              public class Engine { }
          }
          """)
      .alt("file gone", "Other/Other.cs", null)
      .flip("engine")
      .alt("global Engine", "Global.cs", "public class Engine { }\n")
      .alt("none", "Global.cs", null)
      .alt("ShopQQ.Core.Engine", "Global.cs", "namespace ShopQQ.Core\n{\n    public class Engine { }\n}\n")
      .file("App/Checkout.cs", """
          using ShopQQ.Core;
          using O = OtherQQ;
          using static ShopQQ.Core.Prices;

          namespace AppQQ
          {
              public class Checkout
              {
                  public Cart Pick()
                  {
                      var c = Cart.Empty();
                      var made = new Cart(3);
                      O.Cart viaAlias = null;
                      OtherQQ.Cart qualified = null;
                      ShopQQ.Core.Cart.Line nested = null;
                      Engine engine = null;
                      int r = Round(2);
                      return c;
                  }
              }
          }
          """)
      .file("App/Inner.cs", """
          namespace AppQQ
          {
              using OtherQQ;

              public class Inner
              {
                  public Cart other;
                  public Engine engine;
              }
          }

          namespace AppQQ.More
          {
              using ShopQQ.Old;

              public class Outer
              {
                  public Cart old;
              }
          }
          """)
      .queries("Cart", "Engine", "Prices.Round", "Line")
      .build();

  // ------------------------------------------------------------------------------------------------ PHP

  private static final String PHP_CART = """
      {
          public const MAX = 10;

          public function __construct(int $size = 0)
          {
          }

          public static function make(): CartQQ
          {
              return new CartQQ();
          }
      }
      """;

  static final PropScriptModel.Spec PHP = new PropScriptModel.Builder()
      .flip("shop cart")
      .alt("AppQQ\\Shop\\CartQQ", "src/Shop/Cart.php",
          "<?php\n\nnamespace AppQQ\\Shop;\n\nclass CartQQ\n" + PHP_CART + "\nfunction helperQQ(): int\n{\n    return 1;\n}\n")
      .alt("namespace renamed AppQQ\\Store", "src/Shop/Cart.php",
          "<?php\n\nnamespace AppQQ\\Store;\n\nclass CartQQ\n" + PHP_CART + "\nfunction helperQQ(): int\n{\n    return 1;\n}\n")
      .alt("class renamed TrolleyQQ", "src/Shop/Cart.php",
          "<?php\n\nnamespace AppQQ\\Shop;\n\nclass TrolleyQQ\n" + PHP_CART + "\nfunction helperQQ(): int\n{\n    return 1;\n}\n")
      .alt("helperQQ removed", "src/Shop/Cart.php", "<?php\n\nnamespace AppQQ\\Shop;\n\nclass CartQQ\n" + PHP_CART)
      .flip("other cart")
      .alt("none", "src/Other/Cart.php", null)
      .alt("AppQQ\\Other\\CartQQ appears", "src/Other/Cart.php", """
          <?php

          namespace AppQQ\\Other;

          class CartQQ
          {
              public const MAX = 20;

              public static function make(): CartQQ
              {
                  return new CartQQ();
              }
          }
          """)
      .flip("globals")
      .alt("helperQQ, only_globalQQ, LegacyQQ", "src/global.php", """
          <?php

          function helperQQ(): int
          {
              return 3;
          }

          function only_globalQQ(): int
          {
              return 4;
          }

          class LegacyQQ
          {
          }
          """)
      .alt("only LegacyQQ", "src/global.php", "<?php\n\nclass LegacyQQ\n{\n}\n")
      .alt("file gone", "src/global.php", null)
      .flip("two namespaces in one file")
      .alt("AppQQ\\Shop then AppQQ\\Other", "src/Multi/two.php", """
          <?php

          namespace AppQQ\\Shop;

          class CrateQQ
          {
          }

          namespace AppQQ\\Other;

          class CrateQQ
          {
          }
          """)
      .alt("first renamed AppQQ\\Store", "src/Multi/two.php", """
          <?php

          namespace AppQQ\\Store;

          class CrateQQ
          {
          }

          namespace AppQQ\\Other;

          class CrateQQ
          {
          }
          """)
      .alt("braced AppQQ\\Shop then AppQQ\\Other", "src/Multi/two.php", """
          <?php

          namespace AppQQ\\Shop {
              class CrateQQ
              {
              }
          }

          namespace AppQQ\\Other {
              class CrateQQ
              {
              }
          }
          """)
      .file("src/Front/Checkout.php", """
          <?php

          namespace AppQQ\\Front;

          use AppQQ\\Shop\\CartQQ;
          use AppQQ\\Other\\CartQQ as OtherCart;
          use AppQQ\\Other;
          use function AppQQ\\Shop\\helperQQ;

          class Checkout
          {
              public function run(): CartQQ
              {
                  $a = new CartQQ(1);
                  $b = new OtherCart();
                  $c = new Other\\CartQQ();
                  $d = new \\AppQQ\\Store\\CartQQ();
                  $e = CartQQ::make();
                  $f = helperQQ();
                  $g = only_globalQQ();
                  $h = OtherCart::MAX + CartQQ::MAX;
                  $j = new \\LegacyQQ();
                  $m = new \\AppQQ\\Shop\\CrateQQ();
                  $n = new \\AppQQ\\Store\\CrateQQ();
                  $o = new Other\\CrateQQ();
                  return $a;
              }
          }
          """)
      .file("src/Shop/Basket.php", """
          <?php

          namespace AppQQ\\Shop;

          function fill(): CartQQ
          {
              helperQQ();
              return new CartQQ(3);
          }
          """)
      .queries("CartQQ", "helperQQ", "Checkout.run", "Legacy")
      .build();

  // ------------------------------------------------------------------------------------------------ Ruby

  static final PropScriptModel.Spec RUBY = new PropScriptModel.Builder()
      .flip("shop")
      .alt("base", "lib/shopQQ.rb", """
          require_relative "otherQQ"

          module ShopQQ
            class Item
              def initialize(name)
                @name = name
              end
            end

            module Pricing
              TAX = 2

              def self.gross(net)
                net * TAX
              end
            end
          end
          """)
      .alt("Pricing gains net, loses gross", "lib/shopQQ.rb", """
          require_relative "otherQQ"

          module ShopQQ
            class Item
              def initialize(name)
                @name = name
              end
            end

            module Pricing
              TAX = 2

              def self.net(gross)
                gross / TAX
              end
            end
          end
          """)
      .alt("Item removed", "lib/shopQQ.rb", """
          require_relative "otherQQ"

          module ShopQQ
            module Pricing
              TAX = 2

              def self.gross(net)
                net * TAX
              end
            end
          end
          """)
      .flip("required file")
      .alt("top-level Item and TAX", "lib/otherQQ.rb", """
          module OtherQQ
            module Pricing
              def self.gross(net)
                net
              end
            end
          end

          class Item
            def initialize(name)
              @name = name
            end
          end

          TAX = 4
          """)
      .alt("without Item", "lib/otherQQ.rb", """
          module OtherQQ
            module Pricing
              def self.gross(net)
                net
              end
            end
          end

          TAX = 4
          """)
      .alt("file gone", "lib/otherQQ.rb", null)
      .flip("special")
      .alt("subclass of ShopQQ::Item", "lib/specialQQ.rb", """
          class ShopQQ::Special < ShopQQ::Item
            def make
              Item.new("y")
            end
          end
          """)
      .alt("no superclass", "lib/specialQQ.rb", """
          class ShopQQ::Special
            def make
              Item.new("y")
            end
          end
          """)
      .file("lib/discountQQ.rb", """
          require "shopQQ"

          module ShopQQ
            class Discount
              def apply
                Item.new("x")
              end

              def rate
                Pricing.gross(2) + Pricing::TAX + ShopQQ::Pricing.net(1) + ::TAX
              end
            end
          end

          class ShopQQ::Later
            def apply
              Item.new("z")
            end
          end
          """)
      .queries("Item", "Pricing", "gross", "ShopQQ")
      .build();
}
