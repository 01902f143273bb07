package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Include directories from {@code compile_commands.json} ({@link IncludePaths}, {@link IncludeEdges}) on
 * {@code fixtures/resolve-c-db/}: {@code app/main.c} includes {@code <widget.h>} and {@code "config.h"},
 * which only the database's {@code -I../vendor/widgets/public} and {@code -iquote ../cfg/gen} (relative to
 * the entry's directory) find, while the folder layout would find decoys of the same names
 * ({@code include/widget.h}, {@code config.h} at the top); {@code app/other.cpp}'s entry is a
 * {@code command} string with {@code -I dir} and a system directory outside the workspace.
 */
class CompileDatabaseTest {
  @TempDir Path tmp;
  PythonResolverTest.Ws ws;

  static final String MAIN = "app/main.c";
  static final String OTHER = "app/other.cpp";
  static final String WIDGET = "vendor/widgets/public/widget.h";
  static final String DECOY = "include/widget.h";

  @BeforeEach
  void index() throws Exception {
    ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-c-db"), tmp);
  }

  @AfterEach
  void close() {
    ws.close();
  }

  @Test
  void angleAndQuotedIncludesAreFoundInTheDatabasesDirectoriesNotTheDecoys() {
    ws.definition(MAIN, "int main_level(|widget_t *w)", WIDGET, "} |widget_t;");
    ws.definition(MAIN, "w->|size", WIDGET, "int |size;");
    ws.definition(MAIN, "|WIDGET_MAX +", WIDGET, "#define |WIDGET_MAX 8");
    ws.definition(MAIN, "|CONFIG_LEVEL;", "cfg/gen/config.h", "#define |CONFIG_LEVEL 3");
  }

  @Test
  void aCommandStringWithSeparateDirectoryArguments() {
    ws.definition(OTHER, "|widget_t *w)", WIDGET, "} |widget_t;");
    ws.definition(OTHER, "|WIDGET_MAX; }", WIDGET, "#define |WIDGET_MAX 8");
  }

  @Test
  void aFileTheDatabaseDoesNotNameKeepsTheLayoutRules() {
    // vendor/widgets/src/widget.c: "widget.h" is not beside it, nor in a directory of the database: the
    // layout finds the decoy under the workspace's include/
    ws.definition("vendor/widgets/src/widget.c", "return |WIDGET_MAX;", DECOY, "#define |WIDGET_MAX 9");
  }

  /** The database takes part in the index: when it changes, includes resolve again (and the hash moves). */
  @Test
  void changingTheDatabaseLinksAgain() throws Exception {
    String before = ws.index.store().indexHash();
    ws.references(WIDGET, "int |size;", MAIN, "w->|size", OTHER, "w->|size");
    Files.delete(ws.root.resolve("compile_commands.json"));
    assertEquals("rebuild", ws.refresh());
    assertNotEquals(before, ws.index.store().indexHash());
    ws.definition(MAIN, "w->|size", DECOY, "int |size;");
    ws.definition(MAIN, "|CONFIG_LEVEL;", "config.h", "#define |CONFIG_LEVEL 4");
    ws.references(WIDGET, "int |size;");
    // a database under build/ counts as well
    Files.createDirectories(ws.root.resolve("build"));
    Files.writeString(ws.root.resolve("build/compile_commands.json"),
        "[{\"directory\": \"app\", \"file\": \"main.c\", \"command\": \"cc -I../vendor/widgets/public -c main.c\"}]");
    assertEquals("rebuild", ws.refresh());
    ws.definition(MAIN, "w->|size", WIDGET, "int |size;");
    ws.definition(MAIN, "|CONFIG_LEVEL;", "config.h", "#define |CONFIG_LEVEL 4");
    assertEquals("incremental", ws.refresh()); // unchanged: nothing to link again
    // the index kept up to date is the clean index of the same files and database
    try (WorkspaceIndex clean = WorkspaceIndex.open(Workspace.of(ws.root), tmp.resolve("clean"), IndexOptions.defaults())) {
      assertEquals("rebuild", clean.refresh(Indexer.Progress.NONE, () -> false).mode());
      assertEquals(clean.store().indexHash(), ws.index.store().indexHash());
    }
  }
}
