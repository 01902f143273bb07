package scratch;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.parse.CMacroLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

class ErrorsTest {
  @Test
  void errors() throws Exception {
    String d = System.getProperty("errors.dir");
    if (d == null) return;
    List<Path> files;
    try (var s = Files.walk(Path.of(d))) {
      files = s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).sorted().collect(Collectors.toList());
    }
    TSParser parser = new TSParser();
    parser.setLanguage(Language.C.newGrammar());
    long[] tot = new long[8];
    StringBuilder sb = new StringBuilder();
    for (Path f : files) {
      byte[] raw = Files.readAllBytes(f);
      for (int m = 0; m < 2; m++) {
        byte[] b = m == 0 ? raw : CMacroLines.mask(raw);
        String text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        try (TSTree t = parser.parseString(null, text)) {
          long[] c = new long[3];
          count(t.getRootNode(), false, c);
          if (c[0] > 0) tot[m * 4]++;
          tot[m * 4 + 1] += c[1];
          tot[m * 4 + 2] += c[2];
          if (m == 1 && c[0] > 0) sb.append(f).append(" errors=").append(c[0]).append(" idsInError=").append(c[1]).append('\n');
        }
      }
    }
    sb.append(String.format("files=%d raw: withErrors=%d idsInError=%d errorBytes=%d | masked: withErrors=%d idsInError=%d errorBytes=%d%n",
        files.size(), tot[0], tot[1], tot[2], tot[4], tot[5], tot[6]));
    Files.writeString(Path.of("/tmp/errors.txt"), sb.toString());
  }

  static void count(TSNode n, boolean inErr, long[] c) {
    boolean err = n.getType().equals("ERROR");
    if (err && !inErr) { c[0]++; c[2] += n.getEndByte() - n.getStartByte(); }
    boolean in = inErr || err;
    if (in && (n.getType().equals("identifier") || n.getType().equals("field_identifier") || n.getType().equals("type_identifier"))) c[1]++;
    for (int i = 0; i < n.getChildCount(); i++) count(n.getChild(i), in, c);
  }
}
