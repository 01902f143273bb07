package dev.vcr.kernel.query;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Span;
import java.util.List;

/** Answer types of {@link Navigator}: plain paths, spans and definitions, no protocol types. */
public final class Results {
  private Results() {}

  /** A position in a file, as an editor gives it. {@code utf16} says which column unit it counts. */
  public record FilePosition(String path, int line, int character, boolean utf16) {}

  public record Location(String path, Span span) {}

  /** An occurrence of a symbol within one file, for highlighting; {@code write}: a declaration or an assignment. */
  public record Highlight(Span span, boolean write) {}

  /**
   * Something that can appear in a call hierarchy: a definition in a file; or (ordinal -1, definition
   * null) the top level of a file, for calls made outside any function; or (ordinal -1, definition null,
   * {@code external} set) a library member, asked at a use of it in {@code path}.
   */
  public record CallItem(String path, int ordinal, Definition definition, ExternalMember external) {
    public CallItem(String path, int ordinal, Definition definition) {
      this(path, ordinal, definition, null);
    }

    public boolean isFileLevel() {
      return ordinal < 0 && external == null;
    }
  }

  /**
   * A library member (outside the workspace) as a use names it: its external id
   * ({@code SymbolIds.externalId}), its type's simple name and its name, and where it was asked ({@code at},
   * a use's span in the item's file; null when the item came back from a client).
   */
  public record ExternalMember(long id, String type, String member, Span at) {
    public String name() {
      return type + "." + member;
    }
  }

  /** A caller of the queried item and the call sites inside it. */
  public record IncomingCall(CallItem from, List<Span> fromRanges) {}

  /** A callee of the queried item and the call sites (in the queried item) that reach it. */
  public record OutgoingCall(CallItem to, List<Span> fromRanges) {}

  /** A workspace symbol. */
  public record SymbolMatch(String path, int ordinal, Definition definition, int score) {}

  /** A definition with its nested definitions, for document outlines. */
  public record SymbolTree(int ordinal, Definition definition, List<SymbolTree> children) {}
}
