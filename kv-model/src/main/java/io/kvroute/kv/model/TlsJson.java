package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.keys.DynamicKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes Traefik's {@code tls} JSON ({@code certificates}, {@code options}, {@code stores}) as
 * {@link TlsConfig}. Reading checks JSON types only (wrong types are error problems keyed
 * {@code tls/options/<o>/sniStrict}); names, files and certificates are checked by {@link TlsChecks}. Certificates
 * read here are named by their position in the list.
 */
final class TlsJson {
    private TlsJson() {
    }

    static TlsConfig read(ObjectNode json, List<Problem> problems) {
        FieldReader tls = FieldReader.of(json, DynamicKeys.TLS, null, problems);
        List<TlsCertificate> certificates = new ArrayList<>();
        tls.raw(DynamicKeys.CERTIFICATES).ifPresent(list -> readCertificates(list, problems, certificates));
        TreeMap<String, TlsOptions> options = new TreeMap<>();
        tls.object(DynamicKeys.OPTIONS).ifPresent(section -> section.forEachEntity(
                (name, node) -> options.put(name, readOptions(name, node, problems))));
        TreeMap<String, TlsStore> stores = new TreeMap<>();
        tls.object(DynamicKeys.STORES).ifPresent(section -> section.forEachEntity(
                (name, node) -> stores.put(name, readStore(name, node, problems))));
        tls.warnRest();
        return new TlsConfig(certificates, options, stores);
    }

    private static void readCertificates(JsonNode list, List<Problem> problems, List<TlsCertificate> into) {
        String key = DynamicKeys.RELATIVE.tlsCertificates();
        if (!list.isArray()) {
            problems.add(Problem.error(key, FieldReader.describe(list), "expected a list of certificates", null));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String id = Integer.toString(i);
            EntityRef entity = EntityRef.tlsCertificate(id);
            if (list.get(i) instanceof ObjectNode element) {
                FieldReader fields = FieldReader.of(element, DynamicKeys.RELATIVE.tlsCertificate(id), entity,
                        problems);
                into.add(new TlsCertificate(id, files(fields), fields.strings(DynamicKeys.STORES)));
                fields.warnRest();
            } else {
                problems.add(Problem.error(DynamicKeys.RELATIVE.tlsCertificate(id), FieldReader.describe(list.get(i)),
                        "expected a certificate object", entity));
            }
        }
    }

    private static CertificateFiles files(FieldReader fields) {
        return CertificateFiles.of(fields.text("certFile").orElse(""), fields.text("keyFile").orElse(""));
    }

    private static TlsOptions readOptions(String name, ObjectNode json, List<Problem> problems) {
        FieldReader fields = FieldReader.of(json, DynamicKeys.RELATIVE.tlsOptions(name), EntityRef.tlsOptions(name),
                problems);
        ClientAuth clientAuth = fields.object("clientAuth").map(auth -> {
            ClientAuth read = new ClientAuth(auth.strings("caFiles").stream().map(FileOrContent::new).toList(),
                    auth.text("clientAuthType").orElse(""), List.of());
            auth.warnRest();
            return read;
        }).orElse(ClientAuth.none());
        TlsOptions options = new TlsOptions(name,
                fields.text("minVersion").orElse(""),
                fields.text("maxVersion").orElse(""),
                fields.strings("cipherSuites"),
                fields.strings("curvePreferences"),
                clientAuth,
                fields.bool("sniStrict").orElse(false),
                fields.strings("alpnProtocols"),
                fields.bool("disableSessionTickets").orElse(false),
                fields.bool("preferServerCipherSuites"));
        fields.warnRest();
        return options;
    }

    private static TlsStore readStore(String name, ObjectNode json, List<Problem> problems) {
        FieldReader fields = FieldReader.of(json, DynamicKeys.RELATIVE.tlsStore(name), EntityRef.tlsStore(name),
                problems);
        Optional<CertificateFiles> defaultCertificate = fields.object("defaultCertificate").map(certificate -> {
            CertificateFiles files = files(certificate);
            certificate.warnRest();
            return files;
        });
        Optional<GeneratedCertificate> generated = fields.object("defaultGeneratedCert").map(generatedCert -> {
            Optional<TlsDomain> domain = generatedCert.object("domain").map(main -> {
                TlsDomain read = new TlsDomain(main.text("main").orElse(""), main.strings("sans"));
                main.warnRest();
                return read;
            });
            GeneratedCertificate read = new GeneratedCertificate(generatedCert.text("resolver").orElse(""), domain);
            generatedCert.warnRest();
            return read;
        });
        fields.warnRest();
        return new TlsStore(name, defaultCertificate, generated);
    }

    /** Traefik's JSON of {@code tls}: what {@code encoding/json} writes for {@code dynamic.TLSConfiguration}. */
    static ObjectNode write(TlsConfig tls) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!tls.certificates().isEmpty()) {
            ArrayNode certificates = json.putArray(DynamicKeys.CERTIFICATES);
            for (TlsCertificate certificate : tls.certificates()) {
                ObjectNode element = files(certificate.files());
                strings(element, DynamicKeys.STORES, certificate.stores());
                certificates.add(element);
            }
        }
        if (!tls.options().isEmpty()) {
            ObjectNode options = json.putObject(DynamicKeys.OPTIONS);
            tls.options().forEach((name, entry) -> options.set(name, options(entry)));
        }
        if (!tls.stores().isEmpty()) {
            ObjectNode stores = json.putObject(DynamicKeys.STORES);
            tls.stores().forEach((name, store) -> stores.set(name, store(store)));
        }
        return json;
    }

    private static ObjectNode files(CertificateFiles files) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        text(json, "certFile", files.certFile().text());
        text(json, "keyFile", files.keyFile().text());
        return json;
    }

    /** {@code clientAuth} is a struct value in Go: always written. */
    private static ObjectNode options(TlsOptions options) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        text(json, "minVersion", options.minVersion());
        text(json, "maxVersion", options.maxVersion());
        strings(json, "cipherSuites", options.cipherSuites());
        strings(json, "curvePreferences", options.curvePreferences());
        ObjectNode clientAuth = json.putObject("clientAuth");
        strings(clientAuth, "caFiles", options.clientAuth().caFiles().stream().map(FileOrContent::text).toList());
        text(clientAuth, "clientAuthType", options.clientAuth().clientAuthType());
        if (options.sniStrict()) {
            json.put("sniStrict", true);
        }
        strings(json, "alpnProtocols", options.alpnProtocols());
        if (options.disableSessionTickets()) {
            json.put("disableSessionTickets", true);
        }
        options.preferServerCipherSuites().ifPresent(prefer -> json.put("preferServerCipherSuites", prefer));
        return json;
    }

    private static ObjectNode store(TlsStore store) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        store.defaultCertificate().ifPresent(files -> json.set("defaultCertificate", files(files)));
        store.defaultGeneratedCert().ifPresent(generated -> {
            ObjectNode generatedJson = json.putObject("defaultGeneratedCert");
            text(generatedJson, "resolver", generated.resolver());
            generated.domain().ifPresent(domain -> {
                ObjectNode domainJson = generatedJson.putObject("domain");
                text(domainJson, "main", domain.main());
                strings(domainJson, "sans", domain.sans());
            });
        });
        return json;
    }

    private static void text(ObjectNode json, String field, String value) {
        if (!value.isEmpty()) {
            json.put(field, value);
        }
    }

    private static void strings(ObjectNode json, String field, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(json.putArray(field)::add);
        }
    }
}
