package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vcr.kernel.resolve.IncludePaths;
import dev.vcr.kernel.resolve.IncludePaths.Dir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code compile_commands.json} ({@link CompileCommands}) into {@link IncludePaths}. */
class CompileCommandsTest {
  @TempDir Path tmp;

  @Test
  void optionsOfArgumentsAndCommandsRelativeToTheEntrysDirectory() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("ws")).toRealPath();
    for (String d : List.of("src", "lib/api", "gen", "third/inc")) {
      Files.createDirectories(root.resolve(d));
    }
    Workspace ws = Workspace.of(root);
    String json = "[\n"
        + " {\"directory\": \"" + root.resolve("src") + "\", \"file\": \"a.c\",\n"
        + "  \"arguments\": [\"cc\", \"-I../lib/api\", \"-iquote\", \"../gen\", \"-isystem\", \"/usr/include\","
        + " \"-I\", \"" + root.resolve("third/inc") + "\", \"-include\", \"x.h\", \"-DX=\\\"1\\\"\", \"-I..\"]},\n"
        + " {\"directory\": \"" + root + "\", \"file\": \"src/b.c\",\n"
        + "  \"command\": \"cc -I 'lib/api' \\\"-iquotegen\\\" -isystem third/inc -c src/b.c\"},\n"
        + " {\"directory\": \"" + root + "\", \"file\": \"src/a.c\", \"arguments\": [\"cc\", \"-Ignored\"]},\n"
        + " {\"directory\": \"/elsewhere\", \"file\": \"c.c\", \"arguments\": [\"cc\", \"-I" + root + "\"]}\n"
        + "]";
    Files.writeString(root.resolve("compile_commands.json"), json);
    IncludePaths paths = CompileCommands.load(ws);
    assertEquals(List.of(new Dir("lib/api", false), new Dir("gen", true), new Dir("third/inc", false), new Dir("", false)),
        paths.of("src/a.c"), "in order; /usr/include is outside; the second entry of a.c is not read");
    assertEquals(List.of(new Dir("lib/api", false), new Dir("gen", true), new Dir("third/inc", false)),
        paths.of("src/b.c"));
    assertEquals(List.of(), paths.of("c.c"));
    assertEquals(paths.encode(), IncludePaths.decode(paths.encode()).encode());
    assertEquals(paths.of("src/a.c"), IncludePaths.decode(paths.encode() + "").of("src/a.c"));
  }

  @Test
  void noDatabaseOrABadOneIsNone() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("empty")).toRealPath();
    assertSame(IncludePaths.NONE, CompileCommands.load(Workspace.of(root)));
    Files.createDirectories(root.resolve("build"));
    Files.writeString(root.resolve("build/compile_commands.json"), "[{\"file\": ");
    assertSame(IncludePaths.NONE, CompileCommands.load(Workspace.of(root)));
    assertEquals("", IncludePaths.NONE.encode());
  }

  @Test
  void shellWords() {
    assertEquals(List.of("cc", "-I", "a b", "-Ic d", "-DX=\"1\"", "e\\f"),
        CompileCommands.split("cc -I 'a b' \"-Ic d\" -DX=\\\"1\\\" 'e\\f'"));
    SortedMap<String, List<Dir>> m = new TreeMap<>();
    m.put("x.c", List.of(new Dir("inc", false)));
    m.put("y.c", List.of(new Dir("inc", false)));
    m.put("z.c", List.of());
    IncludePaths p = IncludePaths.of(m);
    assertEquals("L\tiinc\nFx.c\t0\nFy.c\t0\n", p.encode());
  }

  @Test
  void readAgainOnlyWhenTheDatabaseChanges() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("memo")).toRealPath();
    Files.createDirectories(root.resolve("inc"));
    Path db = root.resolve("compile_commands.json");
    Files.writeString(db, "[{\"directory\": \".\", \"file\": \"a.c\", \"arguments\": [\"cc\", \"-Iinc\"]}]");
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(db, old);
    Workspace ws = Workspace.of(root);
    IncludePaths first = CompileCommands.load(ws);
    assertEquals(List.of(new Dir("inc", false)), first.of("a.c"));
    assertSame(first, CompileCommands.load(ws), "unchanged: not read again");
    Files.writeString(db, "[{\"directory\": \".\", \"file\": \"b.c\", \"arguments\": [\"cc\", \"-Iinc\"]}]");
    Files.setLastModifiedTime(db, java.nio.file.attribute.FileTime.fromMillis(old.toMillis() + 1000));
    assertEquals(List.of(new Dir("inc", false)), CompileCommands.load(ws).of("b.c"));
    assertEquals(List.of(), CompileCommands.load(ws).of("a.c"));
  }
}
