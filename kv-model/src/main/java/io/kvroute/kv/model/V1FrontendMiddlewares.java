package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.gotext.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * The middlewares a Traefik 1.7 frontend's features become, with Traefik v3 settings so that the proxy applies them
 * through its own middlewares, in the order Traefik 1.7 applies them ({@code server/server_middlewares.go}, then the
 * rate limit in front of the load balancer, {@code server_loadbalancer.go}): error pages, IP white list, redirect,
 * headers (custom, then security), passTLSCert's TLS to servers, the TLS client certificate headers, authentication,
 * rate limits. Each is named
 * {@code <frontend>-<kind>} ({@code <frontend>-errors-<page>} and {@code <frontend>-ratelimit-<rate set>} where a
 * frontend has several). A feature that cannot be mapped is an error on its key: the frontend is left out.
 */
final class V1FrontendMiddlewares {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The security fields of a Traefik 1.7 {@code headers} section that keep their name in Traefik v3. */
    private static final List<String> SECURITY_STRINGS = List.of("customFrameOptionsValue", "customBrowserXSSValue",
            "contentSecurityPolicy", "publicKey", "referrerPolicy");
    private static final List<String> SECURITY_BOOLEANS = List.of("stsIncludeSubdomains", "stsPreload",
            "forceSTSHeader", "frameDeny", "contentTypeNosniff", "browserXssFilter", "isDevelopment");
    private static final List<String> SECURITY_LISTS = List.of("allowedHosts", "hostsProxyHeaders");
    private static final List<String> CERTIFICATE_NAME_FIELDS = List.of("commonName", "country", "domainComponent",
            "locality", "organization", "province", "serialNumber");
    private static final String REQUEST_HEADER_EXTRACTOR = "request.header.";

    private final String frontendName;
    private final FieldReader frontend;
    private final String backend;
    private final List<Middleware> middlewares = new ArrayList<>();

    private V1FrontendMiddlewares(String frontendName, FieldReader frontend, String backend) {
        this.frontendName = frontendName;
        this.frontend = frontend;
        this.backend = backend;
    }

    /**
     * The derived middlewares of {@code frontend} (its backend is {@code backend}), in Traefik 1.7's order; reads
     * every feature field, reporting the ones it cannot map as errors and the unknown ones within a feature as
     * errors too (fail closed).
     */
    static List<Middleware> read(String frontendName, FieldReader frontend, String backend) {
        V1FrontendMiddlewares reader = new V1FrontendMiddlewares(frontendName, frontend, backend);
        frontend.object("errors").ifPresent(reader::errorPages);
        reader.whiteList();
        frontend.object("redirect").ifPresent(reader::redirect);
        frontend.object("headers").ifPresent(reader::headers);
        reader.passTlsCert();
        frontend.object("passTLSClientCert").ifPresent(reader::passTlsClientCert);
        reader.auth();
        frontend.object("ratelimit").ifPresent(reader::rateLimits);
        return ImmutableList.copyOf(reader.middlewares);
    }

    private void errorPages(FieldReader errors) {
        for (String page : errors.unread().stream().sorted().toList()) {
            JsonNode node = errors.raw(page).orElseThrow();
            if (!(node instanceof ObjectNode object)) {
                errors.error(page, FieldReader.describe(node), "expected an error page object");
                continue;
            }
            FieldReader fields = errors.child(object, page);
            List<String> status = fields.strings("status");
            String service = fields.text("backend").orElse("");
            Optional<String> query = fields.text("query").filter(q -> !q.isEmpty());
            refuseRest(fields);
            if (service.isEmpty()) {
                errors.warning(page, FieldReader.describe(node), "error page without backend: Traefik 1.7 skips it");
            } else if (service.equals(backend)) {
                errors.warning(page, service, "error page on the frontend's own backend (a loop): Traefik 1.7 "
                        + "skips it");
            } else if (status.isEmpty()) {
                errors.warning(page, FieldReader.describe(node), "error page without status: never applies");
            } else {
                ObjectNode settings = JSON.objectNode();
                status.forEach(settings.putArray("status")::add);
                settings.put("service", service);
                query.ifPresent(q -> settings.put("query", q));
                add(errors, page, "errors-" + page, "errors", settings);
            }
        }
    }

