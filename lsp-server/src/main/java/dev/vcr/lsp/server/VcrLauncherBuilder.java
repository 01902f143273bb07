package dev.vcr.lsp.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import dev.vcr.lsp.protocol.WireAdapters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethodProvider;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * LSP4J's server launcher builder, with Vcr's corrections in one place; every server connection (stdio,
 * daemon socket, tests) is built here, through {@link SessionLauncher}:
 * <ul>
 *   <li>messages are framed by Content-Length before they are parsed ({@link FramedMessageProducer}), so a
 *       malformed body costs one error reply and never the next message; every request with an id gets a
 *       response (InvalidParams naming the field for params of the wrong shape);
 *   <li>requests to methods the session does not implement (LSP4J's default methods) answer MethodNotFound
 *       without a stack trace ({@link ImplementedMethods});
 *   <li>an unexpected exception answers InternalError without a stack trace in {@code data} (it is logged);
 *   <li>locations, ranges and call hierarchy items are written by hand ({@link WireAdapters}), not by Gson's
 *       reflective writer, which cost as much as computing a large answer, into an unsynchronised buffer
 *       ({@link BuilderJsonHandler});
 *   <li>what LSP4J derives by reflection is derived once per process, not once per connection: the JSON-RPC
 *       method table and Gson's type adapters of the protocol's types ({@link SharedAdapters}), which every
 *       session of a daemon otherwise built again.
 * </ul>
 */
final class VcrLauncherBuilder extends LSPLauncher.Builder<LanguageClient> {
  private static final Logger LOG = Logger.getLogger(VcrLauncherBuilder.class.getName());

  /** ResponseErrorExceptions answer as they are; anything else is an internal error, logged here. */
  static final Function<Throwable, ResponseError> EXCEPTION_HANDLER = t -> {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof java.lang.reflect.InvocationTargetException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof ResponseErrorException r) {
      return r.getResponseError();
    }
    LOG.log(Level.SEVERE, "internal error", c);
    return new ResponseError(ResponseErrorCode.InternalError, "Internal error", null);
  };

  private MessageJsonHandler jsonHandler;
  private MessageConsumer out;
  private RemoteEndpoint endpoint;

  VcrLauncherBuilder() {
    configureGson(VcrLauncherBuilder::configure);
  }

  /** Every connection's Gson: Vcr's writers of its hot types, and the protocol's adapters shared. */
  static void configure(GsonBuilder gson) {
    gson.registerTypeAdapterFactory(new WireAdapters()).registerTypeAdapterFactory(SharedAdapters.INSTANCE);
  }

  @Override
  protected MessageJsonHandler createJsonHandler() {
    return new BuilderJsonHandler(getSupportedMethods(), configureGson);
  }

  /** The JSON-RPC methods of the same service classes and remote interfaces, derived once per process. */
  private static final Map<List<Class<?>>, Map<String, JsonRpcMethod>>
      METHODS = new ConcurrentHashMap<>();

  @Override
  protected Map<String, JsonRpcMethod> getSupportedMethods() {
    List<Class<?>> key = new ArrayList<>();
    key.addAll(remoteInterfaces);
    key.add(Void.class); // between the remote interfaces and the local services' classes
    for (Object service : localServices) {
      if (service instanceof JsonRpcMethodProvider) {
        return super.getSupportedMethods(); // a service that lists its methods itself may list others each time
      }
      key.add(service.getClass());
    }
    return METHODS.computeIfAbsent(List.copyOf(key),
        k -> Collections.unmodifiableMap(super.getSupportedMethods()));
  }

  /**
   * Gson's adapters of the protocol's types, built once per process and shared by every connection's Gson
   * (registered last, so asked first). Building one reflects over the type's fields, generic signatures
   * and annotations, and each session of a daemon built them all again: 21 sessions held 8,930 reflective
   * field adapters, 445 once shared. JSON-RPC messages keep their connection's adapter (LSP4J's
   * {@code MessageTypeAdapter} looks up a connection's methods and pending requests); the values inside a
   * message are written and read by the shared ones.
   */
  static final class SharedAdapters implements TypeAdapterFactory {
    static final SharedAdapters INSTANCE = new SharedAdapters();
    private static final Gson SHARED = new MessageJsonHandler(Map.of(),
        gson -> gson.registerTypeAdapterFactory(new WireAdapters())).getGson();

    private SharedAdapters() {}

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      if (Message.class.isAssignableFrom(type.getRawType())) {
        return null;
      }
      return SHARED.getAdapter(type);
    }
  }

  /**
   * LSP4J's JSON handler, serialising a message into a {@code StringBuilder} rather than its
   * {@code StringWriter}, whose buffer takes a lock for every token Gson writes: that was 45 % of serialising
   * a 650-caller incoming-calls answer (372 KB: 2.7 ms against 1.5 ms, measured in one process, warm).
   */
  static final class BuilderJsonHandler extends MessageJsonHandler {
    BuilderJsonHandler(Map<String, JsonRpcMethod> methods, java.util.function.Consumer<GsonBuilder> configureGson) {
      super(methods, configureGson);
    }

    @Override
    public String serialize(Message message) {
      StringBuilder json = new StringBuilder(256);
      serialize(message, com.google.common.io.CharStreams.asWriter(json));
      return json.toString();
    }
  }

  @Override
  protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
    MessageConsumer out = wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler));
    Endpoint local = ImplementedMethods.guard(ServiceEndpoints.toEndpoint(localServices),
        ImplementedMethods.of(localServices));
    RemoteEndpoint endpoint = new ParamsCheckingEndpoint(out, local,
        exceptionHandler == null ? EXCEPTION_HANDLER : exceptionHandler);
    jsonHandler.setMethodProvider(endpoint);
    endpoint.setJsonHandler(jsonHandler);
    this.jsonHandler = jsonHandler;
    this.out = out;
    this.endpoint = endpoint;
    return endpoint;
  }

  /** Replaces LSP4J's stream reader (which parses straight from the stream) with the framing one. */
  @Override
  protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer reader, MessageConsumer messageConsumer,
      LanguageClient remoteProxy) {
    return new ConcurrentMessageProcessor(new FramedMessageProducer(input, jsonHandler, out, endpoint), messageConsumer);
  }

  /**
   * Issues LSP4J finds in a request it could parse: a ParseError for a request whose JSON was read is about
   * its params, so it is answered InvalidParams, with a message naming the field (never a Java exception).
   */
  private static final class ParamsCheckingEndpoint extends RemoteEndpoint {
    ParamsCheckingEndpoint(MessageConsumer out, Endpoint local, Function<Throwable, ResponseError> handler) {
      super(out, local, handler);
    }

    @Override
    protected void handleRequestIssues(RequestMessage request, List<MessageIssue> issues) {
      List<MessageIssue> mapped = new ArrayList<>(issues.size());
      for (MessageIssue issue : issues) {
        if (issue.getIssueCode() == ResponseErrorCode.ParseError.getValue() && request.getMethod() != null) {
          String why = issue.getCause() == null ? "params do not have the shape this method takes"
              : MessageProblems.describeParams(issue.getCause());
          mapped.add(new MessageIssue("invalid params for " + request.getMethod() + ": " + why,
              ResponseErrorCode.InvalidParams.getValue()));
        } else {
          mapped.add(new MessageIssue(issue.getText(), issue.getIssueCode()));
        }
      }
      super.handleRequestIssues(request, mapped);
    }
  }
}
