package dev.vcr.kernel.session;

/** A change arrived with a version not newer than the document's; it is rejected, the document unchanged. */
public final class StaleVersionException extends Exception {
  public StaleVersionException(String path, int current, int received) {
    super("change to " + path + " has version " + received + " but the document is already at version " + current);
  }
}