    /** {@code whiteList} (its source range wins) or the deprecated {@code whitelistSourceRange} list. */
    private void whiteList() {
        List<String> legacy = frontend.strings("whitelistSourceRange");
        Optional<FieldReader> whiteList = frontend.object("whiteList");
        List<String> ranges = whiteList.map(fields -> fields.strings("sourceRange")).orElse(List.of());
        boolean useXForwardedFor = whiteList.flatMap(fields -> fields.bool("useXForwardedFor")).orElse(false);
        whiteList.ifPresent(this::refuseRest);
        ObjectNode settings = JSON.objectNode();
        if (!ranges.isEmpty()) {
            ranges.forEach(settings.putArray("sourceRange")::add);
            if (useXForwardedFor) {
                settings.putObject("ipStrategy").put("depth", 1);
                whiteList.orElseThrow().warning("useXForwardedFor", "true", "the client address is the last one "
                        + "X-Forwarded-For names (Traefik v3 ipStrategy depth 1); Traefik 1.7 accepted any "
                        + "X-Forwarded-For address or the peer address");
            }
            add(frontend, "whiteList", "ipallowlist", "ipAllowList", settings);
        } else if (!legacy.isEmpty()) {
            legacy.forEach(settings.putArray("sourceRange")::add);
            add(frontend, "whitelistSourceRange", "ipallowlist", "ipAllowList", settings);
        }
    }

    /**
     * A redirect to regex + replacement becomes {@code redirectRegex}; a redirect to an entry point becomes kvroute's
     * {@link MiddlewareTypes#V1_REDIRECT_ENTRY_POINT}, which the proxy builds from that entry point's port and TLS.
     */
    private void redirect(FieldReader redirect) {
        Optional<String> entryPoint = redirect.text("entryPoint").filter(e -> !e.isEmpty());
        Optional<String> regex = redirect.text("regex").filter(r -> !r.isEmpty());
        Optional<String> replacement = redirect.text("replacement").filter(r -> !r.isEmpty());
        boolean permanent = redirect.bool("permanent").orElse(false);
        refuseRest(redirect);
        if (entryPoint.isPresent()) {
            ObjectNode settings = JSON.objectNode();
            settings.put("entryPoint", entryPoint.get());
            if (permanent) {
                settings.put("permanent", true);
            }
            settings.put("key", redirect.key("entryPoint"));
            add(frontend, "redirect", "redirectentrypoint", MiddlewareTypes.V1_REDIRECT_ENTRY_POINT, settings);
        } else if (regex.isPresent() && replacement.isPresent()) {
            if (replacement.get().contains("{{")) {
                redirect.error("replacement", replacement.get(), "a Go template, which Traefik 1.7 expanded and "
                        + "Traefik v3's redirectRegex does not; " + V1Reader.LEFT_OUT);
                return;
            }
            ObjectNode settings = JSON.objectNode();
            settings.put("regex", regex.get());
            settings.put("replacement", replacement.get());
            if (permanent) {
                settings.put("permanent", true);
            }
            add(frontend, "redirect", "redirectregex", "redirectRegex", settings);
        } else if (regex.isPresent() || replacement.isPresent()) {
            frontend.warning("redirect", "", "ignored, as by Traefik 1.7: a redirect needs entryPoint, or regex and "
                    + "replacement");
        }
    }

