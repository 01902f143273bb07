package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.ProjectFiles;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.resolve.ProjectLayout.Mapped;
import dev.vcr.kernel.resolve.ProjectLayout.PathMapping;
import dev.vcr.kernel.resolve.ProjectLayout.TsConfig;
import dev.vcr.kernel.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project layout ({@link ProjectLayout}, read by {@link ProjectFiles}): how {@code go.mod} and
 * {@code tsconfig.json} are read, how import paths and specifiers map through them, and that a change to a
 * project file links the index again like a clean build of the same files.
 */
class ProjectLayoutTest {
  @TempDir Path tmp;

  @Test
  void goModulesClaimImportPathsByTheirLongestModulePath() {
    ProjectLayout l = ProjectLayout.of(IncludePaths.NONE,
        Map.of("", "example.com/app", "tools", "example.com/app/tools", "svc", "example.com/backend"), Map.of());
    assertEquals("", l.goPackageFolder("example.com/app"));
    assertEquals("internal/db", l.goPackageFolder("example.com/app/internal/db"));
    assertEquals("tools/gen", l.goPackageFolder("example.com/app/tools/gen")); // the nested module
    assertEquals("svc", l.goPackageFolder("example.com/backend"));
    assertEquals("svc/store", l.goPackageFolder("example.com/backend/store"));
    assertNull(l.goPackageFolder("example.com/backendx/store")); // a segment boundary, not a prefix
    assertNull(l.goPackageFolder("fmt"));
  }

  @Test
  void specifiersMapThroughTheNearestProjectsPathsThenBaseUrl() {
    TsConfig web = new TsConfig("web", List.of(
        new PathMapping("@app/*", List.of("web/src/*", "web/gen/*")),
        new PathMapping("@app/ui/*", List.of("web/ui/*")),
        new PathMapping("config", List.of("web/config/index.ts"))));
    TsConfig lib = new TsConfig(null, List.of());
    ProjectLayout l = ProjectLayout.of(IncludePaths.NONE, Map.of(), Map.of("web", web, "web/lib", lib));
    assertSame(web, l.tsConfigOf("web/src/a/b.ts"));
    assertSame(lib, l.tsConfigOf("web/lib/x.ts"));
    assertNull(l.tsConfigOf("other/x.ts"));
    // the longest prefix before '*' wins; each target in order, '*' replaced
    assertEquals(new Mapped(List.of("web/src/model/order", "web/gen/model/order"), true),
        l.mapSpecifier("web/src/a.ts", "@app/model/order"));
    assertEquals(new Mapped(List.of("web/ui/button"), true), l.mapSpecifier("web/src/a.ts", "@app/ui/button"));
    assertEquals(new Mapped(List.of("web/config/index.ts"), true), l.mapSpecifier("web/src/a.ts", "config"));
    // only the first '*' of a target is the match (as the compiler substitutes it)
    TsConfig odd = new TsConfig(null, List.of(new PathMapping("~/*", List.of("x/*/*"))));
    assertEquals(new Mapped(List.of("x/a/b/*"), true),
        ProjectLayout.of(IncludePaths.NONE, Map.of(), Map.of("", odd)).mapSpecifier("f.ts", "~/a/b"));
    // no pattern: under baseUrl, and not found there it is a package
    assertEquals(new Mapped(List.of("web/react"), false), l.mapSpecifier("web/src/a.ts", "react"));
    // a nested project without options maps nothing, even where its parent folder's project would
    assertNull(l.mapSpecifier("web/lib/x.ts", "@app/model/order"));
  }

  @Test
  void packagesOfTheWorkspaceMapTheirNamesAndPathsInThem() {
    ProjectLayout l = ProjectLayout.of(IncludePaths.NONE, Map.of(), Map.of(), Map.of(
        "@acme/ui", new ProjectLayout.NpmPackage("packages/ui", "packages/ui/dist/index.d.ts"),
        "@acme/ui-kit", new ProjectLayout.NpmPackage("packages/kit", null),
        "tool", new ProjectLayout.NpmPackage("", "bin/tool.js")));
    assertEquals(new Mapped(List.of("packages/ui/dist/index.d.ts", "packages/ui/src/index", "packages/ui/index"), true),
        l.mapPackage("@acme/ui"));
    assertEquals(new Mapped(List.of("packages/ui/theme/dark", "packages/ui/src/theme/dark"), true),
        l.mapPackage("@acme/ui/theme/dark"));
    assertEquals(new Mapped(List.of("packages/kit/src/index", "packages/kit/index"), true), l.mapPackage("@acme/ui-kit"));
    assertEquals(new Mapped(List.of("bin/tool.js", "src/index", "index"), true), l.mapPackage("tool"));
    assertEquals(l.mapPackage("@acme/ui"), l.mapPackage("@acme/ui/"));
    assertNull(l.mapPackage("@acme/uix"));
    assertNull(l.mapPackage("@acme"));
    assertNull(l.mapPackage("react"));
    // what the scan lists: package.json files of the workspace, not of its dependencies
    assertTrue(dev.vcr.kernel.scan.ScanResult.isProjectFile("packages/ui/package.json"));
    assertTrue(dev.vcr.kernel.scan.ScanResult.isProjectFile("package.json"));
    assertFalse(dev.vcr.kernel.scan.ScanResult.isProjectFile("node_modules/react/package.json"));
    assertFalse(dev.vcr.kernel.scan.ScanResult.isProjectFile("packages/ui/node_modules/x/package.json"));
    assertTrue(dev.vcr.kernel.scan.ScanResult.isProjectFile("node_modules/x/tsconfig.json"));
  }

