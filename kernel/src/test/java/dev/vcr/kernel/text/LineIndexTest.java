package dev.vcr.kernel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.model.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lines and spans of byte offsets, asked in document order (as an extractor asks, which the lookup's hint
 * serves), backwards and at random, agree with lines counted directly; so do two threads sharing one index.
 */
class LineIndexTest {
  private static final String[] PIECES = {"a", "bc", " ", "\n", "\r\n", "\r", "\n\n", "é", "日本", "\t"};

  @Test
  void linesOfOffsetsInAnyOrder() {
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      byte[] text = text(random);
      int[] expected = linesByCounting(text);
      LineIndex index = new LineIndex(text);
      for (int o = 0; o <= text.length; o++) {
        assertEquals(expected[o], index.lineOf(o), "forwards at " + o);
      }
      for (int o = text.length; o >= 0; o--) {
        assertEquals(expected[o], index.lineOf(o), "backwards at " + o);
      }
      for (int k = 0; k < 100; k++) {
        int o = random.nextInt(text.length + 1);
        assertEquals(expected[o], index.lineOf(o), "at random, " + o);
      }
      assertEquals(expected[text.length], index.lineOf(text.length + 10), "past the end: the last line");
    }
  }

  @Test
  void spansAgreeWithAFreshIndex() {
    Random random = new Random(4);
    byte[] text = text(random);
    LineIndex warm = new LineIndex(text);
    for (int k = 0; k < 2_000; k++) {
      int a = random.nextInt(text.length + 1);
      int b = a + random.nextInt(text.length + 1 - a);
      Span expected = new LineIndex(text).span(a, b); // a fresh index searches without a hint
      assertEquals(expected, warm.span(a, b));
    }
  }

  @Test
  void threadsSharingAnIndex() throws InterruptedException {
    Random random = new Random(5);
    byte[] text = text(random);
    int[] expected = linesByCounting(text);
    LineIndex index = new LineIndex(text);
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      boolean forwards = t % 2 == 0;
      threads[t] = new Thread(() -> {
        try {
          for (int pass = 0; pass < 50; pass++) {
            for (int i = 0; i <= text.length; i++) {
              int o = forwards ? i : text.length - i;
              assertEquals(expected[o], index.lineOf(o));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures);
  }

  private static byte[] text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int k = 1 + random.nextInt(300); k > 0; k--) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The line of every offset 0..length, by counting terminators (\r\n is one). */
  private static int[] linesByCounting(byte[] text) {
    int[] line = new int[text.length + 1];
    int current = 0;
    for (int i = 0; i < text.length; i++) {
      line[i] = current;
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.length || text[i + 1] != '\n'))) {
        current++;
      }
    }
    line[text.length] = current;
    return line;
  }
}