    /**
     * Custom and security headers become one {@code headers} middleware (Traefik v3 applies the custom headers, then
     * the security ones, as 1.7 did). What unrolled/secure 1.0.5 does beyond Traefik v3's headers becomes kvroute's
     * {@link MiddlewareTypes#V1_SSL_REDIRECT} in front of it, so that its redirects carry none of the headers:
     * {@code sslRedirect} (unless {@code isDevelopment}), to {@code sslHost} when set; {@code sslForceHost} with
     * {@code sslHost} (development or not); and with {@code sslHost} the rewrite of the backend's
     * {@code http://<sslHost>/} Location to https. Custom request headers that would change what its redirects read
     * (Host, the {@code sslProxyHeaders} and {@code hostsProxyHeaders}) leave the frontend out, as does a custom
     * {@code Location} response header that 1.7 would set after the rewrite and kvroute before it.
     */
    private void headers(FieldReader headers) {
        SortedMap<String, String> request = headers.stringMap("customRequestHeaders");
        SortedMap<String, String> response = headers.stringMap("customResponseHeaders");
        ObjectNode security = JSON.objectNode();
        for (String name : SECURITY_STRINGS) {
            headers.text(name).filter(value -> !value.isEmpty()).ifPresent(value -> security.put(name, value));
        }
        for (String name : SECURITY_BOOLEANS) {
            headers.bool(name).filter(Boolean::booleanValue).ifPresent(value -> security.put(name, true));
        }
        for (String name : SECURITY_LISTS) {
            List<String> values = headers.strings(name);
            if (!values.isEmpty()) {
                values.forEach(security.putArray(name)::add);
            }
        }
        OptionalInt stsSeconds = headers.integer("stsSeconds");
        if (stsSeconds.isPresent() && stsSeconds.getAsInt() != 0) {
            security.put("stsSeconds", stsSeconds.getAsInt());
        }
        SortedMap<String, String> sslProxyHeaders = headers.stringMap("sslProxyHeaders");
        if (!sslProxyHeaders.isEmpty()) {
            ObjectNode map = security.putObject("sslProxyHeaders");
            sslProxyHeaders.forEach(map::put);
        }
        boolean development = security.path("isDevelopment").asBoolean(false);
        boolean sslRedirect = headers.bool("sslRedirect").orElse(false) && !development;
        boolean temporary = headers.bool("sslTemporaryRedirect").orElse(false);
        Optional<String> sslHost = headers.text("sslHost").filter(host -> !host.isEmpty());
        boolean sslForceHost = headers.bool("sslForceHost").orElse(false) && sslHost.isPresent();
        refuseRest(headers);
        if (headers.bool("sslForceHost").orElse(false) && sslHost.isEmpty()) {
            headers.warning("sslForceHost", "true", "changes nothing without sslHost, as in Traefik 1.7");
        }
        if (sslRedirect || sslHost.isPresent()) {
            ObjectNode settings = JSON.objectNode();
            if (sslRedirect) {
                settings.put("sslRedirect", true);
            }
            sslHost.ifPresent(host -> settings.put("sslHost", host));
            if (sslForceHost) {
                settings.put("sslForceHost", true);
            }
            if (temporary) {
                settings.put("temporary", true);
            }
            sslRedirect(headers, request, response, security, settings, development);
        }
        if (!request.isEmpty() || !response.isEmpty() || !security.isEmpty()) {
            rawSettings(frontend, "headers", security).ifPresent(others -> middlewares.add(new Headers(
                    frontendName + "-headers", ImmutableSortedMap.copyOf(request), ImmutableSortedMap.copyOf(response),
                    others)));
        }
    }

