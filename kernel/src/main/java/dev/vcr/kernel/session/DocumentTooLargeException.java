package dev.vcr.kernel.session;

/**
 * A document's text is over its epoch's size limit, or took longer than its parse budget ({@link
 * #parseBudgetMillis()} is then positive). It was not parsed (or its parse was abandoned); the epoch no
 * longer holds it (so it is answered from the index, like a file that is not open).
 */
public final class DocumentTooLargeException extends RuntimeException {
  private final String path;
  private final long bytes;
  private final long limit;
  private final long parseBudgetMillis;

  public DocumentTooLargeException(String path, long bytes, long limit) {
    super(path + " is " + bytes + " bytes, over the limit of " + limit + " bytes for open documents");
    this.path = path;
    this.bytes = bytes;
    this.limit = limit;
    this.parseBudgetMillis = 0;
  }

  private DocumentTooLargeException(String path, long bytes, long limit, long parseBudgetMillis) {
    super(path + " (" + bytes + " bytes) took longer than " + parseBudgetMillis
        + " ms to parse, the budget for open documents");
    this.path = path;
    this.bytes = bytes;
    this.limit = limit;
    this.parseBudgetMillis = parseBudgetMillis;
  }

  /** The document's parse ran out of its time budget. */
  public static DocumentTooLargeException parseBudget(String path, long bytes, long limit, long budgetMillis) {
    return new DocumentTooLargeException(path, bytes, limit, budgetMillis);
  }

  /** Positive when the document was too slow to parse rather than too large. */
  public long parseBudgetMillis() {
    return parseBudgetMillis;
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
