package io.kvroute.proxy.http;

import io.undertow.client.ClientStatistics;
import io.undertow.client.http2.Http2ClientConnection;

/**
 * Undertow's HTTP/2 client connection over a {@link GoAwayChannel}: a graceful GOAWAY from the server drains it rather
 * than fails its streams, and tells its pool so ({@link #whenGoneAway}). Used on the connection's I/O thread.
 */
final class DrainingHttp2Connection extends Http2ClientConnection {
    private final GoAwayChannel channel;

    /** {@code secure}: over TLS, so requests carry {@code :scheme https}. */
    DrainingHttp2Connection(GoAwayChannel channel, String defaultHost, ClientStatistics statistics, boolean secure) {
        super(channel, false, defaultHost, statistics, secure);
        this.channel = channel;
    }

    /** Runs {@code action} once the server has said it takes no new streams on this connection. */
    void whenGoneAway(Runnable action) {
        channel.whenGoneAway(action);
    }
}
