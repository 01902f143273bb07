package dev.vcr.kernel.extract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.testing.FactsRenderer;
import dev.vcr.kernel.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One fixture folder per language under {@code fixtures/extract/<id>/}; every file in it is extracted and
 * rendered, and the concatenation is compared with {@code golden/extract/<id>.txt}.
 */
class ExtractGoldenTest {

  @ParameterizedTest
  @EnumSource(Language.class)
  void extractsFixture(Language language) throws IOException {
    Path dir = Golden.resources().resolve("fixtures/extract/" + language.id());
    assertTrue(Files.isDirectory(dir), "every language needs an extraction fixture: " + dir);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    assertFalse(files.isEmpty(), "empty fixture " + dir);
    StringBuilder out = new StringBuilder();
    for (Path file : files) {
      Language lang = Language.forFileName(file.getFileName().toString()).orElse(language);
      FileFacts facts = SymbolExtractor.extract(lang, Files.readAllBytes(file));
      out.append(FactsRenderer.render(dir.relativize(file).toString().replace('\\', '/'), facts));
    }
    Golden.check(Golden.resources().resolve("golden/extract/" + language.id() + ".txt"), out.toString());
  }
}
