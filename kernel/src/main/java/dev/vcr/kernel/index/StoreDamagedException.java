package dev.vcr.kernel.index;

/** The store failed a check or an operation; its contents can no longer be trusted and must be rebuilt. */
public final class StoreDamagedException extends RuntimeException {
  public StoreDamagedException(String message, Throwable cause) {
    super(message, cause);
  }
}
