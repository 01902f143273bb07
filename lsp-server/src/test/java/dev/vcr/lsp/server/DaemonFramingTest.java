package dev.vcr.lsp.server;

import java.util.List;

/**
 * {@link StdioFramingTest} through the shared daemon: {@code vcr lsp --stdio} forwards the bytes to a daemon
 * it starts, whose connections are built by the same launcher, so the same bytes must get the same answers.
 */
class DaemonFramingTest extends StdioFramingTest {
  @Override
  List<String> modeArgs() {
    return List.of("--runtime-dir", tmp.resolve("run").toString(), "--idle-timeout-seconds", "60");
  }

  /** Stops the daemon this test's forwarder started (its command line names this test's runtime dir). */
  @Override
  void afterProcess() {
    String marker = tmp.resolve("run").toString();
    List<ProcessHandle> daemons = ProcessHandle.allProcesses()
        .filter(p -> dev.vcr.lsp.testing.Processes.arguments(p).contains("daemon")
            && dev.vcr.lsp.testing.Processes.arguments(p).contains(marker))
        .collect(java.util.stream.Collectors.toList());
    daemons.forEach(ProcessHandle::destroyForcibly);
    // The bytes really went through a daemon (it idles for a minute after the session, so it is still there).
    org.junit.jupiter.api.Assertions.assertEquals(1, daemons.size(), "one daemon served the session");
  }
}
