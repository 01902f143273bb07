package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirTest {
  @TempDir Path tmp;

  @Test
  void defaultLocationPrefersXdgRuntimeDir() {
    assertEquals(Path.of("/run/user/1000/vcr"), RuntimeDir.defaultLocation(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "1000"));
    Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
    assertEquals(tmpDir.resolve("vcr-1000"), RuntimeDir.defaultLocation(Map.of(), "1000"));
    assertEquals(tmpDir.resolve("vcr-42"), RuntimeDir.defaultLocation(Map.of("XDG_RUNTIME_DIR", ""), "42"));
    assertEquals(tmpDir.resolve("vcr-42"), RuntimeDir.defaultLocation(Map.of("XDG_RUNTIME_DIR", "relative"), "42"));
  }

  @Test
  void createsThePrivateDirectory() throws IOException {
    Path d = tmp.resolve("vcr");
    RuntimeDir rd = RuntimeDir.open(d);
    assertEquals(d, rd.path());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
    RuntimeDir.open(d); // reopening an existing good directory is fine
  }

  @Test
  void refusesGroupOrOtherAccess() throws IOException {
    for (String mode : new String[] {"rwxr-x---", "rwx---r--", "rwx-w----", "rwx-----x"}) {
      Path d = Files.createDirectory(tmp.resolve("d" + mode.hashCode()));
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
      IOException e = assertThrows(IOException.class, () -> RuntimeDir.open(d), mode);
      assertTrue(e.getMessage().contains("group or others"), e.getMessage());
    }
  }

  @Test
  void refusesSymlinksAndFiles() throws IOException {
    Path real = Files.createDirectory(tmp.resolve("real"));
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    assertThrows(IOException.class, () -> RuntimeDir.open(link));
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThrows(IOException.class, () -> RuntimeDir.open(file));
  }

  @Test
  void refusesADirectoryOwnedBySomeoneElse() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("other"));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
    String me = RuntimeDir.currentUid();
    // The owner check is pure: verify against a uid that is not the directory's owner.
    IOException e = assertThrows(IOException.class, () -> RuntimeDir.verify(d, me.equals("4242") ? "4243" : "4242"));
    assertTrue(e.getMessage().contains("owned by uid " + me), e.getMessage());
    // And for real when we may hand a directory to another user (root in a container).
    if (me.equals("0")) {
      Path theirs = Files.createDirectory(tmp.resolve("theirs"));
      Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
      Files.setAttribute(theirs, "unix:uid", 4242);
      assertThrows(IOException.class, () -> RuntimeDir.open(theirs));
    }
  }

  @Test
  void currentUidMatchesFilesWeCreate() throws IOException {
    Path f = Files.writeString(tmp.resolve("mine"), "x");
    assertEquals(String.valueOf(Files.getAttribute(f, "unix:uid")), RuntimeDir.currentUid());
  }

  @Test
  void socketIsNamedAfterTheWorkspaceIndexName() throws IOException {
    Path ws = Files.createDirectory(tmp.resolve("my project"));
    String name = Workspace.of(ws).indexName();
    RuntimeDir rd = RuntimeDir.open(tmp.resolve("r"));
    RuntimeDir.DaemonFiles f = rd.files(name);
    assertEquals(rd.path().resolve(name + ".sock"), f.socket());
    assertEquals(rd.path().resolve(name + ".lock"), f.daemonLock());
    assertEquals(rd.path().resolve(name + ".pid"), f.pidFile());
    assertEquals(rd.path().resolve(name + ".log"), f.log());
    assertTrue(name.startsWith("my_project-"), name);
    // Another workspace gets another socket.
    Path other = Files.createDirectory(tmp.resolve("other"));
    assertTrue(!rd.files(Workspace.of(other).indexName()).socket().equals(f.socket()));
  }

  @Test
  void longNamesAreShortenedToFitASocketAddress() throws IOException {
    String hash = "0123456789abcdef";
    Path dir = Path.of("/run/user/1000/vcr");
    assertEquals("proj-" + hash, RuntimeDir.shortName(dir, "proj-" + hash));
    String longName = "x".repeat(200) + "-" + hash;
    String s = RuntimeDir.shortName(dir, longName);
    assertTrue(s.endsWith("-" + hash) && s.startsWith("xxx"), s);
    assertTrue((dir + "/" + s + ".sock").getBytes(StandardCharsets.UTF_8).length <= RuntimeDir.MAX_SOCKET_PATH_BYTES);
    Path deep = Path.of("/" + "d".repeat(76));
    assertEquals(hash, RuntimeDir.shortName(deep, longName));
    assertThrows(IOException.class, () -> RuntimeDir.shortName(Path.of("/" + "d".repeat(120)), longName));
  }
}
