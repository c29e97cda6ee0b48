package io.kvroute.proxy.udp;

import static java.util.Objects.requireNonNull;

/** The UDP router an entry point serves and the service its new sessions pick a server from. */
record UdpRoute(String router, UdpServicePicker service) {
    UdpRoute {
        requireNonNull(router, "router");
        requireNonNull(service, "service");
    }
}
