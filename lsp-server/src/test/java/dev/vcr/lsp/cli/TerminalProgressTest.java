package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line's text and its redraw policy, on a fake clock. */
class TerminalProgressTest {
  private static final long MS = 1_000_000L;

  /** A clock the test moves by hand. */
  private static final class FakeClock {
    long now = 5_000 * MS;
  }

  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The successive states of the line: the text after each carriage return, trailing padding removed. */
  private List<String> frames() {
    List<String> out = new ArrayList<>();
    for (String part : printed().split("\r", -1)) {
      if (!part.isEmpty()) {
        out.add(part.stripTrailing());
      }
    }
    return out;
  }

  @Test
  void lineShowsFilesRateAndTimeLeft() {
    // 2.5 s in: 1,234 of 10,000 files, 5 MB of 20 MB done -> 2.0 MB/s, 15 MB left -> 7.5 s.
    assertEquals("indexing 1,234/10,000 files (12%), 2.0 MB/s, 8s left",
        TerminalProgress.line(1234, 10_000, 5_000_000, 20_000_000, "indexing", 2_500 * MS));
    // Before a second has passed there is no rate and no estimate.
    assertEquals("indexing 10/100 files (10%), -- MB/s, -- left",
        TerminalProgress.line(10, 100, 1_000, 10_000, "indexing", 500 * MS));
    // Without bytes, time left comes from files.
    assertEquals("indexing 25/100 files (25%), 30s left",
        TerminalProgress.line(25, 100, -1, -1, "indexing", 10_000 * MS));
    // Finished: no time left.
    assertEquals("writing index 100/100 files (100%), 1.0 MB/s",
        TerminalProgress.line(100, 100, 4_000_000, 4_000_000, "writing index", 4_000 * MS));
    assertEquals("scanning...", TerminalProgress.line(0, 0, -1, -1, "scanning", 0));
  }

  @Test
  void durations() {
    assertEquals("0s", TerminalProgress.duration(0.2));
    assertEquals("59s", TerminalProgress.duration(59.4));
    assertEquals("1m00s", TerminalProgress.duration(59.6));
    assertEquals("3m07s", TerminalProgress.duration(187));
    assertEquals("1h02m", TerminalProgress.duration(3720));
  }

  @Test
  void redrawsAtMostTenTimesASecondButAlwaysOnPhaseChangeAndLastFile() {
    TerminalProgress p = new TerminalProgress(err, () -> clock.now);
    p.report(0, 0, "scanning");                                   // first: drawn
    clock.now += 10 * MS;
    p.report(1, 1000, 100, 100_000, "indexing");                  // new phase: drawn
    for (int i = 2; i <= 50; i++) {                               // 49 reports within 49 ms: none drawn
      clock.now += MS;
      p.report(i, 1000, i * 100L, 100_000, "indexing");
    }
    assertEquals(2, p.draws());
    clock.now += 51 * MS;                                         // 100 ms after the last draw: drawn
    p.report(51, 1000, 5_100, 100_000, "indexing");
    assertEquals(3, p.draws());
    clock.now += 99 * MS;
    p.report(52, 1000, 5_200, 100_000, "indexing");               // 99 ms: not drawn
    assertEquals(3, p.draws());
    clock.now += MS;
    p.report(1000, 1000, 100_000, 100_000, "indexing");           // the last file: drawn at once
    p.report(1000, 1000, 100_000, 100_000, "indexing");           // the same again: not drawn
    assertEquals(4, p.draws());
    p.report(1000, 1000, "writing index");                        // phase change: drawn
    assertEquals(5, p.draws());
    assertEquals(List.of("scanning...", "indexing 1/1,000 files (0%), -- MB/s, -- left",
        "indexing 51/1,000 files (5%), -- MB/s, -- left", "indexing 1,000/1,000 files (100%), -- MB/s",
        "writing index 1,000/1,000 files (100%)"), frames());
    clock.now += 2_000 * MS; // 2.21 s after the start: 100 KB in 2.21 s
    p.report(1000, 1000, 100_000, 100_000, "done");
    assertEquals("done 1,000/1,000 files (100%), 0.0 MB/s", frames().get(frames().size() - 1));
    clock.now += MS;
    p.report(1000, 1000, 100_000_000, 100_000_000, "finished");
    assertEquals("finished 1,000/1,000 files (100%), 45.2 MB/s", frames().get(frames().size() - 1));
    assertFalse(printed().contains("\n"), "the line is redrawn in place, never scrolled");
  }

  @Test
  void shorterLinesOverwriteLongerOnesAndFinishErasesTheLine() {
    TerminalProgress p = new TerminalProgress(err, () -> clock.now);
    p.report(5, 10, -1, -1, "indexing");
    String first = "indexing 5/10 files (50%), -- left";
    assertEquals("\r" + first, printed());
    p.report(0, 0, "done");
    assertEquals("\r" + first + "\rdone..." + " ".repeat(first.length() - "done...".length()), printed());
    bytes.reset();
    p.finish();
    assertEquals("\r" + " ".repeat("done...".length()) + "\r", printed(), "the rest is blank already");
    bytes.reset();
    p.finish();
    assertEquals("", printed(), "nothing to erase twice");
  }
}
