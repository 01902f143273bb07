package dev.vcr.lsp.server;

import dev.vcr.kernel.scan.ScanOptions;
import java.nio.file.Path;

/**
 * Process-wide settings of a {@link VcrServer}; a client's {@code initializationOptions} override
 * {@code indexDir} and {@code maxFileBytes} for the workspaces it opens.
 *
 * @param indexDir base directory of the indexes (each workspace in a sub-directory named after its roots);
 *     null means the per-user cache ({@code $XDG_CACHE_HOME/vcr/index} or {@code ~/.cache/vcr/index})
 * @param threads parser threads per indexing run
 * @param maxFileBytes files larger than this are not indexed
 * @param childBuilds whether a workspace's first index is built by a child process
 *     ({@link dev.vcr.kernel.ingest.ChildBuild}), as the servers that editors use do; false builds it in
 *     this process (tests, and when {@code -Dvcr.childBuild=false})
 */
public record ServerOptions(Path indexDir, int threads, long maxFileBytes, boolean childBuilds) {
  /** Builds in process. */
  public ServerOptions(Path indexDir, int threads, long maxFileBytes) {
    this(indexDir, threads, maxFileBytes, false);
  }

  public ServerOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
  }

  /** Whether the servers that editors use build first indexes in a child process: yes, unless {@code -Dvcr.childBuild=false}. */
  public static boolean childBuildsByDefault() {
    return !"false".equals(System.getProperty("vcr.childBuild"));
  }

  public static ServerOptions defaults() {
    return new ServerOptions(null, Runtime.getRuntime().availableProcessors(), ScanOptions.DEFAULT_MAX_FILE_BYTES);
  }
}
