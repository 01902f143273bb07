package dev.vcr.kernel.text;

/**
 * UTF-8 validity. Vcr parses and slices one byte array per file; when a file is not valid UTF-8 its
 * invalid bytes are replaced by '?' one for one, so every offset still indexes the file on disk while
 * every slice decodes cleanly (and tree-sitter's predicates, which re-encode the text, agree with it).
 */
public final class Utf8 {
  private Utf8() {}

  /** Length of the valid sequence starting at i, or 0 if the bytes there are not valid UTF-8. */
  static int validSequenceLength(byte[] b, int i) {
    int c = b[i] & 0xFF;
    if (c < 0x80) {
      return 1;
    }
    int len;
    int min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + len > b.length) {
      return 0;
    }
    int cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; k++) {
      int cc = b[i + k] & 0xFF;
      if ((cc & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    return len;
  }

  public static boolean isValid(byte[] b) {
    for (int i = 0; i < b.length; ) {
      int n = validSequenceLength(b, i);
      if (n == 0) {
        return false;
      }
      i += n;
    }
    return true;
  }

  /** The same array when valid; otherwise a copy with each invalid byte replaced by '?'. */
  public static byte[] sanitize(byte[] b) {
    if (isValid(b)) {
      return b;
    }
    byte[] out = b.clone();
    for (int i = 0; i < out.length; ) {
      int n = validSequenceLength(out, i);
      if (n == 0) {
        out[i] = '?';
        i++;
      } else {
        i += n;
      }
    }
    return out;
  }
}
