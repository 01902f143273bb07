package dev.vcr.lsp.protocol;

import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.PositionEncodingKind;

/**
 * The unit in which a session's {@code Position.character} counts: UTF-8 bytes when the client offers
 * {@code utf-8} (no conversion: the kernel's native unit), else UTF-16 code units (LSP's default).
 */
public enum PositionEncoding {
  UTF8(PositionEncodingKind.UTF8),
  UTF16(PositionEncodingKind.UTF16);

  private final String lspName;

  PositionEncoding(String lspName) {
    this.lspName = lspName;
  }

  public String lspName() {
    return lspName;
  }

  public boolean utf16() {
    return this == UTF16;
  }

  /** utf-8 when the client lists it among {@code general.positionEncodings}, else utf-16. */
  public static PositionEncoding negotiate(ClientCapabilities caps) {
    if (caps == null || caps.getGeneral() == null) {
      return UTF16;
    }
    List<String> offered = caps.getGeneral().getPositionEncodings();
    if (offered != null && offered.contains(PositionEncodingKind.UTF8)) {
      return UTF8;
    }
    return UTF16;
  }
}
