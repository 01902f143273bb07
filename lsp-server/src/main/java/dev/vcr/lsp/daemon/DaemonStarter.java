package dev.vcr.lsp.daemon;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Starts the daemon for a workspace; returns a liveness check of what it started. */
public interface DaemonStarter {
  BooleanSupplier start(RuntimeDir.DaemonFiles files, List<Path> roots) throws IOException;

  /** Rotate the daemon log once it grows past this. */
  long MAX_LOG_BYTES = 4L << 20;

  /**
   * Starts {@code java <this JVM's options> -cp <this classpath> dev.vcr.lsp.Main daemon [options] ROOT...}
   * detached: in its own session (through {@code setsid} when available, so signals to the editor's
   * process group do not reach it), stdin from /dev/null, stdout and stderr appended to the log file.
   *
   * @param daemonOptions extra {@code vcr daemon} options (index dir, threads, idle timeout...)
   */
  static DaemonStarter process(List<String> daemonOptions) {
    return (files, roots) -> {
      List<String> cmd = command(daemonOptions, files, roots);
      rotateLog(files.log());
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      return p::isAlive;
    };
  }

  static List<String> command(List<String> daemonOptions, RuntimeDir.DaemonFiles files, List<Path> roots) {
    List<String> cmd = new ArrayList<>();
    for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(setsid))) {
        cmd.add(setsid);
        break;
      }
    }
    cmd.add(javaBinary());
    cmd.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    cmd.add("-cp");
    cmd.add(absoluteClasspath(System.getProperty("java.class.path")));
    cmd.add("dev.vcr.lsp.Main");
    cmd.add("daemon");
    cmd.add("--runtime-dir");
    cmd.add(files.dir().toString());
    cmd.addAll(daemonOptions);
    for (Path r : roots) {
      cmd.add(r.toAbsolutePath().toString());
    }
    return cmd;
  }

  public static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This JVM's options minus those that cannot be shared with a second process (debugger agents), plus,
   * when they name no collector, the serial collector with a small young generation and initial heap
   * (unless they size those): the daemon builds the index, whose live set is a few hundred MB on java.base
   * and under 1 GB on Linux, but with the JVM's default G1 on a few cores the heap grows toward its default
   * maximum (a quarter of RAM). Building Linux in the daemon: G1 7.8 GB peak RSS, serial 1.5 GB
   * (README, "Latency on Linux"); the same policy as {@code bin/vcr}'s batch commands.
   */
  public static List<String> jvmOptions(List<String> inputArguments) {
    List<String> out = new ArrayList<>();
    boolean collector = false;
    boolean sized = false;
    for (String a : inputArguments) {
      if (a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug")) {
        continue;
      }
      collector |= a.startsWith("-XX:+Use") && a.endsWith("GC");
      sized |= a.startsWith("-Xmn") || a.startsWith("-Xms") || a.contains("NewSize=");
      out.add(a);
    }
    if (!collector) {
      out.add("-XX:+UseSerialGC");
      if (!sized) {
        out.add("-Xms64m");
        out.add("-Xmn48m");
      }
    }
    return out;
  }

  public static String absoluteClasspath(String cp) {
    List<String> parts = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        parts.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, parts);
  }

  private static void rotateLog(Path log) {
    try {
      if (Files.size(log) > MAX_LOG_BYTES) {
        Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no log yet, or it cannot be rotated: keep appending
    }
  }
}
