package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refresh parses exactly the files whose content changed, and nothing else. */
class IncrementalPrecisionTest {
  static final int FILES = 40;

  @TempDir Path tmp;
  Path ws;
  Path idx;

  @BeforeEach
  void indexFixture() throws IOException {
    ws = tmp.resolve("ws");
    idx = tmp.resolve("idx");
    Fixtures.generate(ws, FILES);
    IndexSummary first = Fixtures.index(ws, idx, 2);
    assertEquals(FILES, first.parsed());
  }

  @Test
  void aWarmRunOpensNoUnchangedFile() throws IOException {
    Path ws2 = tmp.resolve("ws2");
    Fixtures.generate(ws2, 30);
    Files.write(ws2.resolve("bin.java"), new byte[] {'c', 'l', 0, 'x'});
    try (WorkspaceIndex wi = Fixtures.open(ws2, tmp.resolve("idx2"), 2)) {
      IndexSummary cold = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(30, cold.scanned(), "the binary file is not counted as scanned");
      assertTrue(cold.skipped().stream().anyMatch(s -> s.startsWith("bin.java: BINARY")), cold.skipped().toString());
      long readCold = wi.metrics().count("index.files_read");
      IndexSummary warm = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, warm.parsed());
      // Only the binary file (never indexed, so never known unchanged) is read again; no source file is.
      assertEquals(1, wi.metrics().count("index.files_read") - readCold);
      assertEquals(cold.indexHash(), warm.indexHash());
    }
  }

  @Test
  void contentChangeParsesExactlyOneFile() throws IOException {
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String before = wi.store().indexHash();
      String rel = Fixtures.write(ws, 13, 1);
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, s.parsed());
      assertEquals(1, wi.metrics().count("index.files_parsed"));
      assertEquals(1, wi.metrics().distribution("index.parse_micros").count());
      assertEquals(FILES - 1, s.unchanged());
      assertEquals(0, s.deleted());
      assertEquals("incremental", s.mode());
      assertNotEquals(before, s.indexHash());
      assertEquals(Files.size(ws.resolve(rel)), wi.store().file(rel).size());

      // Nothing changed since: a second refresh parses nothing.
      IndexSummary again = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, again.parsed());
      assertEquals(1, wi.metrics().count("index.files_parsed"));
      assertEquals(s.indexHash(), again.indexHash());
    }
  }

  @Test
  void sameSizeContentChangeWithNewMtimeIsParsed() throws IOException {
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      Path f = ws.resolve(Fixtures.pathOf(8)); // a Java file
      String text = Files.readString(f);
      String edited = text.replace("compute8", "compute9");
      assertEquals(text.length(), edited.length());
      Files.writeString(f, edited);
      Files.setLastModifiedTime(f, FileTime.fromMillis(Fixtures.BASE_TIME.toMillis() + 5_000));
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, s.parsed());
      assertEquals(1, wi.metrics().count("index.files_parsed"));
    }
  }

  @Test
  void mtimeOnlyChangeParsesNothing() throws IOException {
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String before = wi.store().indexHash();
      String rel = Fixtures.pathOf(5);
      long newMtime = Fixtures.BASE_TIME.toMillis() + 123_000;
      Files.setLastModifiedTime(ws.resolve(rel), FileTime.fromMillis(newMtime));
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed());
      assertEquals(0, wi.metrics().count("index.files_parsed"));
      assertEquals(0, wi.metrics().distribution("index.parse_micros").count());
      assertEquals(FILES, s.unchanged());
      assertEquals(0, s.deleted());
      assertEquals(before, s.indexHash());
      assertEquals(newMtime, wi.store().file(rel).mtimeMillis(), "the new mtime is recorded");
    }
    // The recorded mtime survives a reopen: the next run does not even read the file.
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed());
      assertEquals(FILES, s.unchanged());
    }
  }

  @Test
  void deletionParsesNothingAndDeletesOne() throws IOException {
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String rel = Fixtures.pathOf(21);
      assertNotNull(wi.store().file(rel));
      Files.delete(ws.resolve(rel));
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed());
      assertEquals(0, wi.metrics().count("index.files_parsed"));
      assertEquals(1, s.deleted());
      assertEquals(FILES - 1, s.scanned());
      assertEquals(FILES - 1, s.unchanged());
      assertEquals(FILES - 1, wi.store().fileCount());
      assertNull(wi.store().file(rel));
      assertNull(wi.store().facts(rel));
      // Its definitions are gone from the name index too.
      assertEquals(0, wi.store().definitions("helper_21").size());
    }
  }

  @Test
  void addedFileIsTheOnlyOneParsed() throws IOException {
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String rel = Fixtures.write(ws, FILES, 0);
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, s.parsed());
      assertEquals(1, wi.metrics().count("index.files_parsed"));
      assertEquals(FILES + 1, s.scanned());
      assertNotNull(wi.store().file(rel));
    }
  }

  /**
   * In C, an include added to a file relinks the files that include it (transitively), found by the
   * included file's name: a source nobody includes is linked alone, however many files use the names of
   * the header it now includes; a header's new include relinks its includers and not the other files.
   */
  @Test
  void aNewIncludeRelinksTheIncludersOnly() throws IOException {
    Path c = tmp.resolve("c");
    Files.createDirectories(c.resolve("src"));
    Files.writeString(c.resolve("src/big.h"), "int big_one(void);\nint big_two(void);\n");
    Files.writeString(c.resolve("src/mid.h"), "int mid(void);\n");
    Files.writeString(c.resolve("src/top.h"), "#include \"mid.h\"\n");
    Files.writeString(c.resolve("src/a.c"), "#include \"top.h\"\nint a(void) { return mid() + big_one(); }\n");
    Files.writeString(c.resolve("src/b.c"), "#include \"mid.h\"\nint b(void) { return mid(); }\n");
    for (int i = 0; i < 5; i++) {
      Files.writeString(c.resolve("src/u" + i + ".c"), "#include \"big.h\"\nint u" + i + "(void) { return big_one() + big_two(); }\n");
    }
    Files.writeString(c.resolve("src/x.c"), "int x(void) { return 0; }\n");
    try (WorkspaceIndex wi = Fixtures.open(c, tmp.resolve("c-idx"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      Files.writeString(c.resolve("src/x.c"), "#include \"big.h\"\nint x(void) { return big_two(); }\n");
      Files.setLastModifiedTime(c.resolve("src/x.c"), FileTime.fromMillis(System.currentTimeMillis() + 10_000));
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, wi.store().lastRelinked(), "x.c alone: nobody includes it");
      Files.writeString(c.resolve("src/mid.h"), "#include \"big.h\"\nint mid(void);\n");
      Files.setLastModifiedTime(c.resolve("src/mid.h"), FileTime.fromMillis(System.currentTimeMillis() + 20_000));
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(4, wi.store().lastRelinked(), "mid.h, and top.h, a.c and b.c, which include it");
    }
  }
}
