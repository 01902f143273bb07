package dev.vcr.kernel.session;

/**
 * A document's text is over its epoch's size limit. It was not parsed; the epoch no longer holds it (so it
 * is answered from the index, like a file that is not open).
 */
public final class DocumentTooLargeException extends RuntimeException {
  private final String path;
  private final long bytes;
  private final long limit;

  public DocumentTooLargeException(String path, long bytes, long limit) {
    super(path + " is " + bytes + " bytes, over the limit of " + limit + " bytes for open documents");
    this.path = path;
    this.bytes = bytes;
    this.limit = limit;
  }

  public String path() {
    return path;
  }

  public long bytes() {
    return bytes;
  }

  public long limit() {
    return limit;
  }
}
