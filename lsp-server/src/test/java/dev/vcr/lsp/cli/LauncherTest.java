package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/vcr}'s choice of collector (ARCHITECTURE.md, "Memory"): the server commands get the serial
 * collector with a small young generation and initial heap, batch commands the parallel one with the same
 * young generation; a collector named in {@code VCR_JAVA_OPTS} always wins. The launcher runs a stand-in jar
 * ({@code VCR_JAR}) that prints the collectors and heap sizes of the JVM it was given.
 */
class LauncherTest {
  @TempDir static Path tmp;
  static Path jar;

  /** The stand-in for vcr.jar: prints its collectors' names (sorted) and its initial heap, then exits. */
  public static final class PrintCollectors {
    public static void main(String[] args) {
      String names = ManagementFactory.getGarbageCollectorMXBeans().stream()
          .map(GarbageCollectorMXBean::getName).sorted().collect(Collectors.joining(","));
      long initial = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit();
      String tier = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("TieredStopAtLevel").getValue()
          + (Boolean.getBoolean("vcr.launcherTier") ? "L" : ""); // the launcher marks its own choice
      var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      String free = hotspot.getVMOption("MinHeapFreeRatio").getValue() + "-"
          + hotspot.getVMOption("MaxHeapFreeRatio").getValue() + " step="
          + (Long.parseLong(hotspot.getVMOption("MinHeapDeltaBytes").getValue()) >> 20) + "M";
      String xms = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("-Xms")).findFirst().orElse("none"); // the initial heap it was given
      System.out.println("tier=" + tier + " " + names + " xms=" + xms + " init=" + (initial >> 20) + "M free=" + free);
    }
  }

  @BeforeAll
  static void standIn() throws IOException {
    jar = tmp.resolve("stand-in.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintCollectors.class.getName());
    String entry = PrintCollectors.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest);
        var in = PrintCollectors.class.getClassLoader().getResourceAsStream(entry)) {
      j.putNextEntry(new JarEntry(entry));
      in.transferTo(j);
      j.closeEntry();
    }
  }

  static String launch(String javaOpts, String... args) throws Exception {
    Path launcher = Path.of("..", "bin", "vcr").toAbsolutePath().normalize();
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("VCR_JAR", jar.toString());
    pb.environment().put("VCR_NATIVE", "off");
    pb.environment().put("VCR_JAVA_OPTS", javaOpts);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void serversRunWithTheSerialCollectorAndASmallHeapToStartWith() throws Exception {
    // the servers build indexes too, and G1's default heap grew to 7.8 GB building Linux in one
    for (String command : List.of("lsp", "daemon", "mcp")) {
      String out = launch("", command, "x").replaceFirst("^tier=\\d+L? ", "");
      assertTrue(out.startsWith("Copy,MarkSweepCompact xms=-Xms64m init=64M "), command + ": " + out);
    }
  }

  @Test
  void batchCommandsRunWithTheParallelCollectorAndTheSameYoungGeneration() throws Exception {
    for (String command : List.of("index", "refs", "cycles")) {
      String out = launch("", command, "x").replaceFirst("^tier=\\d+L? ", "");
      // no initial heap: the JVM's own is larger, and the parallel collector took three full collections on
      // java.base's build to grow from 64 MB
      assertTrue(out.startsWith("PS MarkSweep,PS Scavenge xms=none "), command + ": " + out);
    }
  }

  @Test
  void aCollectorOrHeapSizeInVcrJavaOptsWins() throws Exception {
    String serial = launch("-XX:+UseSerialGC", "index", "x");
    assertTrue(serial.startsWith("tier=1L Copy,MarkSweepCompact "), serial);
    String parallel = launch("-XX:+UseParallelGC", "lsp");
    assertTrue(parallel.startsWith("tier=4 PS MarkSweep,PS Scavenge "), parallel);
    String sized = launch("-Xms128m", "lsp");
    assertTrue(sized.startsWith("tier=4 Copy,MarkSweepCompact ") && sized.contains(" init=128M "), sized);
    String sizedBatch = launch("-Xms128m", "index", "x");
    assertTrue(sizedBatch.startsWith("tier=1L PS MarkSweep,PS Scavenge ")
        && sizedBatch.contains(" init=128M "), sizedBatch);
  }

  @Test
  void batchCommandsKeepTheirHeapCloseToItsLiveSet() throws Exception {
    for (String command : List.of("index", "refs", "hash")) {
      assertTrue(launch("", command, "x").endsWith(" free=20-40 step=64M"), command);
    }
    for (String command : List.of("lsp", "daemon", "mcp")) {
      String out = launch("", command);
      assertTrue(out.contains(" free=40-70 "), command + ": " + out); // the JVM's defaults
      assertFalse(out.endsWith(" step=64M"), command + ": " + out);
    }
    String chosen = launch("-XX:MinHeapFreeRatio=10", "index", "x");
    assertTrue(chosen.contains(" free=10-") && !chosen.contains("-40 "), "VCR_JAVA_OPTS wins: " + chosen);
    String step = launch("-XX:MinHeapDeltaBytes=8m", "index", "x");
    assertTrue(step.endsWith(" free=20-40 step=8M"), "VCR_JAVA_OPTS wins: " + step);
  }

  @Test
  void batchCommandsRunOnTheFirstJitTierAndServersOnBoth() throws Exception {
    for (String command : List.of("index", "refs", "cycles", "symbols")) {
      assertTrue(launch("", command, "x").startsWith("tier=1L "), command);
      assertTrue(launch("", "--json", command, "x").startsWith("tier=1L "), "--json " + command);
    }
    for (String command : List.of("lsp", "daemon", "mcp")) {
      assertTrue(launch("", command).startsWith("tier=4 "), command);
    }
    assertTrue(launch("-XX:TieredStopAtLevel=4", "index", "x").startsWith("tier=4 "), "VCR_JAVA_OPTS wins");
  }
}
