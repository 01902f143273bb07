package dev.vcr.lsp.server;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.JsonRpcException;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * Reads LSP messages off a stream by framing first: the headers, then exactly {@code Content-Length} bytes,
 * and only then parsing those bytes. (LSP4J's {@code StreamMessageProducer} parses straight from the stream,
 * so a body that fails to parse part-way leaves its rest in the stream, and the next message is lost.)
 *
 * <p>What cannot be delivered costs one reply and never the next message:
 * <ul>
 *   <li>a body that is not JSON: ParseError (with the request's id if it was read before the error, else null);
 *   <li>valid JSON that is not a JSON-RPC message (an array, a number, an object with neither id nor method,
 *       an id that is neither a string nor an integer): InvalidRequest with id null;
 *   <li>a message with an id and a method that is not a string: InvalidRequest with that id;
 *   <li>a request whose params do not fit the method: InvalidParams naming the field ("params.item.kind:
 *       expected an integer, got 1.5"); a request nested deeper than {@link #MAX_NESTING} levels:
 *       InvalidParams too (it is valid JSON, just more than Vcr reads);
 *   <li>a header block without Content-Length: ParseError with id null; a body over {@link #MAX_CONTENT_LENGTH}
 *       is skipped unread and answered InvalidRequest with id null.
 * </ul>
 * A malformed notification is logged and dropped; a malformed response goes to the issue handler (the
 * endpoint fails the pending request). Header lines are searched for {@code Content-Length} anywhere, so
 * after a body shorter or longer than announced the next message's header is still found.
 */
final class FramedMessageProducer implements MessageProducer, Closeable {
  private static final Logger LOG = Logger.getLogger(FramedMessageProducer.class.getName());
  /** Bodies larger than this are skipped, not buffered. */
  static final int MAX_CONTENT_LENGTH = 256 << 20;
  /** Deeper JSON is valid but not read (Gson's default limit is 255). */
  static final int MAX_NESTING = 1000;
  /** A header line is cut to its last {@link #HEADER_TAIL} bytes beyond this, so junk cannot grow without bound. */
  private static final int MAX_HEADER_LINE = 16 * 1024;
  private static final int HEADER_TAIL = 256;
  private static final String CONTENT_LENGTH = "content-length:";
  private static final String CONTENT_TYPE = "content-type:";

  private final InputStream input;
  private final MessageJsonHandler jsonHandler;
  private final MessageConsumer replies;
  private final MessageIssueHandler issueHandler;
  private volatile boolean keepRunning;

  /**
   * @param replies where error replies to undeliverable requests go (the connection's outgoing stream)
   * @param issueHandler gets responses (from the client) that cannot be parsed
   */
  FramedMessageProducer(InputStream input, MessageJsonHandler jsonHandler, MessageConsumer replies,
      MessageIssueHandler issueHandler) {
    this.input = new BufferedInputStream(input, 64 * 1024);
    this.jsonHandler = jsonHandler;
    this.replies = replies;
    this.issueHandler = issueHandler;
  }

  @Override
  public void listen(MessageConsumer callback) {
    if (keepRunning) {
      throw new IllegalStateException("already listening");
    }
    keepRunning = true;
    try {
      while (keepRunning) {
        Frame f = readFrame();
        if (f == null) {
          break; // end of stream
        }
        if (f.body != null) {
          deliver(f.body, f.charset, callback);
        }
      }
    } catch (IOException e) {
      if (JsonRpcException.indicatesStreamClosed(e)) {
        if (keepRunning) {
          LOG.log(Level.FINE, "input closed", e);
        }
      } else {
        throw new JsonRpcException(e);
      }
    } finally {
      keepRunning = false;
    }
  }

  @Override
  public void close() {
    keepRunning = false;
  }

  // ------------------------------------------------------------------------------------ framing

  private record Frame(byte[] body, Charset charset) {}

  /** The next frame; a frame with a null body was answered or dropped here. Null at the end of the stream. */
  private Frame readFrame() throws IOException {
    long length = -1;
    Charset charset = StandardCharsets.UTF_8;
    boolean anyHeader = false;
    HeaderLine line = new HeaderLine();
    while (true) {
      int c = input.read();
      if (c < 0) {
        if (line.size > 0 || anyHeader) {
          LOG.fine("input ended inside a message header");
        }
        return null;
      }
      if (c != '\n') {
        line.add((byte) c);
        continue;
      }
      String text = line.take();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (!text.isEmpty()) {
        anyHeader = true;
        String lower = text.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf(CONTENT_LENGTH);
        if (at >= 0) {
          if (at > 0) {
            LOG.warning("discarded " + at + " bytes of unframed input before a Content-Length header");
          }
          length = parseLength(text.substring(at + CONTENT_LENGTH.length()).trim());
        } else if (lower.startsWith(CONTENT_TYPE)) {
          charset = charsetOf(lower);
        } else if (lower.indexOf(':') < 0) {
          LOG.warning("discarded " + text.length() + " bytes of unframed input");
        }
        continue;
      }
      if (!anyHeader) {
        continue; // a stray blank line between messages
      }
      // End of the header block.
      if (length < 0) {
        LOG.warning("a message without a valid Content-Length header; answered ParseError");
        reply(null, ResponseErrorCode.ParseError, "Parse error: missing or invalid Content-Length header");
        return new Frame(null, charset);
      }
      if (length > MAX_CONTENT_LENGTH) {
        long skipped = skip(length);
        LOG.warning("skipped a message of " + length + " bytes (limit " + MAX_CONTENT_LENGTH + ")");
        reply(null, ResponseErrorCode.InvalidRequest,
            "message of " + length + " bytes exceeds the limit of " + MAX_CONTENT_LENGTH + " bytes");
        return skipped < length ? null : new Frame(null, charset);
      }
      byte[] body = input.readNBytes((int) length);
      if (body.length < length) {
        LOG.fine("input ended inside a message body");
        return null;
      }
      return new Frame(body, charset);
    }
  }

  private static long parseLength(String s) {
    try {
      long n = Long.parseLong(s);
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Charset charsetOf(String contentTypeLine) {
    int at = contentTypeLine.indexOf("charset=");
    if (at < 0) {
      return StandardCharsets.UTF_8;
    }
    String name = contentTypeLine.substring(at + "charset=".length()).trim().replace("\"", "");
    int end = name.indexOf(';');
    name = end < 0 ? name : name.substring(0, end).trim();
    if (name.equals("utf8")) {
      return StandardCharsets.UTF_8; // what the LSP specification allows for backwards compatibility
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      LOG.warning("unknown charset \"" + name + "\"; reading UTF-8");
      return StandardCharsets.UTF_8;
    }
  }

  private long skip(long n) throws IOException {
    long done = 0;
    byte[] scratch = new byte[64 * 1024];
    while (done < n) {
      int r = input.read(scratch, 0, (int) Math.min(scratch.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /** One header line's bytes; past {@link #MAX_HEADER_LINE} only the tail is kept. */
  private static final class HeaderLine {
    byte[] bytes = new byte[128];
    int size;

    void add(byte b) {
      if (size == bytes.length) {
        if (size >= MAX_HEADER_LINE) {
          System.arraycopy(bytes, size - HEADER_TAIL, bytes, 0, HEADER_TAIL);
          size = HEADER_TAIL;
        } else {
          bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_HEADER_LINE, size * 2));
        }
      }
      bytes[size++] = b;
    }

    String take() {
      String s = new String(bytes, 0, size, StandardCharsets.ISO_8859_1);
      size = 0;
      return s;
    }
  }

  // ------------------------------------------------------------------------------------ parsing

  private void deliver(byte[] body, Charset charset, MessageConsumer callback) {
    Message message;
    try {
      message = parse(body, charset);
    } catch (MessageIssueException e) {
      if (e.getRpcMessage() instanceof ResponseMessage && issueHandler != null) {
        issueHandler.handle(e.getRpcMessage(), e.getIssues());
        return;
      }
      Throwable cause = e.getIssues().isEmpty() || e.getIssues().get(0).getCause() == null
          ? e : e.getIssues().get(0).getCause();
      reject(body, charset, cause);
      return;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Whatever LSP4J's adapters throw on input they do not expect (NumberFormatException for "kind": 1.5).
      reject(body, charset, e);
      return;
    }
    if (message == null) {
      reject(body, charset, null);
      return;
    }
    try {
      callback.consume(message);
    } catch (RuntimeException e) {
      // Keep reading: one message's failure in a consumer must not end the connection.
      LOG.log(Level.WARNING, "handling a message failed", e);
    }
  }

  /** Parses like {@code MessageJsonHandler.parseMessage}, but from the framed bytes and with a nesting limit. */
  private Message parse(byte[] body, Charset charset) throws IOException {
    JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    reader.setNestingLimit(MAX_NESTING);
    Message message = jsonHandler.getGson().fromJson(reader, Message.class);
    if (message != null) {
      message.setJsonHandler(jsonHandler);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("JSON document was not fully consumed");
      }
    }
    return message;
  }

  /** Answers (or logs) a body that could not be delivered, after finding out what it was. */
  private void reject(byte[] body, Charset charset, Throwable cause) {
    Envelope env = Envelope.scan(body, charset);
    if (!env.json) {
      LOG.fine(() -> "unparsable message (" + body.length + " bytes): " + cause);
      reply(env.id, ResponseErrorCode.ParseError, "Parse error: the message is not valid JSON");
      return;
    }
    if (!env.object || env.badId || (env.id == null && env.method == null)) {
      LOG.fine(() -> "not a JSON-RPC message (" + body.length + " bytes): " + cause);
      reply(null, ResponseErrorCode.InvalidRequest,
          env.badId ? "Invalid request: the id must be a string or an integer" : "Invalid request: not a JSON-RPC message");
      return;
    }
    String problem = MessageProblems.tooDeep(cause)
        ? "the message is nested deeper than " + MAX_NESTING + " levels"
        : cause == null ? "the message has no content" : MessageProblems.describeParams(cause);
    if (env.method == null && env.methodOfWrongType) {
      // Not a response (it has a method), so a request with an unreadable method: it has an id, so it is answered.
      LOG.fine(() -> "request (id " + env.id.get() + ") whose method is not a string: " + problem);
      reply(env.id, ResponseErrorCode.InvalidRequest, "Invalid request: the method must be a string");
      return;
    }
    if (env.method == null) {
      LOG.warning("dropped a response (id " + env.id.get() + ") that could not be read: " + problem);
      return;
    }
    if (env.id == null) {
      LOG.warning("dropped notification " + env.method + ": " + problem);
      return;
    }
    LOG.fine(() -> "request " + env.method + " (id " + env.id.get() + "): invalid params: " + problem);
    reply(env.id, ResponseErrorCode.InvalidParams, "invalid params for " + env.method + ": " + problem);
  }

  private void reply(Either<String, Number> id, ResponseErrorCode code, String message) {
    ResponseMessage r = new ResponseMessage();
    r.setJsonrpc("2.0");
    r.setRawId(id);
    r.setError(new ResponseError(code, message, null));
    try {
      replies.consume(r);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not send an error reply", e);
    }
  }

  /**
   * The JSON-RPC envelope of a body the typed parse rejected: whether it is JSON at all, and its id and
   * method if they could be read. Reads without a nesting limit and without building the values it skips.
   */
  static final class Envelope {
    boolean json;
    boolean object;
    boolean badId;
    Either<String, Number> id;
    String method;
    /** A method member that is present but not a string. */
    boolean methodOfWrongType;

    static Envelope scan(byte[] body, Charset charset) {
      Envelope e = new Envelope();
      try (JsonReader r = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), charset))) {
        r.setStrictness(Strictness.LENIENT); // as Gson.fromJson reads the message itself
        r.setNestingLimit(Integer.MAX_VALUE);
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
          r.skipValue();
          e.json = r.peek() == JsonToken.END_DOCUMENT;
          return e;
        }
        r.beginObject();
        while (r.hasNext()) {
          String name = r.nextName();
          JsonToken t = r.peek();
          if (name.equals("id") && t == JsonToken.STRING) {
            e.id = Either.forLeft(r.nextString());
          } else if (name.equals("id") && t == JsonToken.NUMBER) {
            String n = r.nextString();
            try {
              long v = Long.parseLong(n);
              e.id = Either.forRight(v == (int) v ? (Number) (int) v : (Number) v);
            } catch (NumberFormatException notAnInteger) {
              e.badId = true;
            }
          } else if (name.equals("id") && t != JsonToken.NULL) {
            e.badId = true;
            r.skipValue();
          } else if (name.equals("method") && t == JsonToken.STRING) {
            e.method = r.nextString();
          } else if (name.equals("method") && t != JsonToken.NULL) {
            e.methodOfWrongType = true;
            r.skipValue();
          } else {
            r.skipValue();
          }
        }
        r.endObject();
        e.object = true;
        e.json = r.peek() == JsonToken.END_DOCUMENT;
      } catch (IOException | RuntimeException notJson) {
        e.json = false;
      }
      return e;
    }
  }
}
