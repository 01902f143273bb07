package dev.vcr.kernel.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArityTest {
  private static int count(String list) {
    byte[] b = list.getBytes(StandardCharsets.UTF_8);
    return Arity.count(b, 0, b.length);
  }

  @Test
  void countsTopLevelItems() {
    assertEquals(0, count("()"));
    assertEquals(2, count("(a, b)"));
    assertEquals(2, count("(f(a, b), \"x, y\" /* , */)"));
    assertEquals(2, count("(m: Map<K, V>, n)"));
    assertEquals(-1, count("(a, ...rest)"));
  }

  private static boolean thisParameter(String list) {
    byte[] b = list.getBytes(StandardCharsets.UTF_8);
    return Arity.thisParameter(b, 0, b.length);
  }

  @Test
  void aDeclaredThisParameterIsRecognised() {
    assertEquals(true, thisParameter("(this: Foo, key: string)"));
    assertEquals(true, thisParameter("( this : Foo )"));
    assertEquals(false, thisParameter("(thisArg: Foo, key)")); // only `this` itself
    assertEquals(false, thisParameter("(this, other)"));       // an argument list that passes `this`
    assertEquals(false, thisParameter("(this::add)"));         // Java's method reference
    assertEquals(2, count("(this: Foo, key: string)"));        // count() itself counts every item
  }

  @Test
  void theArgumentThatHoldsAKey() {
    String call = "log<T>(a, f(b, c), \"x,y\", { key: 1 })";
    byte[] b = call.getBytes(StandardCharsets.UTF_8);
    int calleeEnd = "log".length();
    assertEquals(3, Arity.argumentIndex(b, calleeEnd, call.indexOf("key")));
    assertEquals(0, Arity.argumentIndex(b, calleeEnd, call.indexOf("a,")));
    assertEquals(-1, Arity.argumentIndex("x.y".getBytes(StandardCharsets.UTF_8), 1, 3));
    String generic = "f(new Map<string, number>(), /* a, b */ { key })";
    assertEquals(1, Arity.argumentIndex(generic.getBytes(StandardCharsets.UTF_8), 1, generic.indexOf("key")));
    // the receiver the extractor writes for such a key
    assertEquals(true, new dev.vcr.kernel.model.Reference("key", dev.vcr.kernel.model.RefRole.WRITE, null, -1,
        "this.log(#3)", -1, null).argumentKey());
    assertEquals(false, new dev.vcr.kernel.model.Reference("key", dev.vcr.kernel.model.RefRole.WRITE, null, -1,
        "log(x)", -1, null).argumentKey());
  }
}