  @Test
  void theTextFormReadsBackToTheSameLayout() {
    TreeMap<String, List<IncludePaths.Dir>> includes = new TreeMap<>();
    includes.put("app/main.c", List.of(new IncludePaths.Dir("include", false), new IncludePaths.Dir("gen", true)));
    ProjectLayout l = ProjectLayout.of(IncludePaths.of(includes), Map.of("", "example.com/app"),
        Map.of("", new TsConfig("", List.of(new PathMapping("@/*", List.of("src/*")))),
            "pkg", new TsConfig(null, List.of(new PathMapping("x", List.of())))),
        Map.of("@a/b", new ProjectLayout.NpmPackage("b", "b/index.ts"), "c", new ProjectLayout.NpmPackage("", null)));
    ProjectLayout back = ProjectLayout.decode(l.encode() + ""); // another string of the same text
    assertEquals(l.encode(), back.encode());
    assertEquals(l.goModules(), back.goModules());
    assertEquals(l.tsConfigs(), back.tsConfigs());
    assertEquals(l.packages(), back.packages());
    assertEquals(l.includes().of("app/main.c"), back.includes().of("app/main.c"));
    assertEquals("", ProjectLayout.NONE.encode());
    assertSame(ProjectLayout.NONE, ProjectLayout.decode(""));
  }

