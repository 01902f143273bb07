package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project files' JSON reader ({@link Json}): what tsconfig.json allows beyond JSON, and bad input. */
class JsonTest {
  @Test
  void commentsTrailingCommasAByteOrderMarkAndNull() {
    Object v = new Json("\uFEFF{ // a comment\n \"a\": [1, \"x//y\", /* block */ null,], \"b\": null, }").value();
    assertEquals(Map.of("a", Arrays.asList("1", "x//y", null)), Map.of("a", ((Map<?, ?>) v).get("a")));
    assertNull(((Map<?, ?>) v).get("b"));
    assertEquals(true, ((Map<?, ?>) v).containsKey("b"));
    assertEquals(List.of("a/b"), new Json("[\"a/b\"]").value());
  }

  @Test
  void badInputIsAnIllegalArgument() {
    for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1 2]", "\"open", "/* open", "{} x", "{,}"}) {
      assertThrows(IllegalArgumentException.class, () -> new Json(bad).value(), bad);
    }
    String deep = "[".repeat(200_000);
    assertThrows(IllegalArgumentException.class, () -> new Json(deep).value());
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    new Json(ok).value();
  }
}
