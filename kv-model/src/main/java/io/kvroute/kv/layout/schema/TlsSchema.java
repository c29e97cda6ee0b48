package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.struct;
import static io.kvroute.kv.layout.schema.Field.structList;
import static io.kvroute.kv.layout.schema.Field.structMap;

import io.kvroute.kv.model.EntityRef;

/**
 * Traefik v3.7's {@code dynamic.TLSConfiguration} ({@code <root>/tls/...}) as the KV provider reads it: its
 * {@code label:"-"} tags do not apply there (the KV decoder reads the {@code kv} tag), so certificates and options
 * are read like stores. Every certificate, set of options and store decodes on its own: a bad key drops only that
 * entry. {@code certFile}, {@code keyFile} and {@code caFiles} are {@code types.FileOrContent}: a file path or the
 * PEM text itself, strings here.
 */
public final class TlsSchema {
    /**
     * What {@code tls.Options.SetDefaults} puts in {@code cipherSuites}: the names of Go's {@code tls.CipherSuites()}
     * (Traefik's {@code DefaultTLSOptions}) in Go 1.22 and later (Traefik v3.7 builds with Go 1.26), in Go's order.
     */
    public static final String DEFAULT_CIPHER_SUITES = String.join(",",
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /** What {@code tls.Options.SetDefaults} puts in {@code alpnProtocols}: h2, HTTP/1.1 and ACME's TLS-ALPN-01. */
    public static final String DEFAULT_ALPN_PROTOCOLS = "h2,http/1.1,acme-tls/1";

    /** {@code tls.Certificate}: a store's {@code defaultCertificate}. */
    public static final StructSchema CERTIFICATE = StructSchema.of("Certificate",
            string("certFile"),
            string("keyFile"));

    /** {@code tls.CertAndStores}: the embedded {@code Certificate}'s fields are promoted, as paerser finds them. */
    public static final StructSchema CERT_AND_STORES = StructSchema.of("CertAndStores",
            string("certFile"),
            string("keyFile"),
            list("stores"));

    public static final StructSchema CLIENT_AUTH = StructSchema.of("ClientAuth",
            list("caFiles"),
            string("clientAuthType"));

    /**
     * {@code tls.Options}. {@code clientAuth} is a struct value, not a pointer: Go always allocates it and its JSON
     * always holds it, so it carries an (empty) default here.
     */
    public static final StructSchema OPTIONS = StructSchema.of("Options",
            string("minVersion"),
            string("maxVersion"),
            list("cipherSuites").defaultValue(DEFAULT_CIPHER_SUITES),
            list("curvePreferences").since(2, 1),
            struct("clientAuth", CLIENT_AUTH).defaultValue(""),
            bool("sniStrict"),
            list("alpnProtocols").defaultValue(DEFAULT_ALPN_PROTOCOLS).since(2, 6),
            bool("disableSessionTickets").since(3, 4),
            bool("preferServerCipherSuites").asPointer().since(2, 2));

    /** {@code tls.GeneratedCert}: the domain a certificate resolver issues a store's default certificate for. */
    public static final StructSchema GENERATED_CERT = StructSchema.of("GeneratedCert",
            string("resolver"),
            struct("domain", RouterSchema.DOMAIN));

    public static final StructSchema STORE = StructSchema.of("Store",
            struct("defaultCertificate", CERTIFICATE),
            struct("defaultGeneratedCert", GENERATED_CERT).since(2, 9));

    public static final StructSchema TLS = StructSchema.of("TLSConfiguration",
            structList("certificates", CERT_AND_STORES).entities(EntityRef.Kind.TLS_CERTIFICATE),
            structMap("options", OPTIONS).entities(EntityRef.Kind.TLS_OPTIONS),
            structMap("stores", STORE).entities(EntityRef.Kind.TLS_STORE));

    private TlsSchema() {
    }
}
