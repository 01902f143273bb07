package dev.vcr.lsp.cli;

import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.scan.ScanOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command that opens an index shares: where it is, and how files are indexed. */
final class IndexingOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--index-dir", paramLabel = "DIR",
      description = "Index folder (default: $XDG_CACHE_HOME/vcr/index/<folder>-<hash>, else ~/.cache/...).")
  Path indexDir;

  @Option(names = "--threads", paramLabel = "N", description = "Parser threads (default: the number of cores).")
  Integer threads;

  @Option(names = "--max-file-bytes", paramLabel = "N",
      description = "Files larger than this are not indexed (default: 2 MiB).")
  Long maxFileBytes;

  /** The kernel's options: defaults, overridden by what was given. */
  IndexOptions indexOptions() {
    validate();
    IndexOptions o = IndexOptions.defaults();
    int t = threads != null ? threads : o.threads();
    long max = maxFileBytes != null ? maxFileBytes : ScanOptions.DEFAULT_MAX_FILE_BYTES;
    return o.withThreads(t).withScan(new ScanOptions(max, List.of()));
  }

  void validate() {
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    if (maxFileBytes != null && maxFileBytes < 1) {
      throw new ParameterException(spec.commandLine(), "--max-file-bytes must be at least 1");
    }
  }
}
