package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C++ rules of issue 12 ({@link CppResolver}), on the workspace under {@code fixtures/resolve-cpp/}: a header
 * {@code include/geo/shape.h} (a {@code .h} with C++ syntax, found from {@code src/} through the ancestor's
 * include folder) declaring namespace {@code geo} with classes {@code Shape} and {@code Circle : Shape},
 * their out-of-line definitions in {@code src/shape.cpp}, {@code src/util.hpp}, uses in {@code src/main.cpp},
 * and same-named decoys in {@code other/} that no unit includes (another namespace's {@code Circle} and
 * {@code count_all}, a global {@code helper}, another {@code util::Counter}); positions marked by '|'.
 */
class CppResolverTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String SHAPE_H = "include/geo/shape.h";
  static final String SHAPE = "src/shape.cpp";
  static final String MAIN = "src/main.cpp";
  static final String UTIL = "src/util.hpp";
  static final String DECOYS = "other/decoys.cpp";
  static final String MORE = "other/more.hpp";
  static final String EXTRA = "src/extra.cpp";
  static final String FWD = "src/fwd.hpp";
  static final String PANEL = "src/panel.cpp";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-cpp"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void parametersAndLocalsNeverNameWorkspaceDeclarations() {
    ws.definition(MAIN, "return |count_all + 1", MAIN, "int local_count(int |count_all)");
    ws.definition(MAIN, "|c.scale(1.0)", MAIN, "Circle |c(2.0)");
  }

  @Test
  void namesInNamespacesQualifiedAndThroughUsingNamespace() {
    // `using namespace geo;` at file scope: the header's prototype names the definition in shape.cpp
    ws.definition(MAIN, "int n = |count_all();", SHAPE, "int |count_all() {");
    // ns::f through nested namespaces; the decoys' global helper is not geo::detail::helper
    ws.definition(MAIN, "geo::detail::|helper(n)", SHAPE, "int |helper(int x) {");
    ws.definition(MAIN, "util::|twice(n)", UTIL, "inline int |twice(int x)");
    ws.references(DECOYS, "int |count_all() { return 1; }");
    ws.references(DECOYS, "int |helper(int x) { return x; }");
    ws.references(DECOYS, "int |twice(int x) { return x; }");
  }

  @Test
  void aUseInsideANamespaceSeesItsEnclosingNamespaces() {
    ws.definition(MAIN, "return |count_all() + detail", SHAPE, "int |count_all() {");
    ws.definition(MAIN, "detail::|helper(1)", SHAPE, "int |helper(int x) {");
    ws.definition(SHAPE, "return x + |count_all();", SHAPE, "int |count_all() {");
    // an extern declaration and its definition are one variable
    ws.definition(SHAPE, "{ return |made; }", SHAPE, "int |made = 0;");
    ws.references(SHAPE_H, "extern int |made;", SHAPE, "{ return |made; }", SHAPE, "{ |made++; }");
  }

  @Test
  void membersThroughThisAndImplicitThisInOutOfLineDefinitions() {
    ws.definition(SHAPE, "this->|scale(1.0, 2.0)", SHAPE, "void Shape::|scale(double fx, double fy)");
    ws.definition(SHAPE, "this->|size = size", SHAPE_H, "double |size;");
    // implicit this, also through the base class
    ws.definition(SHAPE, "  |scale(2.0);", SHAPE, "void Shape::|scale(double f)");
    ws.definition(SHAPE, "r = |radius() + area()", SHAPE, "double Circle::|radius() const");
    ws.definition(SHAPE, "radius() + |area() + id", SHAPE, "double Shape::|area() const");
    ws.definition(SHAPE, "area() + |id;", SHAPE_H, "int |id;");
    ws.definition(SHAPE, "{ return |r; }", SHAPE_H, "double |r;");
    // a constructor's member initializers, and an inline member function's body
    ws.definition(SHAPE, ": id(0), |size(1)", SHAPE_H, "double |size;");
    ws.definition(UTIL, "{ |value++; }", UTIL, "int |value;");
  }

  @Test
  void membersThroughTheDeclaredTypeOfLocalsParametersAndBases() {
    // a local of class Circle: scale and area are Shape's (the base); the decoys' other::Circle is no one's
    ws.definition(MAIN, "c.|scale(1.0)", SHAPE, "void Shape::|scale(double f)");
    ws.definition(MAIN, "p->|scale(1.0, 2.0)", SHAPE, "void Shape::|scale(double fx, double fy)");
    ws.definition(MAIN, "c.|area()", SHAPE, "double Shape::|area() const");
    ws.definition(MAIN, "s->|id = 3", SHAPE_H, "int |id;");
    ws.definition(MAIN, "c.|id + h", SHAPE_H, "int |id;");
    ws.references(DECOYS, "void |scale(double f);");
    ws.references(DECOYS, "double |area() const;");
    // a parameter of a qualified type; the other util::Counter (more.hpp) is not included
    ws.definition(MAIN, "counter.|bump();", UTIL, "void |bump() {");
    ws.references(MORE, "void |bump();");
    ws.references(MORE, "void |bump(int times);");
  }

  @Test
  void overloadsAreNarrowedByArity() {
    ws.definition(MAIN, "counter.|bump(2);", UTIL, "void |bump(int by)");
    ws.references(SHAPE_H, "void |scale(double f);", MAIN, "c.|scale(1.0)", SHAPE, "  |scale(2.0);");
    ws.references(SHAPE_H, "void |scale(double fx, double fy);", MAIN, "p->|scale(1.0, 2.0)",
        SHAPE, "this->|scale(1.0, 2.0)");
  }

  @Test
  void staticMembersAndConstructors() {
    ws.definition(MAIN, "Shape::|make(1)", SHAPE, "Shape *Shape::|make(int kind)");
    // `new C(..)` names C and its own constructor (of that arity), as TypeScript's `new C()`
    ws.definition(MAIN, "new |Circle(3.0)", SHAPE, "Circle::|Circle(double r)", SHAPE_H, "class |Circle : public Shape");
    ws.definition(SHAPE, "new |Circle(kind)", SHAPE, "Circle::|Circle(double r)", SHAPE_H, "class |Circle : public Shape");
    ws.references(SHAPE_H, "  |Circle(double r);", MAIN, "new |Circle(3.0)", SHAPE, "new |Circle(kind)");
    // a declaration with arguments is a use of the type (the facts do not show the constructor call)
    ws.definition(MAIN, "  |Circle c(2.0);", SHAPE_H, "class |Circle : public Shape");
  }

  @Test
  void aMemberDeclarationAndItsOutOfLineDefinitionAreOneSymbol() {
    ws.definition(SHAPE_H, "double |area() const;", SHAPE, "double Shape::|area() const");
    String[] areaUses = {MAIN, "c.|area()", SHAPE, "radius() + |area() + id", EXTRA, "s->|area(); }",
        EXTRA, "side / 2 + |area()"};
    ws.references(SHAPE_H, "double |area() const;", areaUses);
    ws.references(SHAPE, "double Shape::|area() const", areaUses);
    assertEquals(List.of("src/shape.cpp:area", "src/shape.cpp:scale", "src/shape.cpp:scale", "src/shape.cpp:radius"),
        ws.callees(SHAPE, "void Circle::|grow() {"));
  }

  @Test
  void namespaceAliasesUsingDeclarationsQualifiedBasesAndEnumScopes() {
    // namespace gd = geo::detail;
    ws.definition(EXTRA, "gd::|helper(2)", SHAPE, "int |helper(int x) {");
    // using geo::Shape; then a parameter of that type
    ws.definition(EXTRA, "double use_decl(|Shape *s)", SHAPE_H, "class |Shape {");
    ws.definition(EXTRA, "s->|area(); }", SHAPE, "double Shape::|area() const");
    // a base named with its namespace; an inline member function's implicit this reaches it
    ws.definition(EXTRA, "side / 2 + |area()", SHAPE, "double Shape::|area() const");
    ws.definition(EXTRA, "return |side / 2", EXTRA, "double |side;");
    // an enum class is a scope: geo::Kind::Square is the enumerator, not the class Square
    ws.definition(EXTRA, "geo::Kind::|Square;", SHAPE_H, "enum class Kind { Round, |Square };");
  }

  @Test
  void aTypedefOfItsOwnTagIsThatStruct() {
    ws.definition(EXTRA, "n->next->|v;", EXTRA, "  int |v;");
    ws.references(DECOYS, "  int |v;");
  }

  @Test
  void aClassDeclaredForwardIsTheWorkspacesClassOfThatName() {
    // fwd.hpp includes nothing: `class Panel;` is completed in panel.cpp (not other::Panel)
    ws.definition(FWD, "  |Panel *panel;", PANEL, "class |Panel {");
  }

  @Test
  void anEnumsEnumeratorsAreMembersOfItsClass() {
    ws.definition(FWD, "return |Busy;", FWD, "Idle, |Busy }");
    ws.references(DECOYS, "enum Status { |Busy };");
  }

  @Test
  void whatTheSyntaxCannotTellIsLeftToTheNameFallback() {
    // auto, a template parameter's members
    ws.undecided(MAIN, "q->|grow();");
    ws.undecided(MAIN, "t.|grow(); }");
    // a member function of a class template defined out of line: its class is not read from `Box<T>::`
    ws.undecided(UTIL, "{ return |value; }");
    // the standard library is not in the workspace
    ws.definitionNothing(MAIN, "std::|vector<int> v;");
  }

  /**
   * {@code using namespace geo;} is an import of the C++ query but not an include: it does not make main.cpp's
   * unit incomplete, so a name its namespace lacks is decided (not in the workspace) rather than left to
   * the name fallback.
   */
  @Test
  void usingDirectivesAreNotIncludesThatNameNoFile() {
    dev.vcr.kernel.query.Navigator.Target t = ws.nav.targetAt(ws.at(MAIN, "geo::|missing_fn()")).orElseThrow();
    assertEquals(java.util.Optional.of(java.util.List.of()),
        new Resolvers(ws.nav).forLanguage(dev.vcr.kernel.lang.Language.CPP).resolve(t.path(), t.facts(), t.ref()));
  }
}
