package dev.vcr.lsp.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory test pipe: a capacity makes writers wait, and each write's bytes stay together. */
class PipeTest {
  @Test
  void writesLargerThanTheCapacityArriveWholeAndInOrder() throws Exception {
    for (int run = 0; run < 50; run++) {
      Pipe pipe = new Pipe(4);
      byte[] a = new byte[64];
      byte[] b = new byte[64];
      Arrays.fill(a, (byte) 'a');
      Arrays.fill(b, (byte) 'b');
      CompletableFuture<Void> wa = CompletableFuture.runAsync(() -> write(pipe, a));
      CompletableFuture<Void> wb = CompletableFuture.runAsync(() -> write(pipe, b));
      byte[] got = readFully(pipe.in(), 128);
      wa.get(10, TimeUnit.SECONDS);
      wb.get(10, TimeUnit.SECONDS);
      byte[] first = Arrays.copyOfRange(got, 0, 64);
      byte[] second = Arrays.copyOfRange(got, 64, 128);
      assertArrayEquals(first[0] == 'a' ? a : b, first, "run " + run);
      assertArrayEquals(first[0] == 'a' ? b : a, second, "run " + run);
    }
  }

  @Test
  void closingWakesAWaitingWriter() throws Exception {
    Pipe pipe = new Pipe(2);
    CompletableFuture<Void> w = CompletableFuture.runAsync(() -> write(pipe, new byte[10]));
    Thread.sleep(100);
    pipe.close();
    Exception e = assertThrows(Exception.class, () -> w.get(10, TimeUnit.SECONDS));
    assertEquals(IOException.class, e.getCause().getCause().getClass());
    assertThrows(IllegalArgumentException.class, () -> new Pipe(0));
  }

  private static void write(Pipe pipe, byte[] bytes) {
    try {
      pipe.out().write(bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] out = new byte[n];
    int at = 0;
    while (at < n) {
      int r = in.read(out, at, n - at);
      if (r < 0) {
        throw new IOException("end of pipe after " + at);
      }
      at += r;
    }
    return out;
  }
}
