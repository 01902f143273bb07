package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.resolve.PythonResolverTest.Ws;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TypeScript/JavaScript resolution over the fixture workspace {@code fixtures/resolve-ts/}: top-level and
 * nested declarations, shadowing by parameters and nested functions, ES imports (named, aliased, default,
 * namespace, through an index file with {@code export *} and {@code export {x} from}), {@code import x =
 * require()}, CommonJS {@code require} (whole module and destructured), {@code this}/{@code super} members
 * through {@code extends}, parameter properties, object-literal methods, enums, typed parameters, bare
 * package specifiers and globals (nothing), {@code tsconfig.json} {@code paths} and {@code baseUrl} (the
 * projects under {@code mono/}, one through {@code extends}), a package of the workspace by its
 * {@code package.json} name ({@code mono/packages/ui}), and a decoy file {@code other/decoy.ts} whose
 * same-named declarations must never be returned.
 */
class ScriptResolverTest {
  @TempDir static Path tmp;
  static Ws ws;

  @BeforeAll
  static void index() throws Exception {
    ws = Ws.open(Golden.resources().resolve("fixtures/resolve-ts"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  private static final String ORDER = "src/model/order.ts";
  private static final String ENTITY = "src/model/entity.ts";
  private static final String APP = "src/app.ts";

  @Test
  void projectPathsAndBaseUrlMapSpecifiers() {
    String main = "mono/app/src/main.ts";
    String core = "mono/core/src/clock.ts";
    String lib = "mono/lib/src/clock.ts";
    // mono/app/tsconfig.json extends ../tsconfig.base(.json): its paths, relative to the base's baseUrl
    ws.definition(main, "c.|tick()", core, "|tick(): number {\n    return 1");
    ws.definition(main, "|now() + helperOf", core, "export function |now()");
    // baseUrl: a bare specifier found under it is a workspace file
    ws.definition(main, "now() + |helperOf()", "mono/shared/helpers.ts", "export function |helperOf()");
    // a bare specifier neither mapped nor under baseUrl is a package
    ws.definitionNothing(main, "|debounce();");
    // mono/lib has its own paths, relative to its tsconfig.json (no baseUrl): the same specifier, another file
    ws.definition("mono/lib/src/use.ts", "new Clock().|tick()", lib, "|tick(): number {\n    return 2");
    ws.references(lib, "|tick(): number {\n    return 2", "mono/lib/src/use.ts", "new Clock().|tick()");
    ws.references(core, "|tick(): number {\n    return 1", main, "c.|tick()");
    // a package of the workspace by its package.json name: its entry (dist/ is not built: src/index), and
    // a path inside it (under src/)
    ws.definition(main, "b.|press()", "mono/packages/ui/src/index.ts", "|press(): number");
    ws.definition(main, "b.press() + |themeColor()", "mono/packages/ui/src/theme.ts", "export function |themeColor()");
  }

  @Test
  void forOfBindingsAndChainInitialisersTakeTheirValue() {
    String basket = "src/model/basket.ts";
    String total = "|total(): number {\n    return this.price()";
    // Tally has a total() too: only the element type picks Order's.
    ws.definition(basket, "n += o.|total()", ORDER, total);
    ws.definition(basket, "n += each.|total()", ORDER, total); // a parameter typed `readonly Order[]`
    ws.definition(basket, "return n + first.|total()", ORDER, total); // `const [first] = xs` reads the same
    ws.undecided(basket, "q.|total()"); // over a call's result: not followed
    // A variable initialised by a chain of reads alone takes the chain's value; one with more after it, not.
    ws.definition(basket, "return lead.|total()", ORDER, total);
    ws.undecided(basket, "either.|total()");
    // `const self = this` takes the enclosing class (Order has a total() too); another literal does not
    ws.definition(basket, "return self.|total()", basket, "|total(): number {\n    return 0;");
    ws.undecided(basket, "none.|total()");
    // a declared `this` parameter (Tally has a total() too)
    ws.definition(basket, "return this.|total() + extra", ORDER, total);
    ws.definition(basket, "return t.|total() + u", basket, "|total(): number {\n    return 0;");
    ws.undecided(basket, "u.|total();");
    // destructuring: at a key, go-to-definition is the property; the binding's uses are the local's
    ws.definition(basket, "firstName({ |name }: Order", ORDER, "|name = \"order\"");
    ws.definition(basket, "return |name + t()", basket, "firstName({ |name }: Order");
    ws.definition(basket, "{ |total: t }: Tally", basket, "|total(): number {\n    return 0;");
    ws.definition(basket, "return name + |t()", basket, "{ total: |t }: Tally");
    ws.definition(basket, "const { |spare } = this", basket, "|spare: Tally");
    // object literals as arguments: the parameter's type (Order has a name too)
    String pickName = "interface Pick { |name: string";
    ws.definition(basket, "new Chooser({ |name: \"c\" })", basket, pickName);
    ws.definition(basket, "(1, { |name: \"a\"", basket, pickName);
    ws.definition(basket, "|limit: f(1, 2)", basket, "|limit?: number }");
    // a shorthand key: the property at the cursor, and still a use of the local
    ws.definition(basket, "new Chooser({ |name })", basket, pickName);
    ws.references(basket, "const |name = \"s\"", basket, "new Chooser({ |name })");
    // a variable initialised by a call with an object literal argument still takes the call's value
    ws.definition(basket, "return c.|choose(1, { name: \"d\" })", basket, "|choose(first: number, pick: Pick)");
    // a class inside a function with a declared `this` has its own `this`
    ws.definition(basket, "return this.|total();\n    }\n  }\n  return new Chooser", basket, "|total(): number {\n      return 3;");
    // two module-level values initialised from each other: their members are unknown, and nothing loops
    ws.undecided("src/cycle/a.ts", "a.|total()");
    assertEquals("Order", ScriptResolver.elementType("Order[]"));
    assertEquals("Order", ScriptResolver.elementType("readonly Order[] | undefined"));
    assertEquals("Order", ScriptResolver.elementType("Array<Order>"));
    assertEquals("Map<K, V>", ScriptResolver.elementType("ReadonlyArray<Map<K, V>>"));
    assertEquals(null, ScriptResolver.elementType("Order"));
    assertEquals(null, ScriptResolver.elementType("(A | B)[]"));
    assertEquals(null, ScriptResolver.elementType("Order[] | Tally[]"));
    assertEquals("Order", ScriptResolver.elementType("Order[] | false"));
  }

  @Test
  void namesAndShadowing() {
    ws.definition(ORDER, "return helper(|LIMIT)", ORDER, "const |LIMIT = 10");
    ws.definition(ORDER, "return |helper(LIMIT)", ORDER, "export function |helper(x");
    // a parameter shadows the imported function
    ws.definition(APP, "return |helper + 1", APP, "function helperLocal(|helper: number)");
    // a nested function shadows the import too
    ws.definition(APP, "return |helper(2)", APP, "function |helper(y: number)");
    ws.definition(APP, "  |helper(1);", ORDER, "export function |helper(x");
    ws.definition(APP, "inner() + |helperLocal(3)", APP, "function |helperLocal(");
  }

  @Test
  void esImports() {
    String order = "export class |Order extends";
    String ctor = "|constructor(id: string, private";
    ws.definition(APP, "import Invoice, { |Order as O", ORDER, order);
    ws.definition(APP, "const a = new |O(\"a\"", ORDER, ctor, ORDER, order);
    // default import: the same-named top-level class; its constructor is inherited, so the site names the
    // class only (issue 12: new C() names C's own constructor)
    ws.definition(APP, "const inv = new |Invoice(", ORDER, "export default class |Invoice");
    // namespace import through index.ts: `export { Order } from` and `export * from`
    ws.definition(APP, "new model.|Order(\"b\"", ORDER, ctor, ORDER, order);
    ws.definition(APP, "model.|stamp(a)", ENTITY, "export function |stamp(");
    ws.definition(APP, "n: model.|Named", ENTITY, "export interface |Named");
    ws.definition(APP, "const s = |Status.Closed", ENTITY, "export enum |Status");
    ws.definition(APP, "Status.|Closed", ENTITY, "  |Closed,");
    // import x = require() and CommonJS require, destructured or whole
    ws.definition(APP, "fmt.|formatTotal(1)", "src/util/format.js", "function |formatTotal(value)");
    ws.definition(APP, "return |formatTotal(inv", "src/util/format.js", "function |formatTotal(value)");
    ws.definition("lib/legacy.js", "class Widget extends |Entity", ENTITY, "export class |Entity");
    ws.definition("lib/legacy.js", "fmt.|formatTotal(this", "src/util/format.js", "function |formatTotal(value)");
    // packages and globals: nothing in the workspace
    ws.definitionNothing(APP, "|readFileSync(\"x\")");
    ws.definitionNothing(APP, "React.|createElement(");
    ws.definitionNothing(APP, "JSON.|stringify(a)");
  }

  @Test
  void membersThroughThisSuperAndTypes() {
    ws.definition(ORDER, "this.|price() * 2", ORDER, "|price(): number");
    ws.definition(ORDER, "this.|save();", ENTITY, "|save(): Entity");
    ws.definition(ORDER, "this.|name = to", ORDER, "|name = \"order\"");
    ws.definition(ORDER, "super.|describe()", ENTITY, "|describe(): string {\n    return \"entity\"");
    ws.definition(ORDER, "|super(id)", ENTITY, "|constructor(id: string) {");
    // a parameter property declares the member
    ws.definition(ORDER, "this.|owner", ORDER, "private readonly |owner");
    ws.definition(ORDER, "Status.|Open", ENTITY, "  |Open,");
    // typed parameters, through an aliased import and a namespace-qualified interface
    ws.definition(APP, "o.|total()", ORDER, "|total(): number");
    ws.definition(APP, "n.|rename(\"x\")", ENTITY, "|rename(to: string): void");
    ws.definition(APP, "inv.|total()", ORDER, "|total(): number");
    // `this` in an arrow function inside a method; the class's override wins
    ws.definition(APP, "() => this.|describe();", APP, "|describe(): string {\n    return \"special\"");
    ws.definition(APP, "this.|save();\n    this.total", ENTITY, "|save(): Entity");
    // a member no class of a complete hierarchy declares: nothing
    ws.definitionNothing(APP, "this.|missing");
    // object-literal methods, through `this` and through the variable
    ws.definition(APP, "this.|post(path)", APP, "|post(path: string)");
    ws.definition(APP, "api.|get(\"/\")", APP, "|get(path: string)");
    ws.definition("lib/legacy.js", "fmt.formatTotal(this.|describe())", ENTITY, "|describe(): string {\n    return \"entity\"");
  }

  @Test
  void referencesSkipTheDecoy() {
    ws.references(ORDER, "|total(): number",
        APP, "o.|total()",
        APP, "inv.|total()",
        APP, "this.|total();",
        "src/model/basket.ts", "n += o.|total()",
        "src/model/basket.ts", "n += each.|total()",
        "src/model/basket.ts", "return n + first.|total()",
        "src/model/basket.ts", "return lead.|total()",
        "src/model/basket.ts", "return this.|total() + extra");
    ws.references(ORDER, "export function |helper(x",
        ORDER, "return |helper(LIMIT)",
        APP, "import Invoice, { Order as O, |helper }",
        APP, "  |helper(1);");
    ws.references("src/util/format.js", "function |formatTotal(value)",
        "src/util/format.js", "module.exports = { |formatTotal",
        APP, "fmt.|formatTotal(1)",
        APP, "const { |formatTotal } = require",
        APP, "return |formatTotal(inv",
        "lib/legacy.js", "fmt.|formatTotal(this");
    ws.references("other/decoy.ts", "|total(): number {\n    return 0",
        "other/decoy.ts", "new Order().|total()");
  }

  @Test
  void callHierarchyFollowsResolution() {
    assertEquals(List.of("src/app.ts:f", ENTITY + ":save", ORDER + ":total"),
        ws.callees(APP, "|go(): string"));
  }
}
