package dev.vcr.kernel.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TypeScript call signatures on lines of their own, given a separator before them ({@link TsSignatureLines}). */
class TsSignatureLinesTest {
  private static final String FACTORY = """
      export interface Factory extends Base {
          <T = any>(value: T[], options?: Options): Box<T>
          <K = any, V = any>(value: Map<K, V>): Box<V>
          (value: string): Box<string>
          box: BoxFactory
      }

      const factories: Factory = {
          box<T = any>(value: T): Box<T> {
              return make(value)
          },
          array(values: number[]) {
              return make(values)
          }
      }

      export function make(v: any) {
          return v
      }
      """;

  private static String mask(String s) {
    return new String(TsSignatureLines.mask(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static void unchanged(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    assertSame(b, TsSignatureLines.mask(b), s);
  }

  @Test
  void aCallSignatureAfterACompleteMemberGetsASeparatorSameLength() {
    String masked = mask(FACTORY);
    assertEquals(FACTORY.length(), masked.length());
    assertTrue(masked.contains("\n;   <K = any, V = any>(value"), masked);
    assertTrue(masked.contains("\n;   (value: string)"), masked);
    // the first member follows the opening brace: nothing to separate
    assertTrue(masked.contains("{\n    <T = any>(value: T[]"), masked);
    assertEquals(FACTORY.replace("\n    <K", "\n;   <K").replace("\n    (value", "\n;   (value"), masked);
    assertEquals("type F = {\n    a: string\n;   (x: number): F\n}\n",
        mask("type F = {\n    a: string\n    (x: number): F\n}\n"));
  }

  @Test
  void continuationsAndCodeOutsideTypeBodiesAreKept() {
    unchanged("interface A {\n    f:\n        (x: number) => void\n}\n"); // after ':'
    unchanged("interface A {\n    f: string |\n        (() => void)\n}\n"); // after '|'
    unchanged("interface A {\n    f: (a: number) =>\n        (b: number)\n}\n"); // after '=>'
    unchanged("interface A {\n    f: Map<\n        (string)>\n}\n"); // after '<'
    unchanged("const x = foo\n    (bar)\n"); // a call continued on the next line
    unchanged("function f() {\n    g()\n    (h as any)()\n}\n");
    unchanged("interface A {\n    a: string // (x): number\n}\n"); // in a comment
    unchanged("interface A { a: string; (x: number): void }\n"); // on one line
  }

  @Test
  void theDeclarationsAfterTheSignaturesAreExtracted() {
    FileFacts f = SymbolExtractor.extract(Language.TYPESCRIPT, FACTORY.getBytes(StandardCharsets.UTF_8));
    List<String> names = f.definitions().stream().map(Definition::name).toList();
    assertTrue(names.containsAll(List.of("Factory", "factories", "box", "array", "make")), names.toString());
    assertEquals(0, f.errorNodes(), "no error region");
  }
}
