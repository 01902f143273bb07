package dev.vcr.kernel.resolve;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rust modules and use declarations ({@link RustResolver}) on {@code fixtures/resolve-modules/rust/} (a crate
 * with file and inline modules) and {@code rust-other/} (another crate declaring the same names, decoys).
 */
class RustModulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String LIB = "rust/src/lib.rs";
  static final String SHAPES = "rust/src/shapes.rs";
  static final String UTIL = "rust/src/util/mod.rs";
  static final String MATH = "rust/src/util/math.rs";
  static final String OTHER = "rust-other/src/lib.rs";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-modules"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void bareNamesAreItemsOfTheModule() {
    ws.definition(LIB, "        |helper() + super::top()", LIB, "    pub fn |helper() -> u32 {\n        1");
    ws.definition(LIB, "area(c.radius) + |top()", LIB, "pub fn |top() -> u32 {\n    2");
    ws.definition(SHAPES, "|helper() as f64", SHAPES, "pub fn |helper() -> u32 {\n    5");
    ws.definition(OTHER, "shapes::make() + |helper()", OTHER, "pub fn |helper() -> u32 {\n    8");
  }

  @Test
  void functionsNestedInABody() {
    ws.definition(LIB, "let x = |nested()", LIB, "    fn |nested() -> u32");
  }

  @Test
  void pathsFromCrateSelfAndSuper() {
    ws.definition(LIB, "super::|top()", LIB, "pub fn |top() -> u32 {\n    2");
    ws.definition(LIB, "self::|helper()", LIB, "pub fn |helper() -> u32 {\n    3");
    ws.definition(LIB, "crate::shapes::|make()", SHAPES, "pub fn |make() -> Circle");
    ws.definition(MATH, "super::super::shapes::|make()", SHAPES, "pub fn |make() -> Circle");
  }

  @Test
  void pathsThroughChildModulesAndTypes() {
    ws.definition(LIB, "inline::|helper()", LIB, "    pub fn |helper() -> u32 {\n        1");
    ws.definition(LIB, "shapes::Shape::|Square", SHAPES, "    |Square,");
    ws.definition(OTHER, "shapes::|make() + helper()", OTHER, "pub fn |make() -> u32");
  }

  @Test
  void useDeclarationsAndNestedUseLists() {
    ws.definition(LIB, "let c = |Circle {", SHAPES, "pub struct |Circle");
    ws.definition(LIB, "use shapes::|Circle;", SHAPES, "pub struct |Circle");
    ws.definition(LIB, "math::{|area", MATH, "pub fn |area(r: f64)");
    ws.definition(LIB, "|area(c.radius)", MATH, "pub fn |area(r: f64)");
    ws.definition(LIB, "let u: |U = ", MATH, "pub enum |Unit");
    ws.definition(LIB, "U::|Metre;", MATH, "    |Metre,");
  }

  @Test
  void reexports() {
    ws.definition(LIB, "crate::util::|helper()", MATH, "pub fn |helper()");
    ws.definition(UTIL, "pub use self::math::|helper;", MATH, "pub fn |helper()");
  }

  @Test
  void globImports() {
    ws.definition(LIB, "let g = |glob_fn()", UTIL, "pub fn |glob_fn()");
  }

  @Test
  void structLiteralKeysAreTheTypesFields() {
    ws.definition(LIB, "Circle { |radius: 1.0 }", SHAPES, "    pub |radius: f64,\n}\n\npub fn make");
    ws.definition(SHAPES, "Circle { |radius: 2.0 }", SHAPES, "    pub |radius: f64,\n}\n\npub fn make");
  }

  @Test
  void otherCratesAreUndecided() {
    ws.undecided(LIB, "std::cmp::|max(1, 2)");
  }

  @Test
  void referencesStayInTheirCrate() {
    ws.references(SHAPES, "pub fn |make() -> Circle", LIB, "crate::shapes::|make()", MATH,
        "super::super::shapes::|make()");
    ws.references(OTHER, "pub fn |top() -> u32");
  }
}
