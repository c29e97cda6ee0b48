package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Traefik's TLS to servers ({@code TLSClientConfig} and the HTTP servers transport's TLS fields), read from fields kept
 * verbatim: an HTTP servers transport's untyped fields, a TCP servers transport's {@code tls} section. The accessors
 * give Go's zero values where a field is absent.
 */
public record ServerTlsFields(RawSettings fields) {
    /**
     * The fields read here: {@code serverName}, {@code insecureSkipVerify}, {@code rootCAs}, {@code certificates},
     * {@code peerCertURI}.
     */
    public static final Set<String> NAMES = Set.of("serverName", "insecureSkipVerify", "rootCAs", "certificates",
            "peerCertURI");

    public ServerTlsFields {
        requireNonNull(fields, "fields");
    }

    /** {@code serverName}: the TLS server name (SNI and the name the certificate must carry); empty: not set. */
    public String serverName() {
        return text("serverName");
    }

    /** {@code insecureSkipVerify}: any server certificate for any name. */
    public boolean insecureSkipVerify() {
        return fields.get("insecureSkipVerify").map(value -> value.text().equals("true")).orElse(false);
    }

    /** {@code rootCAs}: the CA certificates that replace the system's, each a file path or PEM content. */
    public List<FileOrContent> rootCAs() {
        List<FileOrContent> roots = new ArrayList<>();
        for (int i = 0; fields.get("rootCAs/" + i).isPresent(); i++) {
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
     * The fields set here that are not among {@code applied}, as key paths ({@code spiffe/trustDomain}): those with
     * a value other than Go's zero ({@code false}, {@code 0}, {@code ""}, {@code []}; an empty object enables what it
     * names).
     */
    public List<String> fieldsBeyond(Set<String> applied) {
        List<String> beyond = new ArrayList<>();
        for (Map.Entry<String, RawValue> field : fields.values().entrySet()) {
            if (!applied.contains(field.getKey().split("/", 2)[0]) && !isGoZero(field.getValue())) {
                beyond.add(field.getKey());
            }
        }
        return beyond;
    }

    private String text(String path) {
        return fields.get(path).filter(value -> value.kind() == RawValue.Kind.STRING).map(RawValue::text).orElse("");
    }

    private boolean hasCertificate(int index) {
        String prefix = "certificates/" + index + "/";
        return fields.values().keySet().stream().anyMatch(path -> path.startsWith(prefix));
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
