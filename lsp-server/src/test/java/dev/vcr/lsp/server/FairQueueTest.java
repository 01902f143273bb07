package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The request pool's scheduling, on a hand-driven executor and clock (no threads, no timing): sessions in
 * turn, and costly requests kept off the last free thread.
 */
class FairQueueTest {
  private final ArrayDeque<Runnable> pool = new ArrayDeque<>();
  private final AtomicLong clock = new AtomicLong();
  private final FairQueue queue = new FairQueue(pool::add, 1, (FairQueue.TestClock) clock::get);
  private final List<String> order = new ArrayList<>();

  private void submit(String session, String kind) {
    queue.submit(session, kind, () -> {
      order.add(session + ":" + kind);
      clock.addAndGet(queue.expected(kind)); // runs as long as expected
    });
  }

  private void runAll() {
    while (!pool.isEmpty()) {
      pool.poll().run();
    }
  }

  @Test
  void sessionsTakeTurnsWhateverTheirRequestsCost() {
    queue.ran("workspace/symbol", 40_000_000);
    queue.ran("textDocument/references", 2_000_000);
    submit("a", "textDocument/references"); // runs at once: the one thread was free
    submit("a", "textDocument/references");
    submit("a", "textDocument/references");
    submit("b", "workspace/symbol");
    submit("c", "textDocument/references");
    runAll();
    assertEquals(List.of("a:textDocument/references", "a:textDocument/references", "b:workspace/symbol",
        "c:textDocument/references", "a:textDocument/references"), order);
  }

  @Test
  void costlyRequestsLeaveOneThreadToCheapOnes() {
    FairQueue two = new FairQueue(pool::add, 2, (FairQueue.TestClock) clock::get);
    two.ran("workspace/symbol", 40_000_000);
    two.ran("textDocument/references", 2_000_000);
    List<String> started = new ArrayList<>();
    two.submit("a", "workspace/symbol", () -> started.add("a:workspace/symbol"));
    two.submit("b", "workspace/symbol", () -> started.add("b:workspace/symbol"));
    assertEquals(1, pool.size(), "one costly request runs; the second thread is kept for cheap ones");
    two.submit("c", "textDocument/references", () -> started.add("c:textDocument/references"));
    assertEquals(2, pool.size(), "a cheap request takes the kept thread at once");
    runAll();
    assertEquals(List.of("a:workspace/symbol", "c:textDocument/references", "b:workspace/symbol"), started);
  }

  @Test
  void theExpectedCostFollowsRecentRuns() {
    assertEquals(FairQueue.FIRST_GUESS_NANOS, queue.expected("x"));
    queue.ran("x", 8_000_000);
    queue.ran("x", 4_000_000);
    assertEquals(7_000_000, queue.expected("x"));
  }
}
