package dev.vcr.kernel.extract;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.lang.Language;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Compiled queries are shared, and one language's compile does not hold up another's compiled query. */
class QuerySetTest {
  @Test
  void aCompiledQueryIsReturnedWhileAnotherLanguageCompiles() throws Exception {
    QuerySet.Registry registry = new QuerySet.Registry(); // its own: other tests may have compiled them all
    QuerySet java = registry.of(Language.JAVA);
    // Ruby's compile is held inside the compile lock until the Java lookup below has returned.
    CountDownLatch inCompile = new CountDownLatch(1);
    CountDownLatch javaAnswered = new CountDownLatch(1);
    registry.compiling = language -> {
      if (language == Language.RUBY) {
        inCompile.countDown();
        try {
          javaAnswered.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try {
      CompletableFuture<QuerySet> ruby = CompletableFuture.supplyAsync(() -> registry.of(Language.RUBY));
      assertTrue(inCompile.await(60, TimeUnit.SECONDS), "Ruby's compile started");
      CompletableFuture<QuerySet> again = CompletableFuture.supplyAsync(() -> registry.of(Language.JAVA));
      // with one lock around lookups and compiles this waits for the held compile, and times out
      assertSame(java, again.get(20, TimeUnit.SECONDS), "Java's compiled query, while Ruby's compiles");
      javaAnswered.countDown();
      QuerySet compiled = ruby.get(60, TimeUnit.SECONDS);
      assertSame(compiled, registry.of(Language.RUBY), "compiled once, then shared");
    } finally {
      javaAnswered.countDown();
      registry.compiling = null;
    }
  }
}
