package dev.vcr.kernel.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.kernel.testing.Golden;
import dev.vcr.kernel.text.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native fast path ({@code libvcrts.so}) and tree-sitter-ng must give identical {@link FileFacts}:
 * on every extraction fixture, on damaged and multi-byte variants of them, on a sample of java.base, and
 * on whatever other real code the machine has (Python's standard library, npm's JavaScript, C headers).
 *
 * <p>Runs when the library is configured ({@code -Dvcr.native=<path>}, as scripts/test.sh does after
 * native/build.sh). With {@code -Dvcr.native.required=true} a missing library or a language left on
 * tree-sitter-ng fails the test instead of skipping it. {@code -Dvcr.parity.files=N} sets the java.base
 * sample (default 300; the other corpora take half as many per language; 0: every file).
 */
class NativeParityTest {
  private static final int SAMPLE = Integer.getInteger("vcr.parity.files", 300);

  @BeforeAll
  static void requireLibrary() {
    if (Boolean.getBoolean("vcr.native.required")) {
      assertTrue(NativeExtractor.available(), "native extractor required but " + NativeExtractor.describe());
      for (Language l : Language.values()) {
        assertTrue(SymbolExtractor.usesNative(l), l.id() + " is not on the native path");
      }
    }
    assumeTrue(NativeExtractor.available(), "native extractor not configured: " + NativeExtractor.describe());
  }

  /** Nanoseconds spent in each path, per language, for the summary on stderr. */
  private static final Map<Language, long[]> TIME = new EnumMap<>(Language.class);

  private static void assertSame(String what, Language language, byte[] raw) {
    byte[] text = Utf8.sanitize(raw);
    long t0 = System.nanoTime();
    FileFacts binding = SymbolExtractor.extractWithBinding(language, text);
    long t1 = System.nanoTime();
    FileFacts fast = SymbolExtractor.extractNative(language, text);
    long t2 = System.nanoTime();
    synchronized (TIME) {
      long[] t = TIME.computeIfAbsent(language, k -> new long[3]);
      t[0] += t1 - t0;
      t[1] += t2 - t1;
      t[2] += text.length;
    }
    assertNotNull(fast, language.id() + " is not on the native path");
    if (!binding.equals(fast)) {
      // Name the first difference; the records' own toString would be unreadable at this size.
      assertEquals(binding.packageName(), fast.packageName(), what + ": package");
      assertEquals(binding.errorNodes(), fast.errorNodes(), what + ": error nodes");
      firstDifference(what + ": definitions", binding.definitions(), fast.definitions());
      firstDifference(what + ": references", binding.references(), fast.references());
      firstDifference(what + ": imports", binding.imports(), fast.imports());
      assertEquals(binding, fast, what);
    }
    assertEquals(fast, SymbolExtractor.extract(language, text), what + ": extract() takes the native path");
  }

