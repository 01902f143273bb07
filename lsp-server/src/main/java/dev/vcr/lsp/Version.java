package dev.vcr.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Vcr's version: the Maven project version, written into {@code dev/vcr/lsp/version.properties} by resource
 * filtering at build time. The one source for {@code vcr --version} and the LSP {@code serverInfo}.
 */
public final class Version {
  private static final String RESOURCE = "version.properties";
  private static final String VERSION = load();

  private Version() {}

  /**
   * Test-only: a system property that makes this process report another version (its forwarder, the daemon
   * it starts, which inherits its JVM options, and {@code serverInfo}), so tests of the version handshake can
   * run a real daemon "of another version" from the same jar. Never set in production.
   */
  public static final String TEST_OVERRIDE = "vcr.testOnly.version";

  /** For example {@code 0.1.0-SNAPSHOT}; {@code unknown} only when the resource was never filtered. */
  public static String get() {
    String override = System.getProperty(TEST_OVERRIDE);
    return override != null && !override.isBlank() ? override : VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").trim();
      // An unfiltered copy (e.g. run from an IDE that skipped Maven's resources phase) still says ${...}.
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
