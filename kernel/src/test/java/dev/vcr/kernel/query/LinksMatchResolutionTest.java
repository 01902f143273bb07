package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Links;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the resolution pass stores for each reference equals what resolving that reference alone gives: the
 * pass resolves a file's references in order with one navigator, and no answer may depend on what was
 * resolved before it (a TypeScript barrel cycle once made it so: links-cycle-ts).
 */
class LinksMatchResolutionTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"links-cycle-ts", "resolve-ts", "resolve-modules", "resolve-py", "resolve-go", "resolve-c",
      "resolve"})
  void storedLinksAreEachReferenceResolvedAlone(String fixture) throws Exception {
    Path from = Golden.resources().resolve("fixtures/" + fixture);
    Path root = Files.createDirectories(tmp.resolve("ws"));
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path to = root.resolve(from.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(root), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      StoreSource source = new StoreSource(index.store());
      List<String> differ = new ArrayList<>();
      int checked = 0;
      for (String path : index.store().paths()) {
        FileFacts f = index.store().facts(path);
        Links stored = index.store().links(path);
        if (f == null || stored == null) {
          continue;
        }
        for (int k = 0; k < f.references().size(); k++) {
          Reference r = f.references().get(k);
          Navigator alone = new Navigator(source, false);
          Navigator.Link l = alone.link(path, f, r, alone::idOf, StoreLinker.MAX_NAME_TARGETS);
          long[] fresh = l == null ? new long[0] : l.ids().clone();
          long[] kept = stored.targetsOf(k).clone();
          Arrays.sort(fresh);
          Arrays.sort(kept);
          checked++;
          if (!Arrays.equals(fresh, kept)) {
            differ.add(path + ":" + (r.span().startLine() + 1) + " " + r.name() + " (stored " + kept.length
                + " targets, alone " + fresh.length + ")");
          }
        }
      }
      assertTrue(checked > 10, "references checked: " + checked);
      assertEquals(List.of(), differ);
    }
  }
}