    /**
     * The {@code <frontend>-sslredirect} with {@code settings}, or an error on a custom header that would make it act
     * otherwise than Traefik 1.7: a request header it reads (1.7 reads them after the custom headers, kvroute before;
     * the host headers also when it checks {@code allowedHosts}), a Location response header the https rewrite would
     * change (1.7 sets it after the rewrite, kvroute before).
     */
    private void sslRedirect(FieldReader headers, SortedMap<String, String> request, SortedMap<String, String> response,
            ObjectNode security, ObjectNode settings, boolean development) {
        List<String> hostHeaders = new ArrayList<>(List.of("Host"));
        security.path("hostsProxyHeaders").forEach(name -> hostHeaders.add(name.asText()));
        List<String> read = new ArrayList<>(hostHeaders);
        security.path("sslProxyHeaders").fieldNames().forEachRemaining(read::add);
        String field = settings.has("sslRedirect") ? "sslRedirect" : "sslHost";
        String value = settings.has("sslRedirect") ? "true" : settings.path("sslHost").asText();
        Optional<String> changed = customized(request, read);
        if (changed.isPresent() && (settings.has("sslRedirect") || settings.has("sslForceHost"))) {
            headers.error(field, value, "customRequestHeaders sets " + changed.get() + ", which Traefik 1.7's "
                    + "unrolled/secure reads after the custom headers and kvroute's " + field + " before them; "
                    + V1Reader.LEFT_OUT);
            return;
        }
        Optional<String> changedHost = customized(request, hostHeaders);
        if (changedHost.isPresent() && !development && security.has("allowedHosts")) {
            headers.error(field, value, "customRequestHeaders sets " + changedHost.get() + ", which Traefik 1.7's "
                    + "unrolled/secure checks against allowedHosts after the custom headers and kvroute's " + field
                    + " before them; " + V1Reader.LEFT_OUT);
            return;
        }
        String sslHost = settings.path("sslHost").asText();
        Optional<String> location = response.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Location")).map(Map.Entry::getValue)
                .findFirst();
        if (!sslHost.isEmpty() && location.isPresent() && (location.get().startsWith("http://" + sslHost + "/")
                || location.get().equals("http://" + sslHost))) {
            headers.error("sslHost", sslHost, "customResponseHeaders sets Location to " + location.get() + ", which "
                    + "Traefik 1.7 sets after rewriting the backend's http://" + sslHost + "/ Location to https and "
                    + "kvroute before; " + V1Reader.LEFT_OUT);
            return;
        }
        List<String> copied = new ArrayList<>(List.of("sslProxyHeaders", "hostsProxyHeaders"));
        if (!development) {
            copied.add("allowedHosts");
        }
        for (String name : copied) {
            if (security.has(name)) {
                settings.set(name, security.get(name).deepCopy());
            }
        }
        add(headers, field, "sslredirect", MiddlewareTypes.V1_SSL_REDIRECT, settings);
    }

    /** The first of the custom request headers that is one of {@code names}, in any case. */
    private static Optional<String> customized(SortedMap<String, String> request, List<String> names) {
        return request.keySet().stream().filter(name -> names.stream().anyMatch(name::equalsIgnoreCase)).findFirst();
    }

    /**
     * Traefik 1.7's deprecated {@code passTLSCert} becomes kvroute's {@link MiddlewareTypes#V1_PASS_TLS_CERT}: the
     * proxy sends the frontend's requests to {@code https} servers with the TLS of the entry point each came in on.
     */
    private void passTlsCert() {
        if (frontend.bool("passTLSCert").orElse(false)) {
            ObjectNode settings = JSON.objectNode();
            frontend.strings("entryPoints").forEach(settings.putArray("entryPoints")::add);
            settings.put("key", frontend.key("passTLSCert"));
            add(frontend, "passTLSCert", "passtlscert", MiddlewareTypes.V1_PASS_TLS_CERT, settings);
        }
    }

    private void passTlsClientCert(FieldReader pass) {
        ObjectNode settings = JSON.objectNode();
        if (pass.bool("pem").orElse(false)) {
            settings.put("pem", true);
        }
        pass.object("infos").ifPresent(infos -> {
            ObjectNode info = settings.putObject("info");
            for (String name : List.of("notAfter", "notBefore", "sans")) {
                infos.bool(name).ifPresent(value -> info.put(name, value));
            }
            for (String part : List.of("subject", "issuer")) {
                infos.object(part).ifPresent(fields -> {
                    ObjectNode name = info.putObject(part);
                    CERTIFICATE_NAME_FIELDS.forEach(field -> fields.bool(field).ifPresent(v -> name.put(field, v)));
                    refuseRest(fields);
                });
            }
            refuseRest(infos);
        });
        refuseRest(pass);
        add(frontend, "passTLSClientCert", "passtlsclientcert", "passTLSClientCert", settings);
    }