  private static void firstDifference(String what, List<?> expected, List<?> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + " #" + i);
    }
    assertEquals(expected.size(), actual.size(), what + " count");
  }

  private static List<Path> fixtureFiles(Language language) throws IOException {
    Path dir = Golden.resources().resolve("fixtures/extract/" + language.id());
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  private static Language languageOf(Path file, Language fallback) {
    return Language.forFileName(file.getFileName().toString()).orElse(fallback);
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void fixturesGiveIdenticalFacts(Language language) throws IOException {
    for (Path file : fixtureFiles(language)) {
      assertSame(file.toString(), languageOf(file, language), Files.readAllBytes(file));
    }
  }

  /** Cut short, lines dropped, or a stray brace: error recovery must agree too. */
  @ParameterizedTest
  @EnumSource(Language.class)
  void damagedFixturesGiveIdenticalFacts(Language language) throws IOException {
    for (Path file : fixtureFiles(language)) {
      Language lang = languageOf(file, language);
      byte[] bytes = Files.readAllBytes(file);
      for (int cut = 1; cut < 8; cut++) {
        int at = (int) ((long) bytes.length * cut / 8);
        assertSame(file + " cut at " + at, lang, Arrays.copyOf(bytes, at));
        byte[] braced = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, braced, 0, at);
        braced[at] = (byte) (cut % 2 == 0 ? '{' : '(');
        System.arraycopy(bytes, at, braced, at + 1, bytes.length - at);
        assertSame(file + " with a stray bracket at " + at, lang, braced);
      }
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
      StringBuilder everyThird = new StringBuilder();
      for (int i = 0; i < lines.length; i++) {
        if (i % 3 != 1) {
          everyThird.append(lines[i]).append('\n');
        }
      }
      assertSame(file + " without every third line", lang, everyThird.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Multi-byte text, and files larger than tree-sitter-ng's 64 KB read chunks so characters straddle
   * chunk boundaries; plus empty and whitespace-only files.
   */
  @ParameterizedTest
  @EnumSource(Language.class)
  void multiByteAndLargeFilesGiveIdenticalFacts(Language language) throws IOException {
    assertSame("empty", language, new byte[0]);
    assertSame("blank", language, "\n  \n\t\n".getBytes(StandardCharsets.UTF_8));
    for (Path file : fixtureFiles(language)) {
      Language lang = languageOf(file, language);
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      String accented = text.replace("a", "\u00e4").replace("o", "\u00f6\u4e2d").replace("e", "\ud83d\ude00");
      assertSame(file + " with multi-byte letters", lang, accented.getBytes(StandardCharsets.UTF_8));
      // Just past one 64 KB chunk: repeating a file's top level many times makes queries slow on both paths.
      StringBuilder big = new StringBuilder();
      for (int pad = 0; big.toString().getBytes(StandardCharsets.UTF_8).length < 70_000; pad++) {
        big.append(pad % 2 == 0 ? text : accented).append('\n');
      }
      assertSame(file + " repeated past 64 KB", lang, big.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A sample of java.base from the JDK's src.zip, about 300 files by default. */
  @Test
  void javaBaseGivesIdenticalFacts() throws Exception {
    Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    if (!Files.isRegularFile(zip)) {
      zip = Path.of("/usr/lib/jvm/openjdk-17/lib/src.zip");
    }
    assumeTrue(Files.isRegularFile(zip), "no JDK src.zip");
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<ZipEntry> entries = z.stream()
          .filter(e -> e.getName().startsWith("java.base/") && e.getName().endsWith(".java"))
          .sorted((a, b) -> a.getName().compareTo(b.getName()))
          .collect(Collectors.toList());
      assertTrue(entries.size() > 1000, "java.base has " + entries.size() + " files");
      int stride = SAMPLE <= 0 ? 1 : Math.max(1, entries.size() / SAMPLE);
      List<Object[]> sample = new ArrayList<>();
      for (int i = 0; i < entries.size(); i += stride) {
        try (var in = z.getInputStream(entries.get(i))) {
          sample.add(new Object[] {entries.get(i).getName(), in.readAllBytes()});
        }
      }
      // Two threads, as the indexer runs them: the per-thread parsers and the shared query must agree too.
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (Object[] s : sample) {
          done.add(pool.submit(() -> assertSame((String) s[0], Language.JAVA, (byte[]) s[1])));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * Other real code where the machine has it (skipped otherwise): Python's standard library, npm's own
   * JavaScript, C headers, and any folders named in {@code -Dvcr.parity.dirs} (path-separated).
   */
  @Test
  void otherCorporaGiveIdenticalFacts() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(Path.of("/usr/lib/python3.11"), Path.of("/usr/share/nodejs"),
        Path.of("/usr/lib/node_modules"), Path.of("/usr/include")));
    String extra = System.getProperty("vcr.parity.dirs", "");
    for (String d : extra.split(java.io.File.pathSeparator)) {
      if (!d.isBlank()) {
        roots.add(Path.of(d));
      }
    }
    Map<Language, List<Path>> byLanguage = new EnumMap<>(Language.class);
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(p -> Language.forFileName(p.getFileName().toString())
            .ifPresent(l -> byLanguage.computeIfAbsent(l, k -> new ArrayList<>()).add(p)));
      }
    }
    assumeTrue(!byLanguage.isEmpty(), "no other corpora on this machine");
    synchronized (TIME) {
      TIME.clear();
    }
    for (Map.Entry<Language, List<Path>> e : byLanguage.entrySet()) {
      List<Path> files = e.getValue();
      files.sort(null);
      int sample = SAMPLE / 2; // half of java.base's: these corpora are only there to widen coverage
      int stride = SAMPLE <= 0 ? 1 : Math.max(1, files.size() / Math.max(1, sample));
      for (int i = 0; i < files.size(); i += stride) {
        Path file = files.get(i);
        if (Files.size(file) <= 1_000_000) {
          assertSame(file.toString(), e.getKey(), Files.readAllBytes(file));
        }
      }
    }
    synchronized (TIME) {
      TIME.forEach((l, t) -> System.err.printf(java.util.Locale.ROOT,
          "parity %s: %.1f MB, tree-sitter-ng %.2f s, native %.2f s (%.1fx)%n",
          l.id(), t[2] / 1e6, t[0] / 1e9, t[1] / 1e9, (double) t[0] / Math.max(1, t[1])));
    }
  }
}
