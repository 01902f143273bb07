package dev.vcr.kernel.index;

/**
 * The store could not do what was asked because a resource ran out or is withheld (a full disk, a read-only
 * index directory, no memory): not damage. The index is as it was before the attempt (a write was rolled
 * back) and still answers reads; {@link #reason()} says what is missing.
 */
public final class StoreUnavailableException extends RuntimeException {
  private final String reason;

  public StoreUnavailableException(String reason, String what, Throwable cause) {
    super(what + ": " + reason, cause);
    this.reason = reason;
  }

  /** "the disk is full", "the index directory is read-only", "out of memory". */
  public String reason() {
    return reason;
  }
}
