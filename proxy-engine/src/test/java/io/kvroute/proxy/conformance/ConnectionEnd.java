package io.kvroute.proxy.conformance;

/** How the client's connection stood when the raw client stopped reading. */
enum ConnectionEnd {
    /** The server closed it (EOF). */
    CLOSED,
    /** The server reset it. */
    RESET,
    /** Still open when the read timeout ran out, while a response or the close was awaited. */
    STILL_OPEN,
    /** The client had what it waited for and did not wait for a close. */
    NOT_AWAITED,
    /** The client closed it right after writing, as the case asks; nothing could be read. */
    CLIENT_CLOSED;

    String shown() {
        return switch (this) {
            case CLOSED -> "closed";
            case RESET -> "reset";
            case STILL_OPEN -> "open";
            case NOT_AWAITED -> "";
            case CLIENT_CLOSED -> "client closed";
        };
    }
}
