package io.kvroute.cli;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.proxy.acme.AcmeKeyType;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import io.kvroute.proxy.acme.AcmeStorageSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Traefik's ACME resolver flags, case-insensitively as Traefik does:
 * {@code --certificatesresolvers.NAME.acme.email}, {@code .caServer} (https only; default Let's Encrypt),
 * {@code .httpChallenge.entryPoint}, {@code .tlsChallenge}, {@code .keyType} (EC256, EC384, RSA2048, RSA4096,
 * RSA8192; default RSA4096), {@code .preferredChain}, {@code .caCertificates} (PEM paths, comma-separated; default
 * lego's {@code LEGO_CA_CERTIFICATES}), and Traefik's {@code .storage} (its {@code acme.json} path), accepted and
 * logged as unused since kvroute keeps the state in the store; and kvroute's storage flags
 * {@code --acme.storage.prefix} (default {@code kvroute/acme/}), {@code --acme.storage.keyFile} (also spelled
 * {@code --acme.storage.key-file}) and {@code --acme.storage.lockTTL}. Other arguments are left for the entry point
 * flags. A value follows {@code =} or comes as the next argument.
 */
final class AcmeFlags {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeFlags.class);
    private static final Pattern RESOLVER = Pattern.compile(
            "--certificatesresolvers\\.([A-Za-z0-9_-]+)\\.acme\\.([A-Za-z.]+)(?:=(.*))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern STORAGE = Pattern.compile("--acme\\.storage\\.([A-Za-z-]+)(?:=(.*))?",
            Pattern.CASE_INSENSITIVE);
    private static final String EXPECTED = "expected .email, .caServer, .httpChallenge.entryPoint, .tlsChallenge, "
            + ".keyType, .preferredChain, .caCertificates or .storage";

    /** The resolvers, the storage settings, and the arguments that are not ACME flags, in order. */
    record Parsed(List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage, List<String> rest) {
        Parsed {
            resolvers = List.copyOf(resolvers);
            rest = List.copyOf(rest);
        }

        /**
         * Checks the flags against the rest of the command: every {@code httpChallenge.entryPoint} is an entry point,
         * and the storage prefix lies outside Traefik's root {@code traefikPrefix} (and its v1 form {@code /P}).
         *
         * @throws IllegalArgumentException naming the flag
         */
        void check(Set<String> entryPoints, String traefikPrefix) {
            for (AcmeResolverSettings resolver : resolvers) {
                resolver.httpChallengeEntryPoint().filter(name -> !entryPoints.contains(name)).ifPresent(name -> {
                    throw new IllegalArgumentException("--certificatesresolvers." + resolver.name()
                            + ".acme.httpChallenge.entryPoint=" + name + ": no such entry point (expected one of "
                            + entryPoints + ")");
                });
            }
            String prefix = storage.prefix();
            for (String root : List.of(traefikPrefix + "/", "/" + traefikPrefix + "/")) {
                if (prefix.startsWith(root) || root.startsWith(prefix)) {
                    throw new IllegalArgumentException("--acme.storage.prefix=" + prefix + ": overlaps Traefik's "
                            + "keys under " + root + " (expected a prefix of kvroute's own, e.g. "
                            + AcmeStorageSettings.DEFAULT_PREFIX + ")");
                }
            }
        }
    }

    /** One resolver's flags as they come, from Traefik's defaults. */
    private static final class ResolverBuilder {
        final String name;
        Optional<String> email = Optional.empty();
        URI caServer = AcmeResolverSettings.LETS_ENCRYPT;
        Optional<String> entryPoint = Optional.empty();
        boolean tlsChallenge;
        AcmeKeyType keyType = AcmeKeyType.RSA4096;
        Optional<String> preferredChain = Optional.empty();
        List<Path> caCertificates;

        ResolverBuilder(String name, List<Path> caCertificates) {
            this.name = name;
            this.caCertificates = caCertificates;
        }

        AcmeResolverSettings build() {
            return new AcmeResolverSettings(name, email, caServer, entryPoint, tlsChallenge, keyType, preferredChain,
                    caCertificates);
        }
    }

    private AcmeFlags() {
    }

    /**
     * The ACME flags in {@code args}; {@code legoCaCertificates} is the value of
     * {@link AcmeResolverSettings#LEGO_CA_CERTIFICATES}, every resolver's {@code caCertificates} unless given.
     *
     * @throws IllegalArgumentException naming the first ACME flag that is unknown or has a bad value
     */
    static Parsed parse(List<String> args, Optional<String> legoCaCertificates) {
        List<Path> legoPaths = AcmeResolverSettings.caCertificatePaths(legoCaCertificates.orElse(""));
        Map<String, ResolverBuilder> resolvers = new LinkedHashMap<>();
        String prefix = AcmeStorageSettings.DEFAULT_PREFIX;
        Optional<Path> keyFile = Optional.empty();
        Duration lockTtl = AcmeStorageSettings.DEFAULT_LOCK_TTL;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Matcher resolver = RESOLVER.matcher(arg);
            Matcher storage = STORAGE.matcher(arg);
            if (resolver.matches()) {
                String setting = resolver.group(2).toLowerCase(Locale.ROOT);
                String flag = "--certificatesresolvers." + resolver.group(1) + ".acme." + resolver.group(2);
                Optional<String> value = Optional.ofNullable(resolver.group(3));
                if (value.isEmpty() && !setting.equals("tlschallenge")) {
                    value = Optional.of(next(args, ++i, flag));
                }
                apply(resolvers.computeIfAbsent(resolver.group(1), name -> new ResolverBuilder(name, legoPaths)),
                        setting, flag, value);
            } else if (storage.matches()) {
                String setting = storage.group(1).toLowerCase(Locale.ROOT);
                String flag = "--acme.storage." + storage.group(1);
                String value = storage.group(2) != null ? storage.group(2) : next(args, ++i, flag);
                switch (setting) {
                    case "prefix" -> prefix = value;
                    case "keyfile", "key-file" -> keyFile = Optional.of(Path.of(value));
                    case "lockttl" -> lockTtl = duration(flag, value);
                    default -> throw new IllegalArgumentException("unknown option '" + flag
                            + "' (expected --acme.storage.prefix, --acme.storage.keyFile or --acme.storage.lockTTL)");
                }
            } else {
                rest.add(arg);
            }
        }
        AcmeStorageSettings defaults = AcmeStorageSettings.defaults(keyFile);
        AcmeStorageSettings storage = new AcmeStorageSettings(prefix, keyFile, lockTtl, defaults.retry(),
                defaults.pollInterval());
        return new Parsed(resolvers.values().stream().map(ResolverBuilder::build).toList(), storage, rest);
    }

    private static void apply(ResolverBuilder resolver, String setting, String flag, Optional<String> value) {
        String text = value.orElse("");
        switch (setting) {
            case "email" -> resolver.email = Optional.of(text).filter(email -> !email.isBlank());
            case "caserver" -> resolver.caServer = httpsUri(flag, text);
            case "httpchallenge.entrypoint" -> resolver.entryPoint = Optional.of(text).filter(name -> !name.isBlank());
            case "tlschallenge" -> resolver.tlsChallenge = bool(flag, value);
            case "keytype" -> resolver.keyType = AcmeKeyType.parse(flag, text);
            case "preferredchain" -> resolver.preferredChain = Optional.of(text).filter(chain -> !chain.isBlank());
            case "cacertificates" -> resolver.caCertificates = AcmeResolverSettings.caCertificatePaths(text);
            case "storage" -> LOG.info("{}={}: kvroute keeps ACME accounts and certificates in the store under "
                    + "--acme.storage.prefix, not in a file; the value is not used", flag, text);
            default -> throw new IllegalArgumentException("unknown option '" + flag + "' ("
                    + (setting.startsWith("dnschallenge") ? "the DNS challenge is not offered; " : "") + EXPECTED
                    + ")");
        }
    }

    private static String next(List<String> args, int index, String flag) {
        if (index < 0 || index >= args.size()) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return args.get(index);
    }

    private static URI httpsUri(String flag, String text) {
        try {
            URI uri = new URI(text);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(flag + "=" + text + ": expected an https URL of an ACME directory, "
                        + "e.g. " + AcmeResolverSettings.LETS_ENCRYPT);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(flag + "=" + text + ": not a URL (" + e.getReason() + ")", e);
        }
    }

    private static Duration duration(String flag, String text) {
        Duration duration;
        try {
            duration = GoDuration.parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + "=" + text + ": expected a duration such as 15s or 1m", e);
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(flag + "=" + text + ": expected at least 1s");
        }
        return duration;
    }

    private static boolean bool(String flag, Optional<String> value) {
        String text = value.orElse("true").toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(flag + "=" + value.orElse("") + ": expected true or false");
        }
        return text.equals("true");
    }
}
