package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go rules of issue 12 ({@link GoResolver}), on the modules under {@code fixtures/resolve-go/}: {@code shop}
 * (packages {@code price} imported by {@code cart} and {@code report}) and {@code svc} (module
 * {@code example.com/backend}, importing its root package, its {@code store} and the other module), beside
 * a folder {@code store} in no module; positions marked by '|' (see {@link PythonResolverTest.Ws}).
 */
class GoResolverTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String CART = "shop/cart/cart.go";
  static final String OTHER = "shop/cart/other.go";
  static final String PRICE = "shop/price/price.go";
  static final String REPORT = "shop/report/report.go";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-go"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void packageQualifiedNamesGoThroughTheImport() {
    ws.definition(CART, "c.Total(price.|Parse(\"eur\"))", PRICE, "func |Parse(s string)");
    ws.definition(CART, "extra price.|Money) price.Money", PRICE, "type |Money struct");
    ws.definition(CART, "_ = price.|Zero.Add", PRICE, "var |Zero Money");
    // fmt is not in the workspace, and neither are its members
    ws.definitionNothing(CART, "fmt.|Println");
  }

  @Test
  void importPathsNameFoldersThroughTheModuleThatClaimsThem() {
    String app = "svc/cmd/app/main.go";
    // example.com/backend is the folder svc (its go.mod): its root package, and svc/store, not the folder
    // store whose path is also a suffix of the import path
    ws.definition(app, "store.Open(backend.|Version())", "svc/backend.go", "func |Version()");
    ws.definition(app, "s := store.|Open(", "svc/store/store.go", "func |Open(name string)");
    ws.references("svc/store/store.go", "func |Open(name string)", app, "s := store.|Open(");
    ws.references("store/store.go", "func |Open(path string)");
    // another module of the workspace
    ws.definition(app, "_ = price.|Parse(\"eur\")", PRICE, "func |Parse(s string)");
    // gopkg.in/yaml.v3 binds yaml: a package outside the workspace, not a Marshal of the workspace
    ws.definitionNothing(app, "yaml.|Marshal(s)");
    ws.references("svc/store/store.go", "func |Marshal(v any)");
  }

  @Test
  void anImportPathImpliesItsPackagesName() {
    assertEquals("yaml", GoResolver.assumedName("gopkg.in/yaml.v3"));
    assertEquals("cmp", GoResolver.assumedName("github.com/google/go-cmp"));
    assertEquals("mod", GoResolver.assumedName("example.com/mod/v2"));
    assertEquals("store", GoResolver.assumedName("example.com/mod/v2/store"));
    assertEquals("fmt", GoResolver.assumedName("fmt"));
    assertEquals("v2", GoResolver.assumedName("v2"));
    assertEquals("ini", GoResolver.assumedName("github.com/go-ini/ini-v1"));
  }

  @Test
  void methodsByReceiverType() {
    // a field's declared type (price.Money), then the method declared with that receiver type
    ws.definition(CART, "sum := c.total.|Add(extra)", PRICE, "func (m Money) |Add(o Money)");
    // a package-level variable's type
    ws.definition(CART, "_ = price.Zero.|Add(price.Zero)", PRICE, "func (m Money) |Add(o Money)");
    // String: Label's method, not Money's, nor the package-level function String
    ws.definition(CART, "l.|String() + (&Label", CART, "func (l Label) |String()");
    ws.definition(CART, "(&Label{text: \"x\"}).|String()", CART, "func (l Label) |String()");
    ws.definition(CART, "newLabel().|String()", CART, "func (l Label) |String()");
    ws.references(CART, "func (l Label) |String()", CART, "l.|String() + (&Label", CART, "_ = lbl.|String()", CART,
        "(&Label{text: \"x\"}).|String()", CART, "newLabel().|String()");
  }

  @Test
  void fieldsAndEmbeddedTypes() {
    ws.definition(CART, "fmt.Println(c.|owner", CART, "\t|owner string");
    // Name is promoted from the embedded Base
    ws.definition(CART, "c.owner, c.|Name())", CART, "func (b *Base) |Name()");
    // through an interface-typed parameter: the interface's method
    ws.definition(CART, "return n.|Name() +", CART, "\t|Name() string\n}");
    ws.definition(OTHER, "Label{}.|text", CART, "type Label struct{ |text string }");
  }

  @Test
  void unqualifiedNamesArePackageLevelOrLocal() {
    // a package-level type of the same folder, declared in another file
    ws.definition(OTHER, "return |Label{}.text", CART, "type |Label struct");
    ws.definition(CART, "+ |newLabel()", CART, "func |newLabel() Label");
    // a local named like the package-level function String binds to the local
    ws.definition(CART, "return |String\n", CART, "\t|String := total");
    ws.references(OTHER, "func |String() string");
    // a library package's member
    ws.definitionNothing(PRICE, "strings.|ToUpper");
  }

  @Test
  void localsAreTypedByTheirInitializer() {
    // t := c.Total(...): Total's result type, price.Money
    ws.definition(CART, "_ = t.|Add(t)", PRICE, "func (m Money) |Add(o Money)");
    // lbl := &Label{}: a composite literal's type
    ws.definition(CART, "_ = lbl.|String()", CART, "func (l Label) |String()");
    // a, b := x, y: the expression at the name's position; _, hi := f(): the result at its position
    ws.definition(CART, "_ = a.|Add(b)", PRICE, "func (m Money) |Add(o Money)");
    ws.definition(CART, "_ = hi.|Add(b)", PRICE, "func (m Money) |Add(o Money)");
    // a range variable: the element type of the ranged slice
    ws.definition(CART, "_ = m.|Add(m)", PRICE, "func (m Money) |Add(o Money)");
    // a value of a type parameter: the syntax cannot tell (its constraint's methods are not followed)
    ws.undecided(REPORT, "return xs[0].|Len()");
  }

  @Test
  void rangeIndexReceiveAndFunctionResults() {
    // range over a named slice type (Records), a map type (Index: *Record); index of a slice and of a map
    ws.definition(REPORT, "_ = r.Value.|Len()", REPORT, "\t|Len() int\n}");
    ws.definition(REPORT, "_ = rec.Cost.|Add(rec.Cost)", PRICE, "func (m Money) |Add(o Money)");
    ws.definition(REPORT, "_ = out[0].Cost.|Add(list[0].Cost)", PRICE, "func (m Money) |Add(o Money)");
    ws.definition(REPORT, "Add(list[0].|Cost)", REPORT, "\t|Cost  price.Money");
    ws.definition(REPORT, "_ = idx[\"a\"].|Key", REPORT, "\t|Key   string");
    // v, ok := idx["b"]: the value, then a bool; got := <-ch: the channel's element type
    ws.definition(REPORT, "_, _ = v.|Key, ok", REPORT, "\t|Key   string");
    ws.definition(REPORT, "_ = got.|Cost", REPORT, "\t|Cost  price.Money");
    // the result of a call of a function-typed parameter (Walker)
    ws.definition(REPORT, "_ = w(list[0]).|Len()", REPORT, "\t|Len() int\n}");
    // a package-level variable without a type: its initializer's (Build's result)
    ws.definition(REPORT, "return all[0].|Key", REPORT, "\t|Key   string");
  }

  @Test
  void typeSwitchesAndAssertions() {
    // a clause with one type binds the variable to it; with several (or nil), to the switched value's type
    ws.definition(REPORT, "case Text:\n\t\t_ = x.|Len()", REPORT, "func (t Text) |Len()");
    ws.definition(REPORT, "_ = x.|Key\n\tcase nil", REPORT, "type Inner struct{ |Key string }");
    ws.definition(REPORT, "case nil, Records:\n\t\t_ = x.|Len()", REPORT, "\t|Len() int\n}");
    // a range variable used inside a type switch on its field keeps its own type
    ws.definition(REPORT, "n += v.|Len() + len", REPORT, "func (t Text) |Len()");
    ws.definition(REPORT, "len(rec.|Key)", REPORT, "\t|Key   string");
    // t, ok := n.(*Inner)
    ws.definition(REPORT, "_ = t.|Key\n", REPORT, "type Inner struct{ |Key string }");
  }

  @Test
  void compositeLiteralKeys() {
    ws.definition(REPORT, "Record{|Key: k", REPORT, "\t|Key   string");
    // an element literal whose type is elided: the slice's or map's element type
    ws.definition(REPORT, "[]Record{{|Key: \"a\"", REPORT, "\t|Key   string");
    ws.definition(REPORT, "{\"x\": {|Key: \"c\"}}", REPORT, "\t|Key   string");
    // a map literal's key is an expression, here a local
    ws.definition(REPORT, "map[string]int{|name: 1}", REPORT, "\t|name := \"Key\"");
    // the field, not the package-level function of the same name
    ws.definition(REPORT, "Shadow{|Build: 1}", REPORT, "type Shadow struct{ |Build int }");
    ws.references(REPORT, "type Shadow struct{ |Build int }", REPORT, "Shadow{|Build: 1}");
  }

  @Test
  void embeddedFieldsAreFieldsNamedByTheirType() {
    ws.definition(REPORT, "o.|Inner.Len()", REPORT, "\t*|Inner\n");
    ws.definition(REPORT, "o.Inner.|Len()", REPORT, "func (in *Inner) |Len()");
    ws.definition(REPORT, "_ = o.Records[0].|Key", REPORT, "\t|Key   string");
    // at the embedded field, go-to-definition goes to the type; references are the field's
    ws.definition(REPORT, "\t*|Inner\n", REPORT, "type |Inner struct");
    ws.references(REPORT, "\t*|Inner\n", REPORT, "o := Outer{|Inner: &Inner", REPORT, "_ = o.|Inner.Len()");
  }
}
