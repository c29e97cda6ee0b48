package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/**
 * Names one entity of a configuration: a router, service or middleware (v1: frontend or backend), or one entry of
 * the {@code tls} section (a certificate, named by its key segment, a set of TLS options or a certificate store), or
 * a TCP router, service or middleware, or a UDP router or service.
 */
public record EntityRef(Kind kind, String name) {
    public enum Kind {
        ROUTER("router"),
        SERVICE("service"),
        MIDDLEWARE("middleware"),
        /** {@code tls/certificates/<segment>}: one certificate and key. */
        TLS_CERTIFICATE("tls certificate"),
        /** {@code tls/options/<name>}: one named set of TLS options. */
        TLS_OPTIONS("tls options"),
        /** {@code tls/stores/<name>}: one certificate store (its default certificate). */
        TLS_STORE("tls store"),
        /** {@code tcp/routers/<name>}. */
        TCP_ROUTER("tcp router"),
        /** {@code tcp/services/<name>}. */
        TCP_SERVICE("tcp service"),
        /** {@code tcp/middlewares/<name>}. */
        TCP_MIDDLEWARE("tcp middleware"),
        /** {@code udp/routers/<name>}. */
        UDP_ROUTER("udp router"),
        /** {@code udp/services/<name>}. */
        UDP_SERVICE("udp service");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How messages name the kind: {@code router}, {@code tls certificate}. */
        public String label() {
            return label;
        }
    }

    public EntityRef {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
    }

    public static EntityRef router(String name) {
        return new EntityRef(Kind.ROUTER, name);
    }

    public static EntityRef service(String name) {
        return new EntityRef(Kind.SERVICE, name);
    }

    public static EntityRef middleware(String name) {
        return new EntityRef(Kind.MIDDLEWARE, name);
    }

    public static EntityRef tlsCertificate(String segment) {
        return new EntityRef(Kind.TLS_CERTIFICATE, segment);
    }

    public static EntityRef tlsOptions(String name) {
        return new EntityRef(Kind.TLS_OPTIONS, name);
    }

    public static EntityRef tlsStore(String name) {
        return new EntityRef(Kind.TLS_STORE, name);
    }

    public static EntityRef tcpRouter(String name) {
        return new EntityRef(Kind.TCP_ROUTER, name);
    }

    public static EntityRef tcpService(String name) {
        return new EntityRef(Kind.TCP_SERVICE, name);
    }

    public static EntityRef tcpMiddleware(String name) {
        return new EntityRef(Kind.TCP_MIDDLEWARE, name);
    }

    public static EntityRef udpRouter(String name) {
        return new EntityRef(Kind.UDP_ROUTER, name);
    }

    public static EntityRef udpService(String name) {
        return new EntityRef(Kind.UDP_SERVICE, name);
    }

    @Override
    public String toString() {
        return kind.label() + " " + name;
    }
}
