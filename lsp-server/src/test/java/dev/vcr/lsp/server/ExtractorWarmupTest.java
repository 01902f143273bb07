package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up extracts the workspace's source files, skips what it cannot or should not, and yields before each. */
class ExtractorWarmupTest {
  @Test
  void extractsSourceFilesOnlyAndYieldsBeforeEach(@TempDir Path ws) throws Exception {
    Files.createDirectories(ws.resolve("src"));
    Files.writeString(ws.resolve("src/A.java"), "class A { void f() {} }\n");
    Files.writeString(ws.resolve("src/b.py"), "def b():\n    pass\n");
    Files.write(ws.resolve("src/c.ts"), new byte[] {(byte) 0xff, 0, 1, 2, (byte) 0xfe}); // not text: still no failure
    Files.writeString(ws.resolve("notes.txt"), "not a source file\n");
    Files.createDirectories(ws.resolve("node_modules/x"));
    Files.writeString(ws.resolve("node_modules/x/index.js"), "function skipped() {}\n");
    Files.createDirectories(ws.resolve(".git"));
    Files.writeString(ws.resolve(".git/hook.py"), "def skipped():\n    pass\n");
    AtomicInteger yields = new AtomicInteger();
    ExtractorWarmup w = ExtractorWarmup.start(java.util.List.of(ws), yields::incrementAndGet);
    w.awaitEnd(30_000);
    w.close();
    assertEquals(3, w.filesDone());
    assertEquals(3, yields.get());
  }
}
