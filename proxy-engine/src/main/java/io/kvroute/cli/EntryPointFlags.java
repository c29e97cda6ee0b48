package io.kvroute.cli;

import io.kvroute.kv.cli.SocketAddressFlag;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.EncodedCharacter;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.IpRange;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.udp.UdpEntryPoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Traefik's entry point flags, whose names carry the entry point (case-insensitively, as Traefik reads them):
 * {@code --entrypoints.web.address=:80}, {@code --entrypoints.internal.address=127.0.0.1:8081}, and per entry point
 * {@code .http.sanitizePath}, {@code .http.encodedCharacters.allowEncodedSlash} (and the other
 * {@code allowEncoded*}), {@code .http.underscoreHeadersStrategy=keep|delete|reject},
 * {@code .forwardedHeaders.insecure}, {@code .forwardedHeaders.trustedIPs=10.0.0.0/8,...}, the TLS ones
 * {@code .http.tls=true}, {@code .http.tls.options=NAME}, {@code .http.tls.certResolver=NAME} (either of the last two
 * makes it a TLS entry point, as in Traefik), and {@code .http.redirections.entryPoint.to=NAME} (or a port,
 * {@code :443}) with {@code .scheme}
 * (default https) and {@code .permanent} (default true). The entry point an https redirection names is a TLS entry
 * point without {@code .http.tls} (Traefik serves TLS on any entry point; kvroute's are TLS or plain, and the one
 * plain HTTP is sent to over https can only be TLS), so Traefik's usual web-to-websecure configuration works unchanged. A boolean flag without a value means true. {@code :80}
 * listens on every interface. An address ending in {@code /udp} ({@code --entrypoints.dns.address=:53/udp}) makes a
 * UDP entry point, whose only option is {@code .udp.timeout} (Traefik's duration, default 3s); {@code /tcp} or no
 * suffix a TCP one, as in Traefik.
 */
final class EntryPointFlags {
    private static final Pattern FLAG = Pattern.compile("--entrypoints\\.([A-Za-z0-9_-]+)\\.([A-Za-z.]+)(?:=(.*))?",
            Pattern.CASE_INSENSITIVE);
    private static final String ENCODED = "http.encodedcharacters.";
    private static final String EXPECTED = "expected one of the flags in --help, or --entrypoints.NAME.address, "
            + ".http.sanitizePath, .http.encodedCharacters.allowEncoded*, .http.underscoreHeadersStrategy, "
            + ".forwardedHeaders.insecure, .forwardedHeaders.trustedIPs, .http.tls, .http.tls.options, "
            + ".http.tls.certResolver, .http.redirections.entryPoint.to, .http.redirections.entryPoint.scheme, "
            + ".http.redirections.entryPoint.permanent, .udp.timeout";
    private static final String UDP_SUFFIX = "/udp";
    private static final String TCP_SUFFIX = "/tcp";

    /**
     * The entry points: TCP listen addresses and, for those that have option flags, their options; the UDP entry
     * points.
     */
    record EntryPoints(Map<String, InetSocketAddress> addresses, Map<String, EntryPointOptions> options,
            Map<String, UdpEntryPoint> udp) {
    }

    /** One entry point's options as the flags build them up, from the defaults. */
    private static final class OptionsBuilder {
        boolean sanitize = true;
        final EnumSet<EncodedCharacter> allowed = EnumSet.noneOf(EncodedCharacter.class);
        UnderscoreHeaders underscores = UnderscoreHeaders.DELETE;
        boolean insecure;
        final List<IpRange> trusted = new ArrayList<>();
        boolean tls;
        String tlsOptions = "";
        String certResolver = "";
        String redirectTo = "";
        String redirectScheme = "https";
        boolean redirectPermanent = true;

        EntryPointOptions build(String name) {
            boolean redirects = !redirectTo.isEmpty();
            if (!redirects && (!redirectScheme.equals("https") || !redirectPermanent)) {
                throw new IllegalArgumentException("--entrypoints." + name + ".http.redirections.entryPoint: scheme "
                        + "or permanent without .to (expected: --entrypoints." + name
                        + ".http.redirections.entryPoint.to=ENTRYPOINT)");
            }
            return new EntryPointOptions(new RequestPathPolicy(allowed, sanitize), underscores,
                    new ForwardedHeadersTrust(insecure, trusted),
                    tls ? Optional.of(RouterTls.of(tlsOptions, certResolver)) : Optional.empty(),
                    redirects ? Optional.of(new EntryPointRedirect(redirectTo, redirectScheme, redirectPermanent))
                            : Optional.empty());
        }
    }

    private EntryPointFlags() {
    }

    /** Traefik's entry point when none is given: {@code web} on {@code :80}. */
    static final InetSocketAddress TRAEFIK_WEB = new InetSocketAddress(80);

    /**
     * The entry points in {@code args} (flags picocli did not know), or {@code web} on {@link #TRAEFIK_WEB} when no
     * address is given.
     *
     * @throws IllegalArgumentException naming the first argument that is not an entry point flag or has a bad value
     */
    static EntryPoints parse(List<String> args) {
        return parse(args, TRAEFIK_WEB);
    }

    /** True when {@code args} give an entry point's address ({@code --entrypoints.NAME.address}). */
    static boolean givesAnAddress(List<String> args) {
        return args.stream().map(FLAG::matcher)
                .anyMatch(flag -> flag.matches() && flag.group(2).equalsIgnoreCase("address"));
    }

    /**
     * {@link #parse(List)} with {@code web} on {@code defaultWeb} when no address is given.
     *
     * @throws IllegalArgumentException naming the first argument that is not an entry point flag or has a bad value
     */
    static EntryPoints parse(List<String> args, InetSocketAddress defaultWeb) {
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        Map<String, OptionsBuilder> options = new LinkedHashMap<>();
        Map<String, InetSocketAddress> udpAddresses = new LinkedHashMap<>();
        Map<String, Duration> udpTimeouts = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            Matcher flag = FLAG.matcher(args.get(i));
            if (!flag.matches()) {
                throw new IllegalArgumentException("unknown option '" + args.get(i) + "' (" + EXPECTED + ")");
            }
            String name = flag.group(1);
            String setting = flag.group(2).toLowerCase(Locale.ROOT);
            String flagName = "--entrypoints." + name + "." + flag.group(2);
            Optional<String> value = Optional.ofNullable(flag.group(3));
            if (setting.equals("address")) {
                if (value.isEmpty()) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(args.get(i) + ": missing value (expected [HOST]:PORT)");
                    }
                    value = Optional.of(args.get(++i));
                }
                String address = value.get();
                String protocol = address.length() > 4 ? address.substring(address.length() - 4)
                        .toLowerCase(Locale.ROOT) : "";
                if (protocol.equals(UDP_SUFFIX)) {
                    udpAddresses.put(name, SocketAddressFlag.parse(flagName,
                            address.substring(0, address.length() - 4)));
                    addresses.remove(name);
                } else {
                    addresses.put(name, SocketAddressFlag.parse(flagName, protocol.equals(TCP_SUFFIX)
                            ? address.substring(0, address.length() - 4) : address));
                    udpAddresses.remove(name);
                }
            } else if (setting.equals("udp.timeout")) {
                try {
                    udpTimeouts.put(name, GoDuration.parseDuration(nonEmpty(flagName, value, "a duration such as 3s")));
                } catch (IllegalArgumentException badDuration) {
                    throw new IllegalArgumentException(flagName + ": " + badDuration.getMessage(), badDuration);
                }
            } else {
                apply(options.computeIfAbsent(name, n -> new OptionsBuilder()), setting, flagName, value);
            }
        }
        if (addresses.isEmpty() && udpAddresses.isEmpty()) {
            addresses.put("web", defaultWeb);
        }
        Map<String, UdpEntryPoint> udp = new LinkedHashMap<>();
        udpAddresses.forEach((name, address) -> udp.put(name, new UdpEntryPoint(address,
                udpTimeouts.getOrDefault(name, UdpEntryPoint.DEFAULT_TIMEOUT))));
        for (String name : udpTimeouts.keySet()) {
            if (!udp.containsKey(name)) {
                throw new IllegalArgumentException("--entrypoints." + name + ".udp.timeout: " + name
                        + " is not a UDP entry point (expected: --entrypoints." + name + ".address=:PORT/udp)");
            }
        }
        for (String name : options.keySet()) {
            if (udp.containsKey(name)) {
                throw new IllegalArgumentException("--entrypoints." + name + ": HTTP or TLS options on a UDP entry "
                        + "point (expected: only .address and .udp.timeout)");
            }
        }
        List<String> httpsTargets = options.values().stream()
                .filter(builder -> !builder.redirectTo.isEmpty() && builder.redirectScheme.equals("https")
                        && !builder.redirectTo.startsWith(":"))
                .map(builder -> builder.redirectTo).toList();
        httpsTargets.forEach(target -> options.computeIfAbsent(target, n -> new OptionsBuilder()).tls = true);
        Map<String, EntryPointOptions> built = new LinkedHashMap<>();
        options.forEach((name, builder) -> built.put(name, builder.build(name)));
        for (Map.Entry<String, EntryPointOptions> entry : built.entrySet()) {
            Optional<EntryPointRedirect> redirect = entry.getValue().redirect();
            if (redirect.isPresent() && !addresses.containsKey(redirect.get().to())
                    && redirect.get().port().filter(port -> port >= 1 && port <= 65535).isEmpty()) {
                throw new IllegalArgumentException("--entrypoints." + entry.getKey() + ".http.redirections.entryPoint"
                        + ".to=" + redirect.get().to() + ": no such entry point (expected one of "
                        + addresses.keySet() + ", or a port such as :443)");
            }
        }
        return new EntryPoints(addresses, built, udp);
    }

    private static void apply(OptionsBuilder options, String setting, String flag, Optional<String> value) {
        if (setting.equals("http.sanitizepath")) {
            options.sanitize = bool(flag, value);
        } else if (setting.startsWith(ENCODED)) {
            EncodedCharacter character = EncodedCharacter.ofSetting(setting.substring(ENCODED.length()))
                    .orElseThrow(() -> new IllegalArgumentException("unknown option '" + flag + "' (expected "
                            + "http.encodedCharacters." + String.join(", ", EnumSet.allOf(EncodedCharacter.class)
                                    .stream().map(EncodedCharacter::setting).toList()) + ")"));
            if (bool(flag, value)) {
                options.allowed.add(character);
            } else {
                options.allowed.remove(character);
            }
        } else if (setting.equals("http.underscoreheadersstrategy")) {
            String strategy = value.orElse("").toLowerCase(Locale.ROOT);
            options.underscores = switch (strategy) {
                case "keep" -> UnderscoreHeaders.KEEP;
                case "delete" -> UnderscoreHeaders.DELETE;
                case "reject" -> UnderscoreHeaders.REJECT;
                default -> throw new IllegalArgumentException(flag + "=" + value.orElse("")
                        + ": expected keep, delete or reject");
            };
        } else if (setting.equals("http.tls")) {
            options.tls = bool(flag, value);
        } else if (setting.equals("http.tls.options")) {
            options.tls = true;
            options.tlsOptions = nonEmpty(flag, value, "the name of TLS options");
        } else if (setting.equals("http.tls.certresolver")) {
            options.tls = true;
            options.certResolver = nonEmpty(flag, value, "the name of a certificate resolver");
        } else if (setting.equals("http.redirections.entrypoint.to")) {
            options.redirectTo = nonEmpty(flag, value, "an entry point name");
        } else if (setting.equals("http.redirections.entrypoint.scheme")) {
            options.redirectScheme = nonEmpty(flag, value, "a URL scheme such as https").toLowerCase(Locale.ROOT);
        } else if (setting.equals("http.redirections.entrypoint.permanent")) {
            options.redirectPermanent = bool(flag, value);
        } else if (setting.equals("forwardedheaders.insecure")) {
            options.insecure = bool(flag, value);
        } else if (setting.equals("forwardedheaders.trustedips")) {
            for (String range : value.orElse("").split(",")) {
                try {
                    options.trusted.add(IpRange.parse(range.trim()));
                } catch (IllegalArgumentException badRange) {
                    throw new IllegalArgumentException(flag + ": " + badRange.getMessage(), badRange);
                }
            }
        } else {
            throw new IllegalArgumentException("unknown option '" + flag + "' (" + EXPECTED + ")");
        }
    }

    private static String nonEmpty(String flag, Optional<String> value, String expected) {
        String text = value.orElse("").trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(flag + ": missing value (expected " + expected + ")");
        }
        return text;
    }

    private static boolean bool(String flag, Optional<String> value) {
        String text = value.orElse("true").toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(flag + "=" + value.orElse("") + ": expected true or false");
        }
        return text.equals("true");
    }
}
