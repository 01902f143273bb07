package dev.vcr.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this process while it records: their pauses land on whatever requests are
 * in flight, so a latency tail is read beside them. (With the server in a daemon of its own these are
 * the client's collections only.)
 */
final class GcPauses implements AutoCloseable {
  private final List<Long> young = new ArrayList<>();
  private final List<Long> full = new ArrayList<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;

  GcPauses() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  private synchronized void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long ms = info.getGcInfo().getDuration();
    if (info.getGcAction().contains("minor")) {
      young.add(ms);
    } else {
      full.add(ms);
    }
  }

  /** One line: how many young and full collections, their total and longest pauses. */
  synchronized String summary() {
    List<Long> sorted = new ArrayList<>(young);
    sorted.sort(null);
    long total = sorted.stream().mapToLong(Long::longValue).sum();
    long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    long p50 = sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    long fullTotal = full.stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "%d young collections (pause p50 %d ms, max %d ms, total %d ms), %d full (%d ms)",
        young.size(), p50, max, total, full.size(), fullTotal);
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // not registered: nothing to remove
      }
    }
  }
}
