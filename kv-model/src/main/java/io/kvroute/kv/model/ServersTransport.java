package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the proxy talks to the servers of the services that name it ({@code http/serversTransports/<name>}):
 * {@code forwardingTimeouts} typed (absent: Traefik's {@link ForwardingTimeouts#TRAEFIK_DEFAULTS}), every other
 * field (TLS to servers, {@code maxIdleConnsPerHost}, {@code disableHTTP2}, ...) kept verbatim in {@code untyped}
 * as Traefik's decoder typed it, {@code forwardingTimeouts} fields the model does not know under
 * {@code forwardingTimeouts/<field>}. The accessors read the untyped fields kvroute applies, with Go's zero values
 * where they are absent.
 */
public record ServersTransport(String name, Optional<ForwardingTimeouts> forwardingTimeouts, RawSettings untyped) {
    /** How a service names the static default transport (Traefik's {@code --serversTransport.*} flags). */
    public static final String DEFAULT_REFERENCE = "default@internal";

    /**
     * The untyped fields kvroute applies: TLS to {@code https} servers ({@code serverName}, {@code insecureSkipVerify},
     * {@code rootCAs}, {@code certificates}, {@code peerCertURI}), the idle pool size, and {@code disableHTTP2}
     * (HTTP/1.1 only to {@code https} servers, no h2 offered by ALPN).
     */
    public static final Set<String> APPLIED_FIELDS = Stream.concat(ServerTlsFields.NAMES.stream(),
            Stream.of("maxIdleConnsPerHost", "disableHTTP2")).collect(Collectors.toUnmodifiableSet());

    public ServersTransport {
        Names.check("name", name);
        requireNonNull(forwardingTimeouts, "forwardingTimeouts");
        requireNonNull(untyped, "untyped");
    }

    /** The timeouts requests through this transport get: its own, or Traefik's defaults when it sets none. */
    public ForwardingTimeouts timeouts() {
        return forwardingTimeouts.orElse(ForwardingTimeouts.TRAEFIK_DEFAULTS);
    }

    /**
     * The fields set here that kvroute does not apply, as key paths inside the transport ({@code spiffe/trustDomain},
     * {@code minVersion}): every untyped field but those kvroute applies ({@link #APPLIED_FIELDS}) with a value other
     * than Go's zero ({@code false}, {@code 0}, {@code ""}, {@code []}; an empty object enables what it names). Every
     * typed {@code forwardingTimeouts} field is applied, the HTTP/2 pings ({@code readIdleTimeout},
     * {@code pingTimeout}) included. Empty when kvroute applies the transport as configured.
     */
    public List<String> unappliedFields() {
        return tls().fieldsBeyond(APPLIED_FIELDS);
    }

    /**
     * TLS to {@code https} servers: {@code serverName} (empty: the URL's host), {@code insecureSkipVerify},
     * {@code rootCAs}, {@code certificates}, {@code peerCertURI}.
     */
    public ServerTlsFields tls() {
        return new ServerTlsFields(untyped);
    }

    /**
     * {@code maxIdleConnsPerHost}: idle connections kept per server; 0 (absent) means Go's default of 2, a negative
     * value no reuse.
     */
    public int maxIdleConnsPerHost() {
        return untyped.get("maxIdleConnsPerHost").map(value -> new BigDecimal(value.text())
                .max(BigDecimal.valueOf(Integer.MIN_VALUE)).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue())
                .orElse(0);
    }

    /** {@code disableHTTP2}: HTTP/1.1 only to the servers. */
    public boolean disableHttp2() {
        return untyped.get("disableHTTP2").map(value -> value.text().equals("true")).orElse(false);
    }
}
