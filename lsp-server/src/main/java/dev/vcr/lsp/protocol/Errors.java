package dev.vcr.lsp.protocol;

import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/** JSON-RPC errors the server answers with; LSP4J sends the carried {@link ResponseError} as is. */
public final class Errors {
  private Errors() {}

  public static ResponseErrorException invalidParams(String message) {
    return error(ResponseErrorCode.InvalidParams, message);
  }

  public static ResponseErrorException invalidRequest(String message) {
    return error(ResponseErrorCode.InvalidRequest, message);
  }

  public static ResponseErrorException notInitialized(String message) {
    return error(ResponseErrorCode.ServerNotInitialized, message);
  }

  public static ResponseErrorException requestFailed(String message) {
    return error(ResponseErrorCode.RequestFailed, message);
  }

  public static ResponseErrorException error(ResponseErrorCode code, String message) {
    return new ResponseErrorException(new ResponseError(code, message, null));
  }
}
