package dev.vcr.kernel.text;

/**
 * One content change of an open document, in the editor's coordinates: replace the range
 * [(startLine, startChar), (endLine, endChar)) by {@code text}; a null range ({@code startLine < 0})
 * replaces the whole document. {@code utf16} says which unit the characters count.
 */
public record TextEdit(int startLine, int startChar, int endLine, int endChar, String text, boolean utf16) {

  public static TextEdit full(String text) {
    return new TextEdit(-1, -1, -1, -1, text, true);
  }

  public boolean isFull() {
    return startLine < 0;
  }
}
