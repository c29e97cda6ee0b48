package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open watch streams of one store (a few at a time, one per stream {@link WatchMultiplexer} keeps, plus any
 * being closed while a reopen opens the next): each an HTTP/1.1 connection of its own (etcd's gateway takes one watch per request),
 * read line by line. Over plain HTTP one selector thread reads them; over TLS each stream has a thread of its own
 * reading a blocking socket. A stream
 * whose answer has not begun within its deadline fails with {@link SocketTimeoutException}; a refused connection with
 * {@link java.net.ConnectException}.
 */
final class WatchStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStreams.class);
    private static final long IDLE_SELECT_MILLIS = 1000;

    /** What a stream reports; called from the reading thread, at most one of {@link #failed} and {@link #ended}. */
    interface Listener {
        void line(String line);

        void failed(Exception failure);

        void ended();
    }

    /** An open stream; closing it stops the reading without a further call of its listener. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private final Optional<SSLSocketFactory> tls;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Object start = new Object();
    private Selector selector;
    private Thread thread;
    private volatile boolean closed;

    WatchStreams(Optional<SSLSocketFactory> tls) {
        this.tls = requireNonNull(tls, "tls");
    }

    /** Sends {@code request} (a whole HTTP request) to {@code endpoint} and reads its answer as lines. */
    Handle open(URI endpoint, byte[] request, Duration headerTimeout, Listener listener) {
        InetSocketAddress address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
        if (tls.isPresent()) {
            return blocking(address, request, headerTimeout, listener);
        }
        Stream stream = new Stream(address, ByteBuffer.wrap(request), System.nanoTime() + headerTimeout.toNanos(),
                listener);
        submit(stream::connect);
        return stream::cancel;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (start) {
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException e) {
                    LOG.debug("closing the watch selector", e);
                }
            }
        }
    }

    private void submit(Runnable task) {
        Selector running = running();
        tasks.add(task);
        running.wakeup();
    }

    private Selector running() {
        synchronized (start) {
            if (selector == null) {
                try {
                    selector = Selector.open();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot open a selector for etcd watches", e);
                }
                thread = new Thread(this::loop, "kvroute-etcd-watches");
                thread.setDaemon(true);
                thread.start();
            }
            return selector;
        }
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (!closed) {
                selector.select(IDLE_SELECT_MILLIS);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        ((Stream) key.attachment()).ready(key, buffer);
                    } catch (RuntimeException e) {
                        LOG.warn("an etcd watch failed handling what it read", e);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (SelectionKey key : selector.keys()) {
                    if (key.attachment() instanceof Stream stream) {
                        stream.checkDeadline(now);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.warn("etcd watch selector stopped", e);
            }
        }
    }

    /** One stream read by the selector thread. */
    private final class Stream implements ChunkedLines.Sink {
        private final InetSocketAddress address;
        private final ByteBuffer request;
        private final long headerDeadline;
        private final Listener listener;
        private final ChunkedLines answer = new ChunkedLines(this);
        private final AtomicBoolean done = new AtomicBoolean();
        private SocketChannel channel;

        Stream(InetSocketAddress address, ByteBuffer request, long headerDeadline, Listener listener) {
            this.address = address;
            this.request = request;
            this.headerDeadline = headerDeadline;
            this.listener = listener;
        }

        void connect() {
            if (done.get()) {
                return;
            }
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                boolean connected = channel.connect(address);
                channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
            } catch (IOException e) {
                fail(e);
            }
        }

        void ready(SelectionKey key, ByteBuffer buffer) {
            try {
                if (key.isValid() && key.isConnectable() && channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        answer.closed();
                        release();
                        return;
                    }
                    buffer.flip();
                    answer.feed(buffer);
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        void checkDeadline(long now) {
            if (!answer.hasHeaders() && now - headerDeadline > 0) {
                fail(new SocketTimeoutException("no answer from " + address + " in time"));
            }
        }

        void cancel() {
            if (done.compareAndSet(false, true)) {
                submit(this::release);
            }
        }

        @Override
        public void headers(int status) {
        }

        @Override
        public void line(String line) {
            if (!done.get()) {
                listener.line(line);
            }
        }

        @Override
        public void ended() {
            if (done.compareAndSet(false, true)) {
                release();
                listener.ended();
            }
        }

        private void fail(IOException failure) {
            if (done.compareAndSet(false, true)) {
                release();
                listener.failed(failure);
            }
        }

        private void release() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing an etcd watch connection", e);
                }
            }
        }
    }

    /** A stream over TLS: a thread of its own reading a blocking socket. */
    private Handle blocking(InetSocketAddress address, byte[] request, Duration headerTimeout, Listener listener) {
        AtomicBoolean done = new AtomicBoolean();
        Socket[] socket = new Socket[1];
        Object lock = new Object();
        Thread reader = new Thread(() -> {
            ChunkedLines answer = new ChunkedLines(new ChunkedLines.Sink() {
                @Override
                public void headers(int status) {
                }

                @Override
                public void line(String line) {
                    if (!done.get()) {
                        listener.line(line);
                    }
                }

                @Override
                public void ended() {
                    if (done.compareAndSet(false, true)) {
                        listener.ended();
                    }
                }
            });
            int timeout = (int) Math.max(1, headerTimeout.toMillis());
            try (Socket plain = new Socket()) {
                synchronized (lock) {
                    socket[0] = plain;
                    if (done.get()) {
                        return;
                    }
                }
                plain.connect(address, timeout);
                SSLSocket opened = (SSLSocket) tls.orElseThrow().createSocket(plain, address.getHostString(),
                        address.getPort(), true);
                // As HttpsURLConnection does for calls: the certificate must name the host or address dialled.
                SSLParameters parameters = opened.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                opened.setSSLParameters(parameters);
                opened.setSoTimeout(timeout);
                OutputStream out = opened.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = opened.getInputStream();
                byte[] bytes = new byte[8192];
                while (!done.get()) {
                    int read = in.read(bytes);
                    if (read < 0) {
                        answer.closed();
                        break;
                    }
                    answer.feed(ByteBuffer.wrap(bytes, 0, read));
                    if (answer.hasHeaders()) {
                        opened.setSoTimeout(0);
                    }
                }
            } catch (IOException e) {
                if (done.compareAndSet(false, true)) {
                    listener.failed(e);
                }
            }
        }, "kvroute-etcd-watch-tls");
        reader.setDaemon(true);
        reader.start();
        return () -> {
            if (done.compareAndSet(false, true)) {
                synchronized (lock) {
                    if (socket[0] != null) {
                        try {
                            socket[0].close();
                        } catch (IOException e) {
                            LOG.debug("closing an etcd watch connection", e);
                        }
                    }
                }
            }
        };
    }
}
