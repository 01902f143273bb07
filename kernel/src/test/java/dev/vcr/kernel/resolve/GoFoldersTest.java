package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GoResolver#inDir} says what comparing a path's folder with a folder says, without the copy. */
class GoFoldersTest {
  @Test
  void inDirEqualsComparingThePathsFolder() {
    String[] parts = {"a", "ab", "b", "fmt", "x.go", "a.go", ""};
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20_000; trial++) {
      String path = join(rnd, parts, 1 + rnd.nextInt(4));
      String dir = rnd.nextInt(4) == 0 ? "" : join(rnd, parts, 1 + rnd.nextInt(3));
      int slash = path.lastIndexOf('/');
      boolean expected = (slash < 0 ? "" : path.substring(0, slash)).equals(dir);
      assertEquals(expected, GoResolver.inDir(path, dir), path + " in " + dir);
    }
  }

  private static String join(Random rnd, String[] parts, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : "/").append(parts[rnd.nextInt(parts.length)]);
    }
    return b.toString();
  }
}
