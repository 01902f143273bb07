package dev.vcr.lsp.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * LSP4J's server launcher builder with one correction: a request whose JSON is well-formed but whose
 * params have the wrong shape (a string where a position belongs) is answered with InvalidParams, as
 * JSON-RPC asks, instead of the ParseError LSP4J reports for every deserialisation problem. Unparsable
 * JSON still gets ParseError.
 */
final class VcrLauncherBuilder extends LSPLauncher.Builder<LanguageClient> {
  @Override
  protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
    MessageConsumer out = wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler));
    Endpoint local = ServiceEndpoints.toEndpoint(localServices);
    RemoteEndpoint endpoint = exceptionHandler == null
        ? new ParamsCheckingEndpoint(out, local, RemoteEndpoint.DEFAULT_EXCEPTION_HANDLER)
        : new ParamsCheckingEndpoint(out, local, exceptionHandler);
    jsonHandler.setMethodProvider(endpoint);
    endpoint.setJsonHandler(jsonHandler);
    return endpoint;
  }

  private static final class ParamsCheckingEndpoint extends RemoteEndpoint {
    ParamsCheckingEndpoint(MessageConsumer out, Endpoint local,
        java.util.function.Function<Throwable, org.eclipse.lsp4j.jsonrpc.messages.ResponseError> handler) {
      super(out, local, handler);
    }

    @Override
    protected void handleRequestIssues(RequestMessage request, List<MessageIssue> issues) {
      List<MessageIssue> mapped = new ArrayList<>(issues.size());
      for (MessageIssue issue : issues) {
        if (issue.getIssueCode() == ResponseErrorCode.ParseError.getValue() && request.getMethod() != null
            && !causedByIo(issue.getCause())) {
          String why = issue.getCause() == null ? issue.getText() : issue.getCause().getMessage();
          mapped.add(new MessageIssue("invalid params for " + request.getMethod() + ": " + firstLine(why),
              ResponseErrorCode.InvalidParams.getValue(), issue.getCause()));
        } else {
          mapped.add(issue);
        }
      }
      super.handleRequestIssues(request, mapped);
    }

    private static boolean causedByIo(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof IOException) {
          return true;
        }
      }
      return false;
    }

    private static String firstLine(String s) {
      if (s == null) {
        return "malformed";
      }
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    }
  }
}
