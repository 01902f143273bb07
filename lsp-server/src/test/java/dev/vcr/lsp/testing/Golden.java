package dev.vcr.lsp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Golden-file comparison (a copy of the kernel's test helper; modules do not share test classes). Run with
 * {@code -Dgolden.update=true} to rewrite golden files; a missing golden file is written and the test fails,
 * so every new golden is reviewed before it counts.
 */
public final class Golden {
  private Golden() {}

  /** The source tree's test resources of the module the test runs in (Maven runs tests in the module dir). */
  public static Path resources() {
    return Paths.get("src", "test", "resources").toAbsolutePath();
  }

  public static void check(Path golden, String actual) throws IOException {
    boolean update = Boolean.getBoolean("golden.update");
    if (update || !Files.exists(golden)) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      if (!update) {
        fail("golden file was missing and has been written; review it and rerun: " + golden);
      }
      return;
    }
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    assertEquals(expected, actual, "golden mismatch for " + golden + " (rerun with -Dgolden.update=true to accept)");
  }
}
