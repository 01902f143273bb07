package dev.vcr.bench;

import dev.vcr.lsp.daemon.DaemonStarter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Vcr daemon in a process of its own, as {@code vcr lsp} starts one for editors: the same JVM options
 * ({@link DaemonStarter#jvmOptions}: this JVM's, with the serial collector and a small young generation
 * unless they name a collector), serving one workspace with its index under a given folder, its socket and
 * log in a private runtime folder. Benchmarks connect to it with {@link LspSession#connect}, so the
 * server's heap and collections are its own, not shared with the benchmark's clients.
 */
final class DaemonProcess implements AutoCloseable {
  private static final Pattern PAUSE = Pattern.compile("Pause (Young|Full|Remark|Cleanup)[^\\n]* ([0-9.]+)ms");

  private final Process process;
  private final Path runtimeDir;
  private final Path gcLog;
  private final Path socket;

  private DaemonProcess(Process process, Path runtimeDir, Path gcLog, Path socket) {
    this.process = process;
    this.runtimeDir = runtimeDir;
    this.gcLog = gcLog;
    this.socket = socket;
  }

  /** Starts a daemon for {@code root} with its index in {@code indexDir} and waits for its socket. */
  static DaemonProcess start(Path root, Path indexDir) throws IOException, InterruptedException {
    Path runtimeDir = Files.createTempDirectory("vcr-bench-daemon-");
    Path gcLog = runtimeDir.resolve("gc.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(DaemonStarter.jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    cmd.add("-Xlog:gc:file=" + gcLog);
    String extra = System.getenv("VCR_BENCH_DAEMON_OPTS"); // the daemon's JVM only, not the benchmark's
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vcr.lsp.Main", "daemon",
        "--runtime-dir", runtimeDir.toString(), "--index-dir", indexDir.toString(), "--idle-timeout-seconds", "0",
        root.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(runtimeDir.resolve("daemon.log").toFile());
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Path socket = socketIn(runtimeDir);
      if (socket != null) {
        return new DaemonProcess(p, runtimeDir, gcLog, socket);
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    p.destroyForcibly();
    throw new IOException("the daemon did not open its socket; its log: "
        + Files.readString(runtimeDir.resolve("daemon.log"), StandardCharsets.UTF_8));
  }

  private static Path socketIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".sock")).findFirst().orElse(null);
    }
  }

  Path socket() {
    return socket;
  }

  /**
   * The daemon's collections so far, from its GC log: per kind of pause ({@code Young}, {@code Full}, ...),
   * how many and their total pause in ms.
   */
  java.util.SortedMap<String, double[]> collections() throws IOException {
    java.util.SortedMap<String, double[]> out = new java.util.TreeMap<>();
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
        Matcher m = PAUSE.matcher(line);
        if (m.find()) {
          double[] v = out.computeIfAbsent(m.group(1), k -> new double[2]);
          v[0]++;
          v[1] += Double.parseDouble(m.group(2));
        }
      }
    }
    return out;
  }

  /** {@code after} minus {@code before}, per kind, as "Young 12 / 80 ms, Full 1 / 300 ms". */
  static String collectionsBetween(java.util.SortedMap<String, double[]> before,
      java.util.SortedMap<String, double[]> after) {
    StringBuilder sb = new StringBuilder();
    for (java.util.Map.Entry<String, double[]> e : after.entrySet()) {
      double[] b = before.getOrDefault(e.getKey(), new double[2]);
      long n = Math.round(e.getValue()[0] - b[0]);
      if (n > 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(n).append(" / ")
            .append(Math.round(e.getValue()[1] - b[1])).append(" ms");
      }
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  /** Peak resident memory of the daemon process so far, in bytes (0 when it cannot be read). */
  long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return 0;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The last {@code n} lines of the daemon's log (stdout and stderr), for a failure's report. */
  String logTail(int n) {
    try {
      List<String> lines = Files.readAllLines(runtimeDir.resolve("daemon.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no daemon log: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.list(runtimeDir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(runtimeDir);
  }
}
