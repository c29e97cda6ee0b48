package io.kvroute.proxy.tcp;

import java.net.InetAddress;

/**
 * A TCP middleware: lets a connection of {@code client} in or not before anything is dialled, and hears when a
 * connection it let in closes.
 */
interface TcpGate {
    /** Whether the connection may go on; when true, {@link #leave} is called once when it closes. */
    boolean enter(InetAddress client);

    void leave(InetAddress client);

    /** What the log says of a refused connection. */
    String refusal();
}
