package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.model.Confidence;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.query.Navigator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored links: what a build stores, that a change re-links exactly the files it must (and the answers
 * and hash then equal a clean build's), and the links block's format.
 */
class LinksTest {
  @TempDir Path tmp;

  private Path ws;
  private int clean;

  private void write(String rel, String text) throws IOException {
    Path p = ws.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private void fixture() throws IOException {
    ws = tmp.resolve("ws");
    write("p/Base.java", "package p;\npublic class Base {\n  public void foo() {}\n}\n");
    write("p/Other.java", "package p;\npublic class Other {\n  public void foo() {}\n}\n");
    write("p/Sub.java", "package p;\npublic class Sub extends Base {\n}\n");
    write("p/User.java", "package p;\nclass User {\n  void run(Sub s) {\n    s.foo();\n    new Helper().go();\n  }\n}\n");
    write("p/Helper.java", "package p;\nclass Helper {\n  void go() {}\n  void unrelated() { int x = 1; }\n}\n");
    write("p/Far.java", "package p;\nclass Far {\n  void far() { String s = \"x\"; s.length(); }\n}\n");
  }

  /** References to the named definition in a file, rendered path:line. */
  private static List<String> refs(WorkspaceIndex wi, String path, String qualified) {
    Navigator nav = wi.navigator();
    FileFacts f = nav.facts(path);
    for (int i = 0; i < f.definitions().size(); i++) {
      Definition d = f.definitions().get(i);
      if (qualified.equals(d.qualifiedName())) {
        List<String> out = new ArrayList<>();
        for (Hits.RefHit h : nav.referencesTo(new DefHit(path, i, d))) {
          out.add(h.path() + ":" + h.reference().span().startLine());
        }
        return out;
      }
    }
    throw new AssertionError("no " + qualified + " in " + path);
  }

  private String cleanHash() throws IOException {
    return Fixtures.index(ws, tmp.resolve("clean" + (clean++)), 1).indexHash();
  }

  @Test
  void changesRelinkOnlyWhatTheyAffectAndEndLikeACleanBuild() throws IOException {
    fixture();
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("p/User.java:3"), refs(wi, "p/Base.java", "p.Base.foo"));
      assertEquals(List.of(), refs(wi, "p/Other.java", "p.Other.foo"));

      // A body-only edit re-links that file alone.
      write("p/Far.java", "package p;\nclass Far {\n  void far() { String s = \"xy\"; s.length(); s.isEmpty(); }\n}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, wi.store().lastRelinked());
      assertEquals(cleanHash(), wi.store().indexHash());

      // Changing Sub's supertype re-links User (which never changed): s.foo() now names Other.foo.
      write("p/Sub.java", "package p;\npublic class Sub extends Other {\n}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of(), refs(wi, "p/Base.java", "p.Base.foo"));
      assertEquals(List.of("p/User.java:3"), refs(wi, "p/Other.java", "p.Other.foo"));
      assertTrue(wi.store().lastRelinked() >= 2, "Sub and User at least: " + wi.store().lastRelinked());
      assertEquals(cleanHash(), wi.store().indexHash());

      // Renaming a method unlinks its callers; adding it back (in another file) links them there.
      write("p/Helper.java", "package p;\nclass Helper {\n  void gone() {}\n  void unrelated() { int x = 1; }\n}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of(), refs(wi, "p/Helper.java", "p.Helper.gone"));
      assertEquals(cleanHash(), wi.store().indexHash());
      write("p/Helper.java", "package p;\nclass Helper {\n  void go() {}\n  void unrelated() { int y = 2; }\n}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("p/User.java:4"), refs(wi, "p/Helper.java", "p.Helper.go"));

      // Deleting the declaring file unlinks the uses elsewhere. (s.foo() on a Sub, which now extends a
      // library type, still links to Sub's dependency id: never to one of the deleted declarations' ids.)
      java.util.Set<Long> gone = new java.util.HashSet<>();
      for (long id : SymbolIds.of("p/Other.java", wi.store().facts("p/Other.java"))) {
        gone.add(id);
      }
      Files.delete(ws.resolve("p/Other.java"));
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(cleanHash(), wi.store().indexHash());
      Links user = wi.store().links("p/User.java");
      for (int r = 0; r < user.referenceCount(); r++) {
        for (long id : user.targetsOf(r)) {
          assertTrue(!gone.contains(id), "a link to a declaration that is gone");
          assertTrue(!wi.store().filesDeclaring(id).isEmpty() || id == SymbolIds.typeDependencyId("Sub"),
              "a link to something that is neither declared nor Sub's dependency id");
        }
      }
    }
  }

  @Test
  void usesTypedThroughAnotherFileFollowWhatItsNamesMeanThere() throws IOException {
    ws = tmp.resolve("ws");
    write("a.ts", "export class A {\n  check(): number { return 1; }\n}\n");
    write("b.ts", "export class A {\n  check(): number { return 2; }\n}\n");
    write("lib.ts", "import { A } from \"./a\";\nexport class Item {\n  run(): A { return new A(); }\n}\n"
        + "export function make(): A { return new A(); }\n");
    write("made.ts", "import { make } from \"./lib\";\nexport const made = make();\n");
    write("user.ts", "import { Item } from \"./lib\";\nimport { made } from \"./made\";\n"
        + "export function use(i: Item) {\n  const v = i.run();\n  v.check();\n  made.check();\n}\n");
    write("ns.ts", "import { make } from \"./lib\";\nexport namespace N {\n  export const held = make();\n}\n");
    write("nsuser.ts", "import { N } from \"./ns\";\nexport function useN() {\n  N.held.check();\n}\n");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      // through a declared return type, and through a module-level value's initializer in another file
      assertEquals(List.of("nsuser.ts:2", "user.ts:4", "user.ts:5"), refs(wi, "a.ts", "A.check"));
      assertEquals(List.of(), refs(wi, "b.ts", "A.check"));

      // lib.ts imports another A: user.ts and made.ts, never edited, follow it.
      write("lib.ts", "import { A } from \"./b\";\nexport class Item {\n  run(): A { return new A(); }\n}\n"
          + "export function make(): A { return new A(); }\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of(), refs(wi, "a.ts", "A.check"));
      assertEquals(List.of("nsuser.ts:2", "user.ts:4", "user.ts:5"), refs(wi, "b.ts", "A.check"));
      assertEquals(cleanHash(), wi.store().indexHash());

      // made.ts now initialises its value from something else: user.ts follows.
      write("made.ts", "import { A } from \"./a\";\nexport const made = new A();\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("user.ts:5"), refs(wi, "a.ts", "A.check"));
      assertEquals(List.of("nsuser.ts:2", "user.ts:4"), refs(wi, "b.ts", "A.check"));
      assertEquals(cleanHash(), wi.store().indexHash());
    }
  }

  @Test
  void idsDoNotMoveWithUnrelatedEditsButFollowSignatures() throws IOException {
    fixture();
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      long go = idOf(wi, "p/Helper.java", "p.Helper.go");
      write("p/Helper.java", "package p;\n\n// moved down\nclass Helper {\n  void before() {}\n  void go() {}\n}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(go, idOf(wi, "p/Helper.java", "p.Helper.go"));
      write("p/Helper.java", "package p;\nclass Helper {\n  void go(int n) {}\n}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertTrue(go != idOf(wi, "p/Helper.java", "p.Helper.go"), "a new signature is a new symbol");
    }
  }

  private static long idOf(WorkspaceIndex wi, String path, String qualified) {
    FileFacts f = wi.store().facts(path);
    long[] ids = SymbolIds.of(path, f);
    for (int i = 0; i < ids.length; i++) {
      if (qualified.equals(f.definitions().get(i).qualifiedName())) {
        return ids[i];
      }
    }
    throw new AssertionError(qualified);
  }

  @Test
  void linksBlocksRoundTrip() {
    Links.Builder b = new Links.Builder(4);
    b.set(0, new long[] {42L, -7L}, new Confidence[] {Confidence.EXACT, Confidence.NAME});
    b.set(2, new long[] {42L}, new Confidence[] {Confidence.EXACT});
    Links l = Links.decode(b.build().encode());
    assertEquals(4, l.referenceCount());
    assertEquals(2, l.count(42L));
    assertEquals(1, l.count(-7L));
    assertEquals(0, l.count(5L));
    // a reference's links come in target order
    assertEquals(List.of(-7L, 42L), List.of(l.targetsOf(0)[0], l.targetsOf(0)[1]));
    assertEquals(Confidence.NAME, l.confidenceOf(0, 0));
    assertEquals(Confidence.EXACT, l.confidenceOf(0, 1));
    assertEquals(0, l.targetsOf(1).length);
    assertEquals(List.of(0, 2), java.util.Arrays.stream(l.referencesTo(42L)).boxed().toList());
    byte[] block = b.build().encode();
    assertEquals(List.of(0, 2), java.util.Arrays.stream(Links.referencesTo(block, 42L)).boxed().toList());
    assertEquals(List.of(0), java.util.Arrays.stream(Links.referencesTo(block, -7L)).boxed().toList());
    assertEquals(0, Links.referencesTo(block, 5L).length);
    assertEquals(4, Links.referenceCount(block));
    assertEquals(2, Links.count(block, 42L));
    assertEquals(0, Links.count(block, 5L));
  }

  @Test
  void randomBlocksRoundTripAndAnswerByIdLikeTheirDecodedForm() {
    java.util.Random rnd = new java.util.Random(7);
    Confidence[] how = Confidence.values();
    for (int trial = 0; trial < 300; trial++) {
      int refs = rnd.nextInt(60);
      long[] pool = new long[1 + rnd.nextInt(8)];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = rnd.nextLong() >> rnd.nextInt(60);
      }
      Links.Builder b = new Links.Builder(refs);
      for (int r = 0; r < refs; r++) {
        if (rnd.nextInt(3) == 0) {
          continue;
        }
        int k = 1 + rnd.nextInt(3); // may name the same target twice
        long[] ids = new long[k];
        Confidence[] c = new Confidence[k];
        for (int j = 0; j < k; j++) {
          ids[j] = pool[rnd.nextInt(pool.length)];
          c[j] = how[rnd.nextInt(how.length)];
        }
        b.set(r, ids, c);
      }
      Links built = b.build();
      byte[] block = built.encode();
      Links decoded = Links.decode(block);
      assertTrue(java.util.Arrays.equals(block, decoded.encode()), "canonical encoding, trial " + trial);
      assertEquals(refs, Links.referenceCount(block));
      for (int r = 0; r < refs; r++) {
        assertTrue(java.util.Arrays.equals(built.targetsOf(r), decoded.targetsOf(r)));
        for (int j = 0; j < built.targetsOf(r).length; j++) {
          assertEquals(built.confidenceOf(r, j), decoded.confidenceOf(r, j));
        }
      }
      for (long id : pool) {
        assertTrue(java.util.Arrays.equals(decoded.referencesTo(id), Links.referencesTo(block, id)), "trial " + trial);
        assertEquals(decoded.count(id), Links.count(block, id));
        assertEquals(decoded.referencesTo(id).length, decoded.count(id));
      }
    }
  }

  @Test
  void erasureKeepsWhatDistinguishesOverloads() {
    assertEquals("List", SymbolIds.erase("java.util.List<String>"));
    assertEquals("String[]", SymbolIds.erase("java.lang.String[]"));
    assertEquals("int...", SymbolIds.erase("int..."));
    assertEquals("Map", SymbolIds.erase("final @Nonnull Map<K, List<V>>"));
  }
}
