package dev.vcr.lsp.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vcr.kernel.text.LineIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closed file's lines are kept while its attributes stay the same, and read again when they change. */
class DiskLinesTest {

  @Test
  void keepsTheLinesOfAnUnchangedFileAndRereadsAChangedOne(@TempDir Path tmp) throws Exception {
    DiskLines disk = new DiskLines();
    Path f = tmp.resolve("A.java");
    Files.writeString(f, "class A {\n}\n");
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(f, t);
    LineIndex first = disk.read(f);
    assertEquals(3, first.lineCount());
    assertSame(first, disk.read(f));

    // a new modification time (same size)
    Files.writeString(f, "class B {\n}\n");
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_001_000L));
    LineIndex second = disk.read(f);
    assertNotSame(first, second);
    assertEquals("class B {\n}\n", new String(second.text(), java.nio.charset.StandardCharsets.UTF_8));

    // a new size with the same time
    Files.writeString(f, "class B {\n  int x;\n}\n");
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_001_000L));
    LineIndex third = disk.read(f);
    assertEquals(4, third.lineCount());
    assertSame(third, disk.read(f));
  }

  @Test
  void staysBoundedInFiles(@TempDir Path tmp) throws Exception {
    DiskLines disk = new DiskLines();
    Path first = tmp.resolve("F0.java");
    for (int i = 0; i < 100; i++) {
      Path f = tmp.resolve("F" + i + ".java");
      Files.writeString(f, "class F" + i + " {}\n");
      disk.read(f);
    }
    LineIndex again = disk.read(first); // evicted long ago: read again, equal
    assertEquals("class F0 {}\n", new String(again.text(), java.nio.charset.StandardCharsets.UTF_8));
    assertSame(again, disk.read(first));
  }
}
