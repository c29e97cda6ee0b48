package io.kvroute.proxy.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.tls.ManagedCertificates;
import io.kvroute.proxy.tls.ServedCertificate;
import io.kvroute.proxy.tls.ServedTls;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * The TLS parts of the API: {@code /api/entrypoints} as Traefik shows entry points (name, address, and under
 * {@code http} their {@code tls} and {@code redirections}), and kvroute's {@code /api/tls/certificates}: every
 * certificate the TLS entry points can present, with its names, issuer, not-after, source ({@code store},
 * {@code default} for the default store's defaultCertificate, {@code acme}, {@code generated}) and whether it has
 * expired; an {@code acme} certificate also with its {@code renewal} state, {@code lastError} and {@code nextAttempt}
 * (RFC 3339 to the second, as Traefik writes times),
 * and a resolver's certificate not issued yet with only those and its domains.
 */
final class TlsApiJson {
    private TlsApiJson() {
    }

    static ArrayNode entryPoints(ProxySettings settings) {
        ArrayNode entryPoints = Responses.JSON.createArrayNode();
        settings.entryPoints().forEach((name, address) -> {
            ObjectNode entryPoint = entryPoints.addObject().put("name", name)
                    .put("address", address.getHostString() + ":" + address.getPort());
            EntryPointOptions options = settings.options(name);
            if (options.tls().isPresent() || options.redirect().isPresent()) {
                ObjectNode http = entryPoint.putObject("http");
                options.tls().ifPresent(tls -> {
                    ObjectNode node = http.putObject("tls");
                    if (!tls.options().isEmpty()) {
                        node.put("options", tls.options());
                    }
                    if (!tls.certResolver().isEmpty()) {
                        node.put("certResolver", tls.certResolver());
                    }
                });
                options.redirect().ifPresent(redirect -> http.putObject("redirections").putObject("entryPoint")
                        .put("to", redirect.to()).put("scheme", redirect.scheme())
                        .put("permanent", redirect.permanent()));
            }
        });
        return entryPoints;
    }

    static ArrayNode certificates(ServedTls tls, Instant now) {
        ArrayNode certificates = Responses.JSON.createArrayNode();
        for (ServedCertificate certificate : tls.served()) {
            ObjectNode node = certificates.addObject().put("id", certificate.id())
                    .put("source", certificate.source());
            ArrayNode domains = node.putArray("domains");
            certificate.names().forEach(domains::add);
            node.put("subject", certificate.leaf().getSubjectX500Principal().getName())
                    .put("issuer", certificate.issuer())
                    .put("notAfter", certificate.notAfter().toString())
                    .put("expired", !certificate.validAt(now));
            tls.managed().state(certificate.id()).filter(state -> certificate.source().equals(ServedCertificate.ACME))
                    .ifPresent(state -> renewal(node, state));
        }
        Set<String> served = new HashSet<>();
        tls.served().forEach(certificate -> served.add(certificate.id()));
        tls.managed().states().stream().filter(state -> !served.contains(state.id())).forEach(state -> {
            ObjectNode node = certificates.addObject().put("id", state.id()).put("source", ServedCertificate.ACME);
            state.domains().forEach(node.putArray("domains")::add);
            renewal(node, state);
        });
        return certificates;
    }

    private static void renewal(ObjectNode node, ManagedCertificates.State state) {
        node.put("renewal", state.renewal());
        state.lastError().ifPresent(error -> node.put("lastError", error));
        state.nextAttempt().ifPresent(next -> node.put("nextAttempt",
                next.truncatedTo(ChronoUnit.SECONDS).toString()));
    }
}