  @Test
  void projectFilesAreReadAsTheirToolsReadThem() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("ws")).toRealPath();
    Files.createDirectories(root.resolve("app"));
    Files.createDirectories(root.resolve("base"));
    Files.writeString(root.resolve("go.mod"), "// module example.com/not\nmodule \"example.com/app\" // quoted\n\ngo 1.22\n");
    Files.writeString(root.resolve("base/tsconfig.shared.json"), """
        {
          /* comments and trailing commas, as tsc allows */
          "compilerOptions": {
            "baseUrl": "..", // relative to this file
            "paths": { "@lib/*": ["lib/*", "../outside/*"], },
          },
        }
        """);
    Files.writeString(root.resolve("app/tsconfig.json"), """
        { "extends": ["./missing.json", "../base/tsconfig.shared"], "compilerOptions": { "strict": true } }
        """);
    Files.writeString(root.resolve("app/jsconfig.json"), "{ \"compilerOptions\": { \"baseUrl\": \"src\" } }");
    Files.writeString(root.resolve("tsconfig.json"), "{ \"compilerOptions\": { \"paths\": { \"~/*\": [\"./src/*\"] } } }");
    Files.writeString(root.resolve("app/package.json"),
        "{ \"name\": \"@x/app\", \"exports\": { \".\": [{ \"import\": \"./esm/i.js\" }] }, \"main\": \"cjs/i.js\" }");
    Files.createDirectories(root.resolve("base/deep"));
    Files.writeString(root.resolve("base/package.json"), "{ \"name\": \"@x/base\", \"types\": \"../../elsewhere.d.ts\" }");
    Files.writeString(root.resolve("base/deep/package.json"), "{ \"name\": \"@x/app\", \"main\": \"x.js\" }");
    Workspace ws = Workspace.of(root);
    ProjectLayout l = ProjectFiles.load(ws, List.of(root.resolve("app/jsconfig.json"), root.resolve("app/package.json"),
        root.resolve("app/tsconfig.json"), root.resolve("base/deep/package.json"), root.resolve("base/package.json"),
        root.resolve("go.mod"), root.resolve("tsconfig.json")));
    // packages: exports' "." (an array, a condition) before main; an entry outside the workspace is none;
    // a second package of a name already taken is passed over
    assertEquals(Map.of("@x/app", new ProjectLayout.NpmPackage("app", "app/esm/i.js"),
        "@x/base", new ProjectLayout.NpmPackage("base", null)), l.packages());
    assertEquals(Map.of("", "example.com/app"), l.goModules());
    // app: the base's baseUrl (the workspace root) and paths; the target outside the workspace is dropped;
    // its tsconfig.json, not its jsconfig.json
    assertEquals(new TsConfig("", List.of(new PathMapping("@lib/*", List.of("lib/*")))), l.tsConfigs().get("app"));
    // the root: paths without baseUrl are relative to the file that sets them
    assertEquals(new TsConfig(null, List.of(new PathMapping("~/*", List.of("src/*")))), l.tsConfigs().get(""));
    // a solution file beside its projects (Vite's template): the options of the first referenced project
    // beside it that sets some
    Files.createDirectories(root.resolve("web"));
    Files.writeString(root.resolve("web/tsconfig.json"), "{ \"files\": [], \"references\": [{ \"path\": \"../app\" },"
        + " { \"path\": \"./tsconfig.node.json\" }, { \"path\": \"./tsconfig.app.json\" }] }");
    Files.writeString(root.resolve("web/tsconfig.node.json"), "{ \"compilerOptions\": { \"strict\": true } }");
    Files.writeString(root.resolve("web/tsconfig.app.json"),
        "{ \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"./src/*\"] } } }");
    assertEquals(new TsConfig("web", List.of(new PathMapping("@/*", List.of("web/src/*")))),
        ProjectFiles.load(ws, List.of(root.resolve("web/tsconfig.json"))).tsConfigs().get("web"));
    // null unsets what a base sets; a base that cannot be read ends the chain, keeping the nearer options
    Files.createDirectories(root.resolve("unset"));
    Files.writeString(root.resolve("unset/tsconfig.json"),
        "{ \"extends\": \"../base/tsconfig.shared.json\", \"compilerOptions\": { \"baseUrl\": null } }");
    Files.createDirectories(root.resolve("broken"));
    Files.writeString(root.resolve("broken/bad.json"), "{ \"compilerOptions\": ");
    Files.writeString(root.resolve("broken/tsconfig.json"),
        "{ \"extends\": \"./bad.json\", \"compilerOptions\": { \"baseUrl\": \"src\" } }");
    Files.createDirectories(root.resolve("pkg/testdata/mod"));
    Files.writeString(root.resolve("pkg/testdata/mod/go.mod"), "module example.com/app\n");
    ProjectLayout more = ProjectFiles.load(ws, List.of(root.resolve("broken/tsconfig.json"),
        root.resolve("pkg/testdata/mod/go.mod"), root.resolve("unset/tsconfig.json")));
    // the base's paths stay, relative to the file that sets them (its baseUrl is unset)
    assertEquals(new TsConfig(null, List.of(new PathMapping("@lib/*", List.of("base/lib/*", "outside/*")))),
        more.tsConfigs().get("unset"));
    assertEquals(new TsConfig("broken/src", List.of()), more.tsConfigs().get("broken"));
    assertEquals(Map.of(), more.goModules()); // a module under testdata is a test's input
    // the files read besides the scanned ones: what a change must make the index read the layout again for
    assertEquals(java.util.Set.of("base/tsconfig.shared.json"), more.readFiles());
    // a file that does not parse counts as absent, and the others are still read
    Files.writeString(root.resolve("tsconfig.json"), "{ \"compilerOptions\": ");
    ProjectLayout broken = ProjectFiles.load(ws, List.of(root.resolve("tsconfig.json"), root.resolve("go.mod")));
    assertFalse(broken.tsConfigs().containsKey(""));
    assertEquals(Map.of("", "example.com/app"), broken.goModules());
  }

  /** A file that appears where a mapping points is found by the importers, as a clean index finds it. */
  @Test
  void aFileAppearingWhereAMappingPointsIsFound() throws Exception {
    PythonResolverTest.Ws ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-ts"), tmp);
    try (ws) {
      String main = "mono/app/src/main.ts";
      Files.writeString(ws.root.resolve(main), Files.readString(ws.root.resolve(main))
          + "\nimport { later } from \"@core/later\";\nexport const soon = later();\n"
          + "import * as dial from \"@face\";\nexport const f = dial.showDial();\n");
      // an exact pattern whose target is named unlike the specifier
      Files.writeString(ws.root.resolve("mono/tsconfig.base.json"), "{ \"compilerOptions\": { \"baseUrl\": \".\","
          + " \"paths\": { \"@core/*\": [\"core/src/*\"], \"@face\": [\"core/src/dial.ts\"] } } }");
      assertEquals("rebuild", ws.refresh());
      Files.writeString(ws.root.resolve("mono/core/src/later.ts"), "export function later(): number {\n  return 3;\n}\n");
      Files.writeString(ws.root.resolve("other/later.ts"), "export function later(): number {\n  return 4;\n}\n");
      Files.writeString(ws.root.resolve("mono/core/src/dial.ts"), "export function showDial(): number {\n  return 6;\n}\n");
      assertEquals("incremental", ws.refresh());
      ws.definition(main, "const soon = |later()", "mono/core/src/later.ts", "export function |later()");
      ws.definition(main, "const f = dial.|showDial()", "mono/core/src/dial.ts", "export function |showDial()");
      try (WorkspaceIndex clean = WorkspaceIndex.open(Workspace.of(ws.root), tmp.resolve("clean"), IndexOptions.defaults())) {
        clean.refresh(Indexer.Progress.NONE, () -> false);
        assertEquals(clean.store().indexHash(), ws.index.store().indexHash());
      }
    }
  }

  /** A project file's change links the index again, and the result is the clean index of the same files. */
  @Test
  void changingAProjectFileLinksAgain() throws Exception {
    PythonResolverTest.Ws ws = PythonResolverTest.Ws.open(Golden.resources().resolve("fixtures/resolve-ts"), tmp);
    try (ws) {
      String use = "mono/lib/src/use.ts";
      String before = ws.index.store().indexHash();
      ws.definition(use, "new Clock().|tick()", "mono/lib/src/clock.ts", "|tick(): number {\n    return 2");
      // the statistics show what was read
      Map<?, ?> shown = (Map<?, ?>) ws.index.stats().get("projectLayout");
      Map<?, ?> app = (Map<?, ?>) ((Map<?, ?>) shown.get("typescriptProjects")).get("mono/app");
      assertEquals("mono", app.get("baseUrl"));
      assertEquals(List.of("mono/core/src/*"), ((Map<?, ?>) app.get("paths")).get("@core/*"));
      assertEquals("mono/packages/ui", ((Map<?, ?>) shown.get("npmPackages")).get("@acme/ui"));
      Files.writeString(ws.root.resolve("mono/lib/tsconfig.json"),
          "{ \"compilerOptions\": { \"paths\": { \"@core/*\": [\"../core/src/*\"] } } }");
      // told of the save alone, the index reads the project files again too
      assertEquals("rebuild", ws.index.refreshChanged(List.of("mono/lib/tsconfig.json"), Indexer.Progress.NONE,
          () -> false).mode());
      assertEquals("incremental", ws.refresh());
      assertNotEquals(before, ws.index.store().indexHash());
      ws.definition(use, "new Clock().|tick()", "mono/core/src/clock.ts", "|tick(): number {\n    return 1");
      // a catch-all pattern whose target is missing: on to the workspace's packages, as the compiler goes on
      // to node_modules
      Files.writeString(ws.root.resolve("mono/app/tsconfig.json"), "{ \"compilerOptions\": { \"paths\": { \"*\":"
          + " [\"./types/*\"] } } }");
      assertEquals("rebuild", ws.refresh());
      ws.definition("mono/app/src/main.ts", "b.|press()", "mono/packages/ui/src/index.ts", "|press(): number");
      try (WorkspaceIndex clean = WorkspaceIndex.open(Workspace.of(ws.root), tmp.resolve("clean"), IndexOptions.defaults())) {
        assertEquals("rebuild", clean.refresh(Indexer.Progress.NONE, () -> false).mode());
        assertEquals(clean.store().indexHash(), ws.index.store().indexHash());
      }
      // a change to a configuration a project extends, named like no project file, is told alone too
      Files.writeString(ws.root.resolve("mono/options.json"), "{ \"compilerOptions\": { \"paths\": { \"@core/*\":"
          + " [\"./lib/src/*\"] } } }");
      Files.writeString(ws.root.resolve("mono/lib/tsconfig.json"), "{ \"extends\": \"../options.json\" }");
      assertEquals("rebuild", ws.refresh());
      ws.definition(use, "new Clock().|tick()", "mono/lib/src/clock.ts", "|tick(): number {\n    return 2");
      Files.writeString(ws.root.resolve("mono/options.json"), "{ \"compilerOptions\": { \"paths\": { \"@core/*\":"
          + " [\"./core/src/*\"] } } }");
      assertEquals("rebuild", ws.index.refreshChanged(List.of("mono/options.json"), Indexer.Progress.NONE,
          () -> false).mode());
      assertEquals("incremental", ws.refresh());
      ws.definition(use, "new Clock().|tick()", "mono/core/src/clock.ts", "|tick(): number {\n    return 1");
      // the project file goes: the specifier is unknown again (the name decides), the layout says so
      Files.delete(ws.root.resolve("mono/lib/tsconfig.json"));
      assertEquals("rebuild", ws.refresh());
      assertTrue(ProjectLayout.decode(ws.index.store().layout()).tsConfigs().containsKey("mono/app"));
      assertFalse(ProjectLayout.decode(ws.index.store().layout()).tsConfigs().containsKey("mono/lib"));
    }
  }
}
