package io.kvroute.cli;

import io.kvroute.kv.cli.StoreOptions;
import io.kvroute.kv.cli.StoreProbe;
import io.kvroute.kv.cli.UntilStopped;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.web.WebOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Unmatched;

/** {@code kvroute proxy}: the reverse proxy that routes by the keys in etcd or Consul. */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = {
            "kvroute proxy [STORE] [--prefix=P]",
            "                     [--entrypoints.NAME.address=[HOST]:PORT]... [--web]",
            "                     [--web.address=HOST:PORT] [--web.auth.basic=USER:HASH]...",
            "                     [OPTIONS]",
            "  STORE: --etcd[.endpoint=HOST:PORT,...] or --consul[.endpoint=HOST:PORT,...]",
            ""
        },
        description = {
            "Route HTTP by the Traefik-layout keys in etcd or Consul.",
            "",
            "Watch Traefik-layout keys in etcd or Consul (v2/v3 under P/, v1 under P/ and /P/) and route HTTP by "
                    + "their rules to weighted, health-checked servers. A key change routes in milliseconds; a "
                    + "broken router or service is left out and logged, the rest keeps serving; while the store is "
                    + "unreachable the last configuration keeps serving.",
            "",
            "Entry points use Traefik's flag: --entrypoints.NAME.address=[HOST]:PORT (repeatable; default: web on "
                    + ":80). Routers without entryPoints serve on all of them. A UDP entry point: "
                    + "--entrypoints.NAME.address=[HOST]:PORT/udp, with .udp.timeout (default 3s); the entry points "
                    + "may all be UDP (web on :80 is added only when none is given).",
            "",
            "HTTPS (docs/https.md):",
            "  --entrypoints.NAME.http.tls=true  (also .options=NAME, .certResolver=NAME)",
            "  --entrypoints.NAME.http.redirections.entryPoint.to=NAME|:PORT  (also .scheme, .permanent)",
            "",
            "Each entry point is safe by default; Traefik's flags relax it (docs/security.md):",
            "  --entrypoints.NAME.http.encodedCharacters.allowEncodedSlash=true",
            "      also allowEncodedBackSlash, allowEncodedNullCharacter, allowEncodedSemicolon, "
                    + "allowEncodedPercent, allowEncodedQuestionMark, allowEncodedHash; all refused with 400 by "
                    + "default",
            "  --entrypoints.NAME.http.sanitizePath=false",
            "      keep ./, ../ and // in paths (default: removed)",
            "  --entrypoints.NAME.http.underscoreHeadersStrategy=keep|delete|reject",
            "      headers with _ in their name (default: delete)",
            "  --entrypoints.NAME.forwardedHeaders.trustedIPs=10.0.0.0/8,...",
            "      keep X-Forwarded-* from these addresses (default: from nobody)",
            "  --entrypoints.NAME.forwardedHeaders.insecure",
            "      keep everybody's X-Forwarded-*",
            "",
            "ACME resolvers take Traefik's flags; their account, certificates and order locks are shared by every "
                    + "proxy of the store (docs/https.md):",
            "  --certificatesresolvers.NAME.acme.email=ADDRESS",
            "  --certificatesresolvers.NAME.acme.httpChallenge.entryPoint=EP",
            "      answers HTTP-01 on EP before routing",
            "  --certificatesresolvers.NAME.acme.tlsChallenge=true",
            "      answers TLS-ALPN-01 on the TLS entry points instead",
            "  --certificatesresolvers.NAME.acme.caServer=URL",
            "      (default: Let's Encrypt production)",
            "  --certificatesresolvers.NAME.acme.keyType=EC256|EC384|RSA2048|RSA4096|RSA8192",
            "      (default: RSA4096)",
            "  --certificatesresolvers.NAME.acme.preferredChain=ISSUER-COMMON-NAME",
            "  --certificatesresolvers.NAME.acme.caCertificates=PEM[,PEM]",
            "      the only roots trusted for the CA's HTTPS (default: LEGO_CA_CERTIFICATES, else the JDK's)",
            "  --acme.storage.keyFile=FILE",
            "      seals private keys in the store (required to order)",
            "  --acme.storage.prefix=P",
            "      where the ACME state lives (default: kvroute/acme/)",
            "  --acme.storage.lockTTL=DURATION",
            "      how long a dead order holder's lock lasts (default: 15s)"
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Examples:",
            "  kvroute proxy --etcd.endpoint=10.0.0.5:2379 --entrypoints.web.address=:80 \\",
            "      --web",
            "      route on :80 by the keys under traefik/ in etcd; dashboard on 127.0.0.1:8080",
            "  kvroute proxy --consul.endpoint=127.0.0.1:8500 --consul.token=$TOKEN \\",
            "      --prefix=traefik",
            "      the same from Consul, with an ACL token",
            "",
            "Exit codes: 143 stopped by SIGTERM (128 + 15, as for every JVM), 1 failed at start, 2 bad flags."
        })
final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "traefik", description = "Root key (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--layout", paramLabel = "v3|v2", defaultValue = "v3", converter = RuleSyntaxLayout.class,
            description = "Traefik version the v2/v3 keys are written for (default: ${DEFAULT-VALUE}). With v2 a "
                    + "router without ruleSyntax has a Traefik v2 rule (Host(`a`, `b`), Headers, path templates), "
                    + "as Traefik v2 reads it; v1 keys are read either way.")
    RuleSyntax ruleSyntax;

    @Mixin
    ServingOptions serving;

    @Unmatched
    List<String> entryPointFlags = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        UnknownFlags.check(spec, entryPointFlags);
        ProxySettings settings;
        Optional<WebOptions> web;
        StoreSettings storeSettings;
        AcmeFlags.Parsed acme;
        Optional<AccessLogSettings> accessLog;
        try {
            acme = AcmeFlags.parse(entryPointFlags,
                    Optional.ofNullable(System.getenv(AcmeResolverSettings.LEGO_CA_CERTIFICATES)));
            settings = serving.settings(prefix, acme.rest()).withRuleSyntax(ruleSyntax);
            acme.check(settings.entryPoints().keySet(), prefix);
            web = serving.web();
            accessLog = serving.accessLog(acme.rest());
            storeSettings = store.toSettings(Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        KvStore kv = KvStores.open(storeSettings);
        ProxyProcess proxy;
        try {
            proxy = ProxyProcess.start(kv, settings, web, acme.resolvers(), acme.storage(), accessLog);
        } catch (RuntimeException e) {
            kv.close();
            throw e instanceof IllegalArgumentException bad
                    ? new ParameterException(spec.commandLine(), bad.getMessage(), bad) : e;
        }
        StoreProbe.warnIfUnreachable(spec, storeSettings, "routing nothing until it answers");
        UntilStopped.await("kvroute-proxy-stop", () -> {
            proxy.close();
            kv.close();
        });
        return 0;
    }

    /** Reads {@code --layout v3|v2} as the syntax of routers without {@code ruleSyntax}. */
    static final class RuleSyntaxLayout implements ITypeConverter<RuleSyntax> {
        @Override
        public RuleSyntax convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "v3" -> RuleSyntax.V3;
                case "v2" -> RuleSyntax.V2;
                default -> throw new TypeConversionException("'" + value + "' (expected: v3 or v2; v1 keys are "
                        + "always read)");
            };
        }
    }
}
