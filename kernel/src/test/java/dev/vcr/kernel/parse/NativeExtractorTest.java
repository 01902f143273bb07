package dev.vcr.kernel.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the fast path is switched on and off: -Dvcr.native and VCR_NATIVE, checked in fresh JVMs. */
class NativeExtractorTest {

  @Test
  void propertyWinsOverEnvironmentAndBlankIsUnset() {
    assertEquals("/a.so", NativeExtractor.setting("/a.so", "off"));
    assertEquals("off", NativeExtractor.setting("off", "/a.so"));
    assertEquals("/b.so", NativeExtractor.setting(null, "/b.so"));
    assertEquals("/b.so", NativeExtractor.setting("  ", "/b.so"));
    assertNull(NativeExtractor.setting(null, ""));
    for (String off : List.of("off", "OFF", "false", "0", "no")) {
      assertTrue(NativeExtractor.isOff(off), off);
    }
    assertFalse(NativeExtractor.isOff("/x/libvcrts.so"));
    assertFalse(NativeExtractor.isOff(null));
  }

  /** Prints the mode and whether Java extraction takes the native path, for the tests below. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println(NativeExtractor.mode() + " " + SymbolExtractor.usesNative(Language.JAVA));
    }
  }

  private static String probe(String property, String env) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (property != null) {
      cmd.add("-Dvcr.native=" + property);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Probe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("VCR_NATIVE");
    if (env != null) {
      pb.environment().put("VCR_NATIVE", env);
    }
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void withoutSettingOrWithOffTheBindingIsUsed() throws Exception {
    assertEquals("NOT_CONFIGURED false", probe(null, null));
    assertEquals("OFF false", probe(null, "off"));
    assertEquals("FAILED false", probe("/nonexistent/libvcrts.so", null));
  }

  @Test
  void offWinsOverAConfiguredLibrary() throws Exception {
    String lib = System.getProperty("vcr.native");
    assumeTrue(lib != null && !NativeExtractor.isOff(lib), "no native library configured");
    assertEquals("LOADED true", probe(lib, null));
    assertEquals("LOADED true", probe(null, lib));
    assertEquals("OFF false", probe("off", lib));
    assertEquals("OFF false", probe(null, "off"));
  }
}
