package dev.vcr.lsp.server;

import dev.vcr.kernel.scan.WorkspaceScanner;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches a workspace's folders with {@link WatchService} for clients that cannot watch files for the
 * server (no dynamic registration of {@code workspace/didChangeWatchedFiles}, e.g. Neovim on Linux).
 *
 * <p>Every directory below the roots is registered (the JDK watches one directory per key), except those
 * the scanner ignores ({@code .git}, ignore files) and the index directory; directories created later are
 * registered when their creation is seen. Any event that is not ignored calls {@code onChange} with the
 * files it names, or with null when it cannot tell which (an overflow, a directory); the call is expected to
 * be cheap and coalescing (a {@link ReindexScheduler} request).
 *
 * <p>One daemon thread per watcher. {@link #close()} stops it.
 */
final class FileWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FileWatcher.class.getName());

  private final List<Path> roots;
  private final WorkspaceScanner scanner;
  private final Path indexDir;
  private final java.util.function.Consumer<List<Path>> onChange;
  private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
  private WatchService service;
  private Thread thread;
  private volatile boolean closed;

  FileWatcher(List<Path> roots, WorkspaceScanner scanner, Path indexDir,
      java.util.function.Consumer<List<Path>> onChange) {
    this.roots = roots;
    this.scanner = scanner;
    this.indexDir = indexDir == null ? null : indexDir.toAbsolutePath().normalize();
    this.onChange = onChange;
  }

  synchronized void start() throws IOException {
    if (service != null) {
      return;
    }
    service = FileSystems.getDefault().newWatchService();
    for (Path root : roots) {
      registerTree(root, root);
    }
    thread = new Thread(this::loop, "vcr-watch-" + roots.get(0).getFileName());
    thread.setDaemon(true);
    thread.start();
    LOG.fine(() -> "watching " + keys.size() + " directories under " + roots);
  }

  int watchedDirectories() {
    return keys.size();
  }

  private void registerTree(Path root, Path start) {
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (closed) {
            return FileVisitResult.TERMINATE;
          }
          if (!dir.equals(root) && ignored(root, dir, true)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          try {
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(key, dir);
          } catch (IOException | ClosedWatchServiceException e) {
            LOG.fine(() -> "cannot watch " + dir + ": " + e.getMessage());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.fine(() -> "cannot walk " + start + ": " + e.getMessage());
    }
  }

  private boolean ignored(Path root, Path file, boolean directory) {
    Path abs = file.toAbsolutePath().normalize();
    if (indexDir != null && abs.startsWith(indexDir)) {
      return true;
    }
    if (!abs.startsWith(root)) {
      return true;
    }
    String rel = root.relativize(abs).toString().replace('\\', '/');
    return scanner.isIgnored(root, rel, directory);
  }

  private Path rootOf(Path dir) {
    for (Path r : roots) {
      if (dir.startsWith(r)) {
        return r;
      }
    }
    return null;
  }

  private void loop() {
    while (!closed) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir = keys.get(key);
      boolean relevant = false;
      List<Path> files = new java.util.ArrayList<>(); // null: which files changed is not known
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
          relevant = true;
          files = null;
          continue;
        }
        if (dir == null || !(event.context() instanceof Path name)) {
          continue;
        }
        Path child = dir.resolve(name);
        Path root = rootOf(dir);
        if (root == null) {
          continue;
        }
        boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
        if (ignored(root, child, isDir)) {
          continue;
        }
        if (isDir && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
          registerTree(root, child);
        }
        relevant = true;
        if (isDir) {
          files = null;
        } else if (files != null) {
          files.add(child);
        }
      }
      if (!key.reset()) {
        keys.remove(key);
      }
      if (relevant) {
        try {
          onChange.accept(files);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "file change handler failed", e);
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.fine(() -> "closing the watch service: " + e.getMessage());
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