    /**
     * One of {@code auth/basic}, {@code auth/digest}, {@code auth/forward}, in that order as Traefik 1.7 reads them,
     * plus the deprecated {@code basicAuth} users.
     */
    private void auth() {
        List<String> legacyUsers = frontend.strings("basicAuth");
        Optional<FieldReader> auth = frontend.object("auth");
        Optional<String> headerField = auth.flatMap(fields -> fields.text("headerField")).filter(f -> !f.isEmpty());
        Optional<FieldReader> basic = auth.flatMap(fields -> fields.object("basic"));
        Optional<FieldReader> digest = auth.flatMap(fields -> fields.object("digest"));
        Optional<FieldReader> forward = auth.flatMap(fields -> fields.object("forward"));
        auth.ifPresent(this::refuseRest);
        if (basic.isPresent() || !legacyUsers.isEmpty()) {
            List<String> users = ImmutableList.<String>builder().addAll(legacyUsers)
                    .addAll(basic.map(fields -> fields.strings("users")).orElse(List.of())).build();
            Optional<String> usersFile = basic.flatMap(fields -> fields.text("usersFile")).filter(f -> !f.isEmpty());
            boolean removeHeader = basic.flatMap(fields -> fields.bool("removeHeader")).orElse(false);
            basic.ifPresent(this::refuseRest);
            middlewares.add(new BasicAuth(frontendName + "-basicauth", users, usersFile, Optional.empty(),
                    removeHeader, headerField));
            ignoredBy("basic", auth, digest, forward);
        } else if (digest.isPresent()) {
            ObjectNode settings = JSON.objectNode();
            digest.get().strings("users").forEach(settings.putArray("users")::add);
            digest.get().text("usersFile").filter(f -> !f.isEmpty()).ifPresent(f -> settings.put("usersFile", f));
            if (digest.get().bool("removeHeader").orElse(false)) {
                settings.put("removeHeader", true);
            }
            headerField.ifPresent(field -> settings.put("headerField", field));
            refuseRest(digest.get());
            add(auth.orElseThrow(), "digest", "digestauth", "digestAuth", settings);
            ignoredBy("digest", auth, Optional.empty(), forward);
        } else if (forward.isPresent()) {
            forwardAuth(forward.get());
            headerField.ifPresent(field -> auth.orElseThrow().warning("headerField", field, "not used by Traefik "
                    + "1.7's forward auth: ignored"));
        }
    }

    private void forwardAuth(FieldReader forward) {
        ObjectNode settings = JSON.objectNode();
        settings.put("address", forward.text("address").orElse(""));
        if (forward.bool("trustForwardHeader").orElse(false)) {
            settings.put("trustForwardHeader", true);
        }
        List<String> responseHeaders = forward.strings("authResponseHeaders");
        if (!responseHeaders.isEmpty()) {
            responseHeaders.forEach(settings.putArray("authResponseHeaders")::add);
        }
        forward.object("tls").ifPresent(tls -> {
            ObjectNode client = JSON.objectNode();
            for (String name : List.of("ca", "cert", "key")) {
                tls.text(name).filter(value -> !value.isEmpty()).ifPresent(value -> client.put(name, value));
            }
            if (tls.bool("insecureSkipVerify").orElse(false)) {
                client.put("insecureSkipVerify", true);
            }
            tls.bool("caOptional").filter(Boolean::booleanValue).ifPresent(optional -> tls.warning("caOptional",
                    "true", "has no effect on the TLS of a client in Traefik 1.7: ignored"));
            refuseRest(tls);
            if (!client.isEmpty()) {
                settings.set("tls", client);
            }
        });
        settings.put("maxBodySize", -1);
        refuseRest(forward);
        add(frontend, "auth", "forwardauth", "forwardAuth", settings);
    }

    private static void ignoredBy(String applied, Optional<FieldReader> auth, Optional<FieldReader> digest,
            Optional<FieldReader> forward) {
        digest.ifPresent(fields -> auth.orElseThrow().warning("digest", "", "ignored, as by Traefik 1.7: auth/"
                + applied + " is applied"));
        forward.ifPresent(fields -> auth.orElseThrow().warning("forward", "", "ignored, as by Traefik 1.7: auth/"
                + applied + " is applied"));
    }

