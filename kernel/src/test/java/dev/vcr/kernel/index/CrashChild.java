package dev.vcr.kernel.index;

import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.metrics.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The child JVM of the crash and lock tests. It prints one line per phase on stdout (flushed), so the
 * parent knows where it was when it was killed.
 *
 * <ul>
 *   <li>{@code loop INDEX_DIR WS...}: opens the store once, then indexes the workspaces in turn, forever
 *       (all workspaces hold the same relative paths, so switching is an edit of the files the index
 *       sees). Phases: {@code open}, {@code ready}, {@code run N}, {@code indexing}, {@code writing},
 *       {@code done N MODE HASH}.
 *   <li>{@code lock INDEX_DIR}: tries to open the store; prints {@code LOCKED message} and exits 3, or
 *       {@code OPENED} and exits 0.
 * </ul>
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.OFF);
    switch (args[0]) {
      case "loop":
        loop(Path.of(args[1]), List.of(args).subList(2, args.length));
        break;
      case "lock":
        try (SymbolStore s = SymbolStore.open(Path.of(args[1]))) {
          System.out.println("OPENED");
          System.exit(0);
        } catch (IndexLockedException e) {
          System.out.println("LOCKED " + e.getMessage());
          System.exit(3);
        }
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  /** Prints a phase line, ending in the JVM's uptime in milliseconds. */
  private static void say(String phase) {
    System.out.println("phase " + phase + " @" + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
  }

  private static void loop(Path indexDir, List<String> workspaces) throws Exception {
    say("open");
    SymbolStore store = SymbolStore.open(indexDir);
    say("ready");
    // Small batches: an in-place refresh is many WAL transactions, so kills land between and inside them.
    IndexOptions options = new IndexOptions(2, IndexOptions.defaults().scan(), 8, 64 << 10);
    Metrics metrics = new Metrics();
    // A small sort budget: every build spills runs and merges them, and says when it starts merging.
    dev.vcr.kernel.index.GenerationBuilder.phaseHook = CrashChild::say;
    String[] last = {""};
    Indexer.Progress progress = (done, total, message) -> {
      String phase = message.startsWith("writing") ? "writing" : message.startsWith("indexing") ? "indexing"
          : message.startsWith("linking") ? "linking" : null;
      if (phase != null && !phase.equals(last[0])) {
        last[0] = phase;
        say(phase);
      }
    };
    for (int run = 0; ; run++) {
      Workspace ws = Workspace.of(Path.of(workspaces.get(run % workspaces.size())));
      last[0] = "";
      say("run " + run);
      IndexSummary s = new Indexer(store, ws, options, metrics).run(progress, () -> false);
      say("done " + run + " " + s.mode() + " " + s.parsed() + " " + s.indexHash());
    }
  }
}
