package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C rules of issue 12 ({@link CResolver}), on the workspace under {@code fixtures/resolve-c/}: a header in
 * {@code include/shop/} (found from {@code src/} as the ancestor's include folder, and by a relative path),
 * two units in {@code src/}, and same-named decoys in {@code other/} that no unit includes; positions
 * marked by '|' (see {@link PythonResolverTest.Ws}).
 */
class CResolverTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;

  static final String API = "include/shop/api.h";
  static final String CART = "src/cart.c";
  static final String SHELF = "src/shelf.c";
  static final String UTIL = "src/util.h";
  static final String DECOYS = "other/decoys.c";
  static final String TAG_H = "include/shop/tag.h";
  static final String TAG = "src/tag.c";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-c"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  @Test
  void parametersAndLocalsNeverNameWorkspaceDeclarations() {
    ws.definition(CART, "return |count * 2", CART, "static int helper(int |count) { return count * 2");
    ws.definition(UTIL, "return |count + count", UTIL, "util_twice(int |count)");
    ws.definition(CART, "total += cart->items[|i].price", CART, "for (int |i = 0");
    // the decoy global `count` is used nowhere: every `count` above is a parameter or a field
    ws.references(DECOYS, "int |count = 3;");
  }

  @Test
  void fileScopeStaticIsSeenInItsFileOnly() {
    ws.definition(CART, "return |helper(total)", CART, "static int |helper(int count) { return count * 2");
    ws.definition(SHELF, "s->count = |helper(0)", SHELF, "static int |helper(int count) { return count + 1");
    ws.references(DECOYS, "int |helper(int x)");
    ws.references(SHELF, "static int |helper(int count) { return count + 1", SHELF, "s->count = |helper(0)");
  }

  @Test
  void includesDecideWhichDeclarationsAreSeen() {
    // util.h next to cart.c; the decoys' external util_twice is in no unit of cart.c
    ws.definition(CART, "|util_twice(cart->count)", UTIL, "static inline int |util_twice");
    ws.references(DECOYS, "int |util_twice(int n)");
    // the header through the ancestor's include folder ("shop/api.h") and through a relative path
    ws.definition(CART, "const |cart_t *cart) {", API, "} |cart_t;");
    ws.definition(SHELF, "|item_t first;", API, "} |item_t;");
    // a library function: not in the workspace
    ws.definitionNothing(SHELF, "shelf_t *s = |malloc(");
  }

  @Test
  void anUnsavedDocumentsIncludesDecideItsUnit() {
    // the saved shelf.c does not include util.h: its unit is read (and shared) first
    ws.definitionNothing(SHELF, "shelf_t *s = |malloc(");
    String text = "#include \"util.h\"\nint f(void) { return util_twice(2); }\n";
    dev.vcr.kernel.model.FileFacts unsaved = dev.vcr.kernel.extract.SymbolExtractor.extract(
        dev.vcr.kernel.lang.Language.C, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Navigator session = ws.index.navigator(new java.util.TreeMap<>(java.util.Map.of(SHELF, unsaved)));
    var use = new dev.vcr.kernel.query.Results.FilePosition(SHELF, 1, text.indexOf("util_twice") - text.indexOf('\n') - 1, true);
    assertEquals(List.of(ws.positions(UTIL, "static inline int |util_twice").get(0)),
        session.definition(use).stream().map(PythonResolverTest.Ws::render).toList());
    // the store's answers are still those of the saved file
    ws.definition(SHELF, "s->first.price = |cart_total(NULL)", CART, "int |cart_total(const cart_t *cart) {");
  }

  @Test
  void membersThroughTheReceiversDeclaredType() {
    // a parameter's typedef of an anonymous struct, then an array element, a struct's field
    ws.definition(CART, "i < cart->|count;", API, "  int |count;\n} cart_t;");
    ws.definition(CART, "cart->items[i].|price;", API, "  int |price;\n  struct {");
    // a nested anonymous member
    ws.definition(CART, "cart->items[i].size.|w;", API, "    int |w;");
    // a typedef of a tag defined in another file (struct shelf is completed in shelf.c), a cast
    ws.definition(SHELF, "s->|count = helper(0)", SHELF, "  int |count;\n};");
    ws.definition(SHELF, "((struct shelf *) s)->|count", SHELF, "  int |count;\n};");
    ws.definition(SHELF, "s->first.|price", API, "  int |price;\n  struct {");
    // the decoy struct item is no one's type
    ws.references(DECOYS, "struct item { int |price; }");
  }

  @Test
  void macrosAreDeclarations() {
    ws.definition(CART, "total = |SHOP_CLAMP(total)", API, "#define |SHOP_CLAMP(x)");
    // an object-like macro invoked like a function is named (definition, references), not called
    ws.definition(SHELF, "= |shop_alloc(sizeof", API, "#define |shop_alloc malloc");
    assertEquals(List.of("src/cart.c:cart_total", "src/shelf.c:helper"), ws.callees(SHELF, "shelf_t *|shelf_new(void) {"));
    // a macro's body is not parsed: its uses are those in code (as clang's, which count expansions)
    ws.references(API, "#define |SHOP_MAX 16", SHELF, "->count += |SHOP_MAX;");
  }

  @Test
  void aHeaderDeclarationAndItsDefinitionAreOneSymbol() {
    // from a use: the definition, in a .c file the user does not include
    ws.definition(SHELF, "= |cart_total(NULL)", CART, "int |cart_total(const cart_t *cart) {");
    ws.definition(CART, "if (|shop_verbose)", CART, "int |shop_verbose = 0;");
    // from the prototype: the definition
    ws.definition(API, "int |cart_total(const", CART, "int |cart_total(const cart_t *cart) {");
    // references asked at the prototype or at the definition are the same
    ws.references(API, "int |cart_total(const", SHELF, "= |cart_total(NULL)");
    ws.references(CART, "int |cart_total(const cart_t *cart) {", SHELF, "= |cart_total(NULL)");
    ws.references(API, "extern int |shop_verbose;", CART, "if (|shop_verbose)");
    // the call hierarchy at the prototype is the function's (a function-like macro invoked is a callee)
    assertEquals(List.of("include/shop/api.h:SHOP_CLAMP", "src/cart.c:helper", "src/util.h:util_twice"),
        ws.callees(API, "int |cart_total(const"));
    // also when the item is the prototype itself (the command line asks each declaration of a name)
    Navigator.Target proto = ws.nav.targetAt(ws.at(API, "int |cart_total(const")).orElseThrow();
    List<String> callees = ws.nav.outgoingCalls(new CallItem(API, proto.defOrdinal(), proto.def())).stream()
        .map((OutgoingCall c) -> c.to().path() + ":" + c.to().definition().name()).toList();
    assertEquals(List.of("include/shop/api.h:SHOP_CLAMP", "src/cart.c:helper", "src/util.h:util_twice"), callees);
  }

  @Test
  void loneMacroLinesInAStructBodyDoNotBreakTheRestOfTheHeader() {
    // TAG_FLAGS and TAG_LINK(...) alone on their lines declare members (CMacroLines): the members after
    // them, the next struct and the typedef of a union after it are still declarations
    ws.definition(TAG, "tag.data.|length;", TAG_H, "unsigned short |length;");
    ws.definition(TAG, "if (tag.data.|kind)", TAG_H, "unsigned char |kind;");
    ws.definition(TAG, "unsigned tag_length(|tag_t tag)", TAG_H, "} |tag_t;");
    ws.definition(TAG, "tag.ptr->|refs", TAG_H, "unsigned |refs;");
    // (tag.c includes <shop/tag.h>: an angle include through the ancestor's include folder, as a quoted one)
    // a type split over two lines (`item_t\n first;`) is a member, not a macro line
    ws.definition(TAG, "tag.ptr->|first.price", TAG_H, "  |first;");
    ws.definition(TAG, "tag.ptr->first.|price", API, "  int |price;\n  struct {");
  }

  @Test
  void typedefNamesAreOrdinaryIdentifiersAndPointerReturningFunctionTypesAreDeclared() {
    // `sizeof(tag_t)` parses as an expression: the typedef name is still the typedef
    ws.definition(TAG, "sizeof(|tag_t)", TAG_H, "} |tag_t;");
    // typedef const char *(*tag_name_fn)(...) and a member char *(*describe)(...)
    ws.definition(TAG_H, "  |tag_name_fn name;", TAG_H, "typedef const char *(*|tag_name_fn)");
    ws.definition(TAG, "k->|describe(tag)", TAG_H, "char *(*|describe)(tag_t tag);");
  }
}
