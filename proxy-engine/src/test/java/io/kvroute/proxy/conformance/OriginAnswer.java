package io.kvroute.proxy.conformance;

import java.nio.charset.StandardCharsets;

/**
 * What the recording origin answers to a complete request. Every answer says {@code Connection: close}, so each
 * origin connection carries one exchange and its bytes belong to one case.
 */
enum OriginAnswer {
    /** {@code 200} with the body {@code origin saw <request-target>}. */
    OK,
    /** {@code 101} switching to {@code websocket}, as a WebSocket server accepts an upgrade, then tunnel bytes. */
    SWITCH_TO_WEBSOCKET,
    /** {@code 101} without any {@code Upgrade} header, then tunnel bytes. */
    SWITCH_WITHOUT_UPGRADE_HEADER,
    /** {@code 101} switching to {@code h2c}, whatever the client asked for, then tunnel bytes. */
    SWITCH_TO_H2C;

    /** What the origin writes after a 101; a client that reads it was tunnelled to the origin. */
    static final String TUNNEL_MARKER = "tunnelled-from-origin";

    byte[] bytes(ReceivedRequest request) {
        String head = switch (this) {
            case OK -> {
                String body = "origin saw " + request.target();
                yield "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body;
            }
            case SWITCH_TO_WEBSOCKET -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n" + TUNNEL_MARKER;
            case SWITCH_WITHOUT_UPGRADE_HEADER -> "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n"
                    + TUNNEL_MARKER;
            case SWITCH_TO_H2C -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
                    + TUNNEL_MARKER;
        };
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    boolean switchesProtocols() {
        return this != OK;
    }
}
