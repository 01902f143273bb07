package dev.vcr.lsp.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.services.JsonDelegate;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * The JSON-RPC methods the session really implements, and an endpoint that answers every other request
 * with MethodNotFound.
 *
 * <p>LSP4J's service interfaces declare every standard method, most as default methods that throw
 * {@code UnsupportedOperationException}; LSP4J dispatches to them like to any other method and answers
 * "Internal error" with a stack trace (logged SEVERE). A method counts as implemented when the service
 * object's class provides it, i.e. the method LSP4J would call is not an interface's default. Requests to
 * anything else (standard methods Vcr does not serve, and unknown ones) get MethodNotFound, without data,
 * logged at FINE; notifications to them are dropped at FINE.
 */
final class ImplementedMethods {
  private static final Logger LOG = Logger.getLogger(ImplementedMethods.class.getName());

  private ImplementedMethods() {}

  /** The names of the JSON-RPC methods the services (and their delegates) implement. */
  static Set<String> of(Collection<Object> services) {
    Set<String> out = new TreeSet<>();
    Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Object service : services) {
      collect(service, out, seen);
    }
    return out;
  }

  private static void collect(Object service, Set<String> out, Set<Object> seen) {
    if (service == null || !seen.add(service)) {
      return;
    }
    Class<?> impl = service.getClass();
    for (Class<?> type : hierarchy(impl)) {
      String segment = segment(type);
      for (Method m : type.getDeclaredMethods()) {
        if (m.isSynthetic()) {
          continue;
        }
        JsonRequest request = m.getAnnotation(JsonRequest.class);
        JsonNotification notification = m.getAnnotation(JsonNotification.class);
        if (request != null || notification != null) {
          String value = request != null ? request.value() : notification.value();
          boolean useSegment = request != null ? request.useSegment() : notification.useSegment();
          String name = value.isEmpty() ? m.getName() : value;
          if (implemented(impl, m)) {
            out.add(useSegment ? segment + name : name);
          }
        } else if (m.getAnnotation(JsonDelegate.class) != null && m.getParameterCount() == 0) {
          collect(delegate(service, m), out, seen);
        }
      }
    }
  }

  /** Whether the method LSP4J would invoke on an instance of {@code impl} is the class's, not an interface default. */
  private static boolean implemented(Class<?> impl, Method declared) {
    if (!declared.getDeclaringClass().isInterface()) {
      return true;
    }
    try {
      Method target = impl.getMethod(declared.getName(), declared.getParameterTypes());
      return !target.isDefault();
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Object delegate(Object service, Method getter) {
    try {
      getter.setAccessible(true);
      return getter.invoke(service);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      LOG.fine(() -> "delegate " + getter + " not available: " + e);
      return null;
    }
  }

  private static Set<Class<?>> hierarchy(Class<?> c) {
    Set<Class<?>> out = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>();
    todo.add(c);
    while (!todo.isEmpty()) {
      Class<?> t = todo.poll();
      if (t == null || !out.add(t)) {
        continue;
      }
      if (t.getSuperclass() != null) {
        todo.add(t.getSuperclass());
      }
      todo.addAll(java.util.Arrays.asList(t.getInterfaces()));
    }
    return out;
  }

  private static String segment(Class<?> type) {
    JsonSegment s = type.getAnnotation(JsonSegment.class);
    return s == null ? "" : s.value() + "/";
  }

  /** Routes implemented methods to {@code local}; answers the rest with MethodNotFound. */
  static Endpoint guard(Endpoint local, Set<String> implemented) {
    return new Endpoint() {
      @Override
      public CompletableFuture<?> request(String method, Object parameter) {
        if (implemented.contains(method)) {
          return local.request(method, parameter);
        }
        LOG.fine(() -> "request " + method + ": not implemented (MethodNotFound)");
        return CompletableFuture.failedFuture(new ResponseErrorException(
            new ResponseError(ResponseErrorCode.MethodNotFound, "method not implemented by Vcr: " + method, null)));
      }

      @Override
      public void notify(String method, Object parameter) {
        if (implemented.contains(method)) {
          local.notify(method, parameter);
        } else {
          LOG.fine(() -> "notification " + method + ": not implemented; ignored");
        }
      }
    };
  }
}
