package dev.vcr.lsp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test workspaces: copies of {@code src/test/resources/workspaces/<name>} in a temporary folder. */
public final class Fixtures {
  private Fixtures() {}

  /** Copies workspace {@code name} to {@code dir/name} and returns that folder. */
  public static Path copy(String name, Path dir) throws IOException {
    Path from = Golden.resources().resolve("workspaces").resolve(name);
    Path to = dir.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(p -> {
        Path target = to.resolve(from.relativize(p).toString());
        try {
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return to.toRealPath();
  }
}
