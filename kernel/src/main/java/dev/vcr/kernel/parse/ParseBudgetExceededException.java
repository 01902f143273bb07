package dev.vcr.kernel.parse;

/** A parse with a time budget ({@link ParserPool#parse(dev.vcr.kernel.lang.Language, byte[], org.treesitter.TSTree, long)}) ran out of it. */
public final class ParseBudgetExceededException extends RuntimeException {
  private final long bytes;
  private final long budgetMillis;

  public ParseBudgetExceededException(long bytes, long budgetMillis) {
    super("parsing " + bytes + " bytes took longer than " + budgetMillis + " ms");
    this.bytes = bytes;
    this.budgetMillis = budgetMillis;
  }

  public long bytes() {
    return bytes;
  }

  public long budgetMillis() {
    return budgetMillis;
  }
}