    /**
     * One {@code rateLimit} per rate set (Traefik 1.7 lets a request through when every rate set allows it); without
     * rate sets Traefik 1.7 limits nothing.
     */
    private void rateLimits(FieldReader rateLimit) {
        String extractor = rateLimit.text("extractorFunc").orElse("");
        Optional<FieldReader> rateSets = rateLimit.object("rateset");
        refuseRest(rateLimit);
        if (rateSets.isEmpty()) {
            return;
        }
        Optional<ObjectNode> criterion = sourceCriterion(extractor);
        if (criterion.isEmpty()) {
            rateLimit.error("extractorFunc", extractor, "expected client.ip, request.host or request.header.<name>, "
                    + "as Traefik 1.7");
            return;
        }
        for (String name : rateSets.get().unread().stream().sorted().toList()) {
            JsonNode node = rateSets.get().raw(name).orElseThrow();
            if (!(node instanceof ObjectNode object)) {
                rateSets.get().error(name, FieldReader.describe(node), "expected a rate set object");
                continue;
            }
            FieldReader rate = rateSets.get().child(object, name);
            Optional<String> period = rate.text("period");
            long average = wholeNumber(rate, "average");
            long burst = wholeNumber(rate, "burst");
            refuseRest(rate);
            long periodNanos = period.map(V1FrontendMiddlewares::nanos).orElse(0L);
            if (periodNanos <= 0 || average <= 0 || burst <= 0) {
                rateSets.get().error(name, FieldReader.describe(node), "expected period, average and burst above 0, "
                        + "as Traefik 1.7 requires");
                continue;
            }
            ObjectNode settings = JSON.objectNode();
            settings.put("average", average);
            settings.put("period", GoDuration.format(periodNanos));
            settings.put("burst", burst);
            if (!criterion.get().isEmpty()) {
                settings.set("sourceCriterion", criterion.get());
            }
            add(rateSets.get(), name, "ratelimit-" + name, "rateLimit", settings);
        }
    }

    /** Traefik v3's {@code sourceCriterion} for a Traefik 1.7 extractor; empty (the peer address) for client.ip. */
    private static Optional<ObjectNode> sourceCriterion(String extractor) {
        ObjectNode criterion = JSON.objectNode();
        if (extractor.equals("client.ip")) {
            return Optional.of(criterion);
        }
        if (extractor.equals("request.host")) {
            return Optional.of(criterion.put("requestHost", true));
        }
        if (extractor.startsWith(REQUEST_HEADER_EXTRACTOR) && extractor.length() > REQUEST_HEADER_EXTRACTOR.length()) {
            return Optional.of(criterion.put("requestHeaderName",
                    extractor.substring(REQUEST_HEADER_EXTRACTOR.length())));
        }
        return Optional.empty();
    }

    private static long wholeNumber(FieldReader fields, String field) {
        return fields.raw(field).filter(value -> value.isIntegralNumber() && value.canConvertToLong())
                .map(JsonNode::longValue).orElse(0L);
    }

    private static long nanos(String duration) {
        try {
            return GoDuration.parseTraefik(duration);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** Adds the middleware {@code <frontend>-<suffix>}; a name that cannot be an entity name is an error on field. */
    private void add(FieldReader fields, String field, String suffix, String type, ObjectNode settings) {
        String name = frontendName + "-" + suffix;
        if (name.contains("/") || name.contains("@")) {
            fields.error(field, name, "expected a name without '/' or '@' for the derived middleware");
            return;
        }
        rawSettings(fields, field, settings)
                .ifPresent(raw -> middlewares.add(new OpaqueMiddleware(name, type, raw)));
    }

    /** {@code settings} as raw settings; a name that cannot be a key segment (with '/') is an error on field. */
    private static Optional<RawSettings> rawSettings(FieldReader fields, String field, ObjectNode settings) {
        try {
            return Optional.of(RawSettings.fromJson(settings));
        } catch (IllegalArgumentException e) {
            fields.error(field, settings.toString(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Reports every field of a feature kvroute cannot map as an error: the frontend is left out. */
    private void refuseRest(FieldReader fields) {
        for (String name : fields.unread()) {
            fields.raw(name).ifPresent(value -> fields.error(name, FieldReader.describe(value), V1Reader.LEFT_OUT));
        }
    }
}
