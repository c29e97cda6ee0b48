package io.kvroute.proxy.tcp;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.proxy.balancer.ServerKey;

/**
 * How the servers of TCP services are named to the health checker, apart from HTTP services of the same name: the
 * service {@code tcp/<name>} (a name cannot hold a {@code /}, so no HTTP service has it) and the server's address, as
 * Traefik keys a TCP service's {@code serverStatus} by address.
 */
public final class TcpServerKeys {
    private static final String PREFIX = DynamicKeys.TCP + "/";

    private TcpServerKeys() {
    }

    /** The health checker's name of server {@code address} of TCP service {@code service}. */
    public static ServerKey of(String service, String address) {
        return new ServerKey(checkedService(service), address);
    }

    /** The health checker's name of TCP service {@code service}. */
    static String checkedService(String service) {
        return PREFIX + service;
    }
}
