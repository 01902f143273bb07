package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TypeScript rules of issue 12 over {@code fixtures/resolve-ts-rules/}, positions marked by '|' (see
 * {@link PythonResolverTest.Ws}): {@code new C()} and constructors, overload signatures as one symbol.
 */
class ScriptRulesTest {
  @TempDir static Path tmp;
  static PythonResolverTest.Ws ws;
  static final String F = "src/shapes.ts";

  @BeforeAll
  static void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-ts-rules"), tmp);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  static CallItem item(String decl) {
    List<CallItem> items = ws.nav.prepareCallHierarchy(ws.at(F, decl));
    assertEquals(1, items.size(), "one call item at " + decl + ": " + items);
    return items.get(0);
  }

  static String render(CallItem c) {
    return c.definition().name() + "@" + (c.definition().nameSpan().startLine() + 1);
  }

  static List<String> callers(String decl) {
    List<String> out = new ArrayList<>();
    for (IncomingCall c : ws.nav.incomingCalls(item(decl))) {
      out.add(render(c.from()));
    }
    return out;
  }

  static List<String> callees(String decl) {
    List<String> out = new ArrayList<>();
    for (OutgoingCall c : ws.nav.outgoingCalls(item(decl))) {
      out.add(render(c.to()));
    }
    return out;
  }

  @Test
  void newCallsTheClassesOwnConstructor() {
    ws.definition(F, "new |Circle(2)", F, "|constructor(public radius", F, "export class |Circle");
    // Square inherits Shape's constructor: the site names the class only
    ws.definition(F, "new |Square(\"sq\")", F, "export class |Square");
    // Shape's constructor is called by Circle's (super), not by `new Square`
    assertEquals(List.of("constructor@10"), callers("|constructor(public name"));
    assertEquals(List.of("main@39"), callers("|constructor(public radius"));
  }

  @Test
  void overloadSignaturesAndTheImplementationAreOneSymbol() {
    // from any signature: one call item, the implementation; its callers and callees
    String first = "export function |parse(text: string): number;";
    assertEquals("parse@17", render(item(first)));
    assertEquals("parse@17", render(item("export function |parse(text: string, radix: number)")));
    assertEquals(List.of("toInt@21"), callees(first));
    assertEquals(List.of("read@34", "main@39"), callers(first));
    assertEquals(List.of("parse@17"), callees("  |read(n: number): string;"));
    assertEquals(List.of("main@39"), callers("  |read(s: string): string;"));
    // overloaded constructors too
    assertEquals(List.of("toInt@21"), callees("  |constructor(size: number);"));
    assertEquals(List.of("main@39"), callers("  |constructor(name: string);"));
    // callees name each overloaded symbol once
    assertEquals(List.of("constructor@10", "parse@17", "constructor@28", "read@34"), callees("export function |main()"));
    // references from a signature: every use of the symbol
    ws.references(F, first, F, "return String(|parse(String(x)))", F, "  |parse(\"1\")", F, "  |parse(\"2\", 8)");
  }

  @Test
  void anIntersectionTypeAliasHasTheMembersOfItsParts() {
    String r = "src/requests.ts";
    ws.definition(r, "r.|correlationId", r, "  |correlationId: string;");
    ws.definition(r, "r.|account", r, "  |account?: string;\n  prompt");
    ws.definition(r, "r.|prompt()", r, "  |prompt(): string;");
    ws.references(r, "  |account?: string;\n  prompt", r, "r.|account");
    ws.references(r, "  |account?: string;\n}", r, "o.|account");
  }

  @Test
  void theKeysOfATypedObjectLiteralAreItsTypesProperties() {
    String r = "src/requests.ts";
    ws.definition(r, "level: 1, |text: \"a\"", r, "  |text?: string;");
    ws.references(r, "  |level: number;",
        r, "private last: Msg = { |level: 0 }",
        r, "const m: Msg = { |level: 1",
        r, "const n = { |level: 2 } as Msg",
        r, "null = { |level: 4 }");
  }
}
