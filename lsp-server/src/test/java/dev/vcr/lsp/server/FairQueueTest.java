package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The request pool's scheduling, on a hand-driven executor and clock (no threads, no timing): cheap kinds
 * first across sessions, round robin among equals, and a costly request's turn once it has waited long.
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
  void cheapRequestsGoFirstAndEqualsTakeTurns() {
    queue.ran("workspace/symbol", 40_000_000);
    queue.ran("textDocument/references", 2_000_000);
    submit("a", "textDocument/references"); // runs at once: the one thread was free
    submit("a", "workspace/symbol");
    submit("a", "workspace/symbol");
    submit("b", "workspace/symbol");
    submit("c", "textDocument/references");
    submit("d", "textDocument/references");
    submit("c", "textDocument/references");
    runAll();
    assertEquals(List.of("a:textDocument/references", "c:textDocument/references", "d:textDocument/references",
        "c:textDocument/references", "a:workspace/symbol", "b:workspace/symbol", "a:workspace/symbol"), order);
  }

  @Test
  void aCostlyRequestRunsOnceItHasWaitedTenTimesWhatItSaves() {
    queue.ran("workspace/symbol", 40_000_000);
    queue.ran("textDocument/definition", 1_000_000);
    submit("a", "textDocument/definition"); // holds the thread until runAll
    submit("b", "workspace/symbol");
    clock.addAndGet(400_000_000); // b's search has waited 400 ms: 40 ms of expected cost forgiven
    submit("c", "textDocument/definition");
    runAll();
    assertEquals(List.of("a:textDocument/definition", "b:workspace/symbol", "c:textDocument/definition"), order);
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
