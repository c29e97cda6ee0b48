package io.kvroute.proxy.accesslog;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats and writes access log lines on a thread of its own, so that an I/O thread never formats a line or waits on
 * a disk or pipe: entries wait in a bounded queue, and one that finds it full is dropped and counted (Undertow's
 * {@code DefaultAccessLogReceiver} queues without bound and knows nothing of routers and services). The writer takes
 * whatever has queued up, writes it in one go and flushes when the queue is empty, so a line reaches the file within
 * moments of its request. A write error is logged once per streak and the lines are dropped, counted the same way.
 */
final class AccessLogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int BATCH = 256;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<AccessLogEntry> queue;
    private final AccessLogSettings settings;
    private final OutputStream out;
    private final boolean closeOut;
    private final Counter dropped;
    private final Clock clock;
    private final ZoneId zone = ZoneId.systemDefault();
    private final Thread thread;
    private volatile boolean closing;
    private boolean failing;

    /**
     * @param out      where lines go; closed with the writer when {@code closeOut} (a file, not standard output)
     * @param dropped  counts the lines dropped because the queue was full or the write failed
     */
    AccessLogWriter(AccessLogSettings settings, OutputStream out, boolean closeOut, Counter dropped, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.out = requireNonNull(out, "out");
        this.closeOut = closeOut;
        this.dropped = requireNonNull(dropped, "dropped");
        this.clock = requireNonNull(clock, "clock");
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.thread = new Thread(this::run, "kvroute-accesslog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code entry} without waiting; counts it as dropped when the queue is full. */
    void offer(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    private void run() {
        List<AccessLogEntry> batch = new ArrayList<>(BATCH);
        StringBuilder lines = new StringBuilder(BATCH * 256);
        while (!closing || !queue.isEmpty()) {
            try {
                AccessLogEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
            } catch (InterruptedException e) {
                return;
            }
            for (AccessLogEntry entry : batch) {
                Map<String, Object> data = LogData.of(entry, settings.fields(), zone);
                switch (settings.format()) {
                    case COMMON -> CommonLine.append(lines, data, false);
                    case GENERIC_CLF -> CommonLine.append(lines, data, true);
                    case JSON -> JsonLine.append(lines, data, clock.instant().atZone(zone));
                }
            }
            write(lines, batch.size(), queue.isEmpty());
            batch.clear();
            lines.setLength(0);
        }
    }

    private void write(StringBuilder lines, int count, boolean flush) {
        try {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            if (flush) {
                out.flush();
            }
            failing = false;
        } catch (IOException e) {
            dropped.increment(count);
            if (!failing) {
                LOG.warn("access log: cannot write {} ({}); dropping lines until a write succeeds",
                        settings.filePath().map(Object::toString).orElse("to standard output"), e.getMessage());
            }
            failing = true;
        }
    }

    /** Writes what is queued (waiting up to 5 s), then stops; closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("access log: lines still queued after {} s; stopping without them", CLOSE_WAIT.toSeconds());
            thread.interrupt();
        }
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("access log: closing {} failed: {}", settings.filePath().map(Object::toString).orElse("output"),
                    e.getMessage());
        }
    }
}
