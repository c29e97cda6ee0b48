package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    public static final Set<String> APPLIED_FIELDS = Set.of("serverName", "insecureSkipVerify", "rootCAs",
            "certificates", "peerCertURI", "maxIdleConnsPerHost", "disableHTTP2");

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
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, RawValue> field : untyped.values().entrySet()) {
            if (!APPLIED_FIELDS.contains(field.getKey().split("/", 2)[0]) && !isGoZero(field.getValue())) {
                fields.add(field.getKey());
            }
        }
        return fields;
    }

    /** {@code serverName}: the TLS server name (SNI and the name the certificate must carry); empty: the URL's host. */
    public String serverName() {
        return text("serverName");
    }

    /** {@code insecureSkipVerify}: any server certificate for any name. */
    public boolean insecureSkipVerify() {
        return untyped.get("insecureSkipVerify").map(value -> value.text().equals("true")).orElse(false);
    }

    /** {@code rootCAs}: the CA certificates that replace the system's, each a file path or PEM content. */
    public List<FileOrContent> rootCAs() {
        List<FileOrContent> roots = new ArrayList<>();
        for (int i = 0; untyped.get("rootCAs/" + i).isPresent(); i++) {
            roots.add(new FileOrContent(text("rootCAs/" + i)));
        }
        return roots;
    }

    /** {@code certificates}: the client certificates offered to servers that ask for one (not loaded yet). */
    public List<CertificateFiles> certificates() {
        List<CertificateFiles> certificates = new ArrayList<>();
        for (int i = 0; hasCertificate(i); i++) {
            certificates.add(CertificateFiles.of(text("certificates/" + i + "/certFile"),
                    text("certificates/" + i + "/keyFile")));
        }
        return certificates;
    }

    /** {@code peerCertURI}: a URI the server certificate must carry as a subject alternative name; empty: none. */
    public String peerCertUri() {
        return text("peerCertURI");
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

    private String text(String path) {
        return untyped.get(path).filter(value -> value.kind() == RawValue.Kind.STRING).map(RawValue::text)
                .orElse("");
    }

    private boolean hasCertificate(int index) {
        String prefix = "certificates/" + index + "/";
        return untyped.values().keySet().stream().anyMatch(path -> path.startsWith(prefix));
    }

    private static boolean isGoZero(RawValue value) {
        return switch (value.kind()) {
            case BOOLEAN -> value.text().equals("false");
            case NUMBER -> new BigDecimal(value.text()).signum() == 0;
            case STRING -> value.text().isEmpty();
            case NULL, EMPTY_ARRAY -> true;
            case EMPTY_OBJECT -> false;
        };
    }
}
