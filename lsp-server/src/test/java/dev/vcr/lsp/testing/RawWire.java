package dev.vcr.lsp.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A byte-level LSP client for a server on two streams (a child process's stdio): writes whatever bytes a
 * test asks for and reads the server's framed messages into JSON objects on a thread of its own, so
 * responses can be awaited by id. Server-to-client requests (progress creation, registrations) are
 * answered with a null result.
 */
public final class RawWire implements AutoCloseable {
  private final OutputStream out;
  private final Object writeLock = new Object();
  private final List<JsonObject> received = new ArrayList<>();
  /** Responses (messages with an id and no method) counted by their id's JSON text ({@code 7}, {@code "a"}). */
  private final java.util.Map<String, Integer> responseCounts = new java.util.HashMap<>();
  /** When false, messages are only counted, not kept (a fuzz run receives thousands). */
  private volatile boolean keep = true;
  private final Thread reader;
  private volatile boolean ended;

  public RawWire(InputStream in, OutputStream out) {
    this.out = out;
    this.reader = new Thread(() -> readLoop(in), "raw-wire-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Writes one message framed with its true Content-Length. */
  public void send(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    sendBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
  }

  /** Writes raw bytes (headers and bodies of the test's choosing). */
  public void sendBytes(byte[]... parts) throws IOException {
    // A lock of its own: a write blocked on a full pipe must not stop the reader from taking messages in
    // (the server may be blocked writing to us until we read).
    synchronized (writeLock) {
      for (byte[] p : parts) {
        out.write(p);
      }
      out.flush();
    }
  }

  /** Waits for the response whose id is {@code id} (a JSON id written as text: {@code 7} or {@code "a"}). */
  public JsonObject awaitResponse(String id, long seconds) throws InterruptedException, TimeoutException {
    JsonElement want = JsonParser.parseString(id);
    return awaitMatching(m -> !m.has("method") && m.has("id") && want.equals(m.get("id")), "response " + id, seconds);
  }

  /** Waits for a message matching the predicate. */
  public synchronized JsonObject awaitMatching(java.util.function.Predicate<JsonObject> p, String what, long seconds)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      for (JsonObject m : received) {
        if (p.test(m)) {
          return m;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        throw new TimeoutException("no " + what + " (stream ended: " + ended + "); received " + received);
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
    }
  }

  /** Stops or resumes keeping received messages in {@link #received()} (responses are counted either way). */
  public void keepMessages(boolean keep) {
    this.keep = keep;
  }

  /** How many responses with this id (its JSON text) have arrived. */
  public synchronized int responses(String id) {
    return responseCounts.getOrDefault(id, 0);
  }

  /** How many responses of any id (including null) have arrived. */
  public synchronized int responseCount() {
    int n = 0;
    for (int c : responseCounts.values()) {
      n += c;
    }
    return n;
  }

  /**
   * Waits until every id in {@code want} (JSON text) has at least that many responses; on timeout throws
   * naming the ids still short.
   */
  public synchronized void awaitResponseCounts(java.util.Map<String, Integer> want, long seconds)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      List<String> missing = new ArrayList<>();
      for (java.util.Map.Entry<String, Integer> e : want.entrySet()) {
        if (responseCounts.getOrDefault(e.getKey(), 0) < e.getValue()) {
          missing.add(e.getKey() + " (" + responseCounts.getOrDefault(e.getKey(), 0) + "/" + e.getValue() + ")");
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        throw new TimeoutException(missing.size() + " request(s) unanswered (stream ended: " + ended + "): "
            + missing.subList(0, Math.min(20, missing.size())));
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
    }
  }

  /** Whether the server's output stream has ended. */
  public boolean ended() {
    return ended;
  }

  public synchronized List<JsonObject> received() {
    return new ArrayList<>(received);
  }

  private void readLoop(InputStream in) {
    try {
      while (true) {
        int length = -1;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
          int c = in.read();
          if (c < 0) {
            return;
          }
          if (c == '\n') {
            String h = line.toString(StandardCharsets.US_ASCII).trim();
            line.reset();
            if (h.isEmpty()) {
              break;
            }
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(h.substring("content-length:".length()).trim());
            }
          } else {
            line.write(c);
          }
        }
        byte[] body = in.readNBytes(length);
        JsonObject m = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
        if (m.has("method") && m.has("id")) {
          JsonObject reply = new JsonObject();
          reply.addProperty("jsonrpc", "2.0");
          reply.add("id", m.get("id"));
          reply.add("result", com.google.gson.JsonNull.INSTANCE);
          send(reply.toString());
        }
        synchronized (this) {
          if (!m.has("method") && m.has("id")) {
            responseCounts.merge(m.get("id").toString(), 1, Integer::sum);
          }
          if (keep) {
            received.add(m);
          }
          notifyAll();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the stream ended or the server wrote something unreadable: waits fail with what was received
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
