package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.MirrorCopy;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The copies of one client request that mirrors get once its response has ended ({@link MirrorCalls} sends them):
 * the mirrors its first pick named, its body as read before it was forwarded ({@link MirrorBody}), and its head as it
 * was sent to the main service's server (method, path and query below that server's URL path, headers with the
 * proxy's forwarding headers). Lives as an exchange attachment; used on the exchange's I/O thread.
 */
final class MirroredRequest {
    private static final AttachmentKey<MirroredRequest> KEY = AttachmentKey.create(MirroredRequest.class);

    /** The request as the main service's server got it. */
    record Head(String method, String pathAndQuery, HeaderMap headers, String clientHost) {
        Head {
            requireNonNull(method, "method");
            requireNonNull(pathAndQuery, "pathAndQuery");
            requireNonNull(headers, "headers");
            requireNonNull(clientHost, "clientHost");
        }
    }

    private final List<MirrorCopy> copies;
    private final String clientHost;
    private final Optional<InetAddress> clientAddress;
    private Optional<byte[]> body = Optional.empty();
    private boolean bodyRead;
    private Head head;

    private MirroredRequest(List<MirrorCopy> copies, String clientHost, Optional<InetAddress> clientAddress) {
        this.copies = List.copyOf(copies);
        this.clientHost = clientHost;
        this.clientAddress = clientAddress;
    }

    /**
     * Attaches the copies of {@code exchange}'s first pick, with the Host the client sent (before a service that
     * does not pass it replaces it).
     */
    static MirroredRequest attach(HttpServerExchange exchange, List<MirrorCopy> copies, String clientHost,
            Optional<InetAddress> clientAddress) {
        MirroredRequest mirrored = new MirroredRequest(copies, clientHost, clientAddress);
        exchange.putAttachment(KEY, mirrored);
        return mirrored;
    }

    /** The mirrored request of an exchange, or null when none is mirrored. */
    static MirroredRequest of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    List<MirrorCopy> copies() {
        return copies;
    }

    Optional<InetAddress> clientAddress() {
        return clientAddress;
    }

    /** Whether some copy carries the body, so it must be read before the request is forwarded. */
    boolean wantsBody() {
        return copies.stream().anyMatch(MirrorCopy::withBody);
    }

    /** The largest body the copies take: the largest {@code maxBodySize}, or {@code budget} when one takes any. */
    long bodyLimit(long budget) {
        long limit = 0;
        for (MirrorCopy copy : copies) {
            if (copy.withBody()) {
                limit = Math.max(limit, copy.maxBodySize() < 0 ? budget : Math.min(copy.maxBodySize(), budget));
            }
        }
        return limit;
    }

    /** Notes the body as read whole; empty when it was larger than {@link #bodyLimit} or could not be read. */
    void bodyRead(Optional<byte[]> read) {
        body = requireNonNull(read, "read");
        bodyRead = true;
    }

    /** The body read before forwarding (empty array for none), or empty when it is not available to mirror. */
    Optional<byte[]> body() {
        return bodyRead ? body : Optional.of(new byte[0]);
    }

    boolean bodyWasRead() {
        return bodyRead;
    }

    /** Notes the head of the first request sent to a server of the main service. */
    void sent(String method, String pathAndQuery, HeaderMap headers) {
        if (head == null) {
            head = new Head(method, pathAndQuery, headers, clientHost);
        }
    }

    /** The head as sent, or empty when the request never reached a server. */
    Optional<Head> head() {
        return Optional.ofNullable(head);
    }
}
