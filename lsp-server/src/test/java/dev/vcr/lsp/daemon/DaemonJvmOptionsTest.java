package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM options a started daemon gets from the process that starts it. */
class DaemonJvmOptionsTest {
  @Test
  void withoutACollectorTheDaemonGetsTheSerialOneAndASmallHeapToStartWith() {
    assertEquals(List.of("-Xss4m", "-XX:+UseSerialGC", "-Xms64m", "-Xmn48m"),
        DaemonStarter.jvmOptions(List.of("-Xss4m")));
  }

  @Test
  void aCollectorOrHeapSizeGivenByTheUserWins() {
    assertEquals(List.of("-XX:+UseG1GC", "-Xmx2g"), DaemonStarter.jvmOptions(List.of("-XX:+UseG1GC", "-Xmx2g")));
    assertEquals(List.of("-Xmn256m", "-XX:+UseSerialGC"), DaemonStarter.jvmOptions(List.of("-Xmn256m")));
  }

  @Test
  void debuggerAgentsAreNotPassedOn() {
    assertEquals(List.of("-XX:+UseParallelGC"),
        DaemonStarter.jvmOptions(List.of("-agentlib:jdwp=transport=dt_socket,server=y", "-XX:+UseParallelGC")));
  }
}
