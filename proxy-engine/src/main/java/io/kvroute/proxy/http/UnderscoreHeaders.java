package io.kvroute.proxy.http;

/**
 * What an entry point does with request headers whose names contain {@code _} (Traefik's
 * {@code http.underscoreHeadersStrategy}). CGI, WSGI, PHP and nginx origins read {@code X_Real_IP} as
 * {@code X-Real-IP}, so a client could slip a spoofed copy of a header the proxy manages past it.
 */
public enum UnderscoreHeaders {
    /** Forward them as they are (Traefik's default; unsafe in front of such origins). */
    KEEP,
    /** Remove them before routing (kvroute's default, like nginx's {@code underscores_in_headers off}). */
    DELETE,
    /** Answer 400. */
    REJECT
}
