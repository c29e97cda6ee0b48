package io.kvroute.proxy.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * A request that must reach its server without {@code X-Forwarded-For}, not even the client address the proxy adds
 * to it: Traefik's {@code customRequestHeaders} {@code X-Forwarded-For: ""} (its Go proxy then leaves the header
 * out). A middleware marks the exchange; each request sent upstream for it drops the header.
 */
public final class ForwardedForOmission {
    private static final AttachmentKey<Boolean> OMITTED = AttachmentKey.create(Boolean.class);

    private ForwardedForOmission() {
    }

    /** Sends {@code exchange} upstream without {@code X-Forwarded-For}. */
    public static void omit(HttpServerExchange exchange) {
        exchange.putAttachment(OMITTED, Boolean.TRUE);
    }

    /** Sends {@code exchange} upstream with {@code X-Forwarded-For} again (a later middleware set it). */
    public static void keep(HttpServerExchange exchange) {
        exchange.removeAttachment(OMITTED);
    }

    static boolean isOmitted(HttpServerExchange exchange) {
        return exchange.getAttachment(OMITTED) != null;
    }
}
