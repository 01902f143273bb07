package scratch;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.parse.ParserPool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

class DumpTest {
  @Test
  void dump() throws Exception {
    String f = System.getProperty("dump.file");
    if (f == null) return;
    byte[] b = Files.readAllBytes(Path.of(f));
    Language lang = Language.forFileName(Path.of(f).getFileName().toString()).orElseThrow();
    try (TSTree t = ParserPool.parse(lang, b, null)) {
      StringBuilder sb = new StringBuilder();
      walk(t.getRootNode(), 0, sb, b);
      Files.writeString(Path.of(System.getProperty("dump.out", "/tmp/dump.txt")), sb.toString());
    }
  }

  static void walk(TSNode n, int d, StringBuilder sb, byte[] b) {
    int line = n.getStartPoint().getRow() + 1;
    sb.append("  ".repeat(d)).append(n.isNamed() ? n.getType() : "'" + n.getType() + "'").append(" L").append(line);
    if (n.getChildCount() == 0) {
      sb.append(" ").append(new String(b, n.getStartByte(), Math.min(n.getEndByte() - n.getStartByte(), 40)));
    }
    sb.append('\n');
    for (int i = 0; i < n.getChildCount(); i++) walk(n.getChild(i), d + 1, sb, b);
  }
}
