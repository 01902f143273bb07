package dev.vcr.lsp.features;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The answer of a request that may be large, streamed as LSP partial results when the client offered a
 * {@code partialResultToken}: every {@link #BATCH} items leave as one {@code $/progress} notification, so
 * the protocol form of the answer is never built whole. If anything was streamed, the rest is streamed too
 * and the response itself is empty, as the protocol requires; an answer that fits one batch is the response.
 */
public final class PartialResults<T> {
  /** Items per {@code $/progress} notification. */
  public static final int BATCH = 1000;

  private final Either<String, Integer> token;
  private final BiConsumer<Either<String, Integer>, Object> send;
  private List<T> pending = new ArrayList<>();
  private boolean streamed;

  PartialResults(Either<String, Integer> token, BiConsumer<Either<String, Integer>, Object> send) {
    this.token = token;
    this.send = send;
  }

  public void add(T item) {
    pending.add(item);
    if (token != null && pending.size() == BATCH) {
      flush();
    }
  }

  public int size() {
    return pending.size();
  }

  /** The response: everything when nothing was streamed, else empty after streaming the rest. */
  public List<T> finish() {
    if (!streamed) {
      return pending;
    }
    if (!pending.isEmpty()) {
      flush();
    }
    return List.of();
  }

  private void flush() {
    send.accept(token, pending);
    pending = new ArrayList<>();
    streamed = true;
  }
}
