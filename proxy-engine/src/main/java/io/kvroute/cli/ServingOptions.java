package io.kvroute.cli;

import io.kvroute.kv.cli.CannotListen;
import io.kvroute.kv.cli.DurationConverter;
import io.kvroute.kv.cli.SocketAddressFlag;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.proxy.http.EntryPointListeners;
import io.kvroute.proxy.http.ForwardingPolicy;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.tls.TlsStack;
import io.kvroute.proxy.web.WebOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the proxy serves: the flags {@code proxy} and {@code standalone} share (entry points come as unmatched flags). */
final class ServingOptions {
    @Option(names = "--web",
            description = "Serve the dashboard, Traefik's API, /ping and Prometheus /metrics (Traefik's traefik_* "
                    + "series, kvroute's kvroute_*) on --web.address.")
    boolean web;

    @Option(names = "--web.address", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where --web listens (default: ${DEFAULT-VALUE}); beyond loopback it needs --web.auth.*.")
    String webAddress;

    @Option(names = "--web.auth.basic", paramLabel = "USER:HASH",
            description = "A user allowed on --web (bcrypt, apr1 or SHA hash as htpasswd writes it); repeatable.")
    List<String> webUsers = new ArrayList<>();

    @Option(names = "--web.auth.usersfile", paramLabel = "FILE",
            description = "An htpasswd file of users allowed on --web (user:hash lines, # comments).")
    Path webUsersFile;

    @Option(names = "--proxy.timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest a proxied request may take; then 504 (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--proxy.retries", paramLabel = "N", defaultValue = "2",
            description = "Other servers an idempotent request is retried on after a failed connect "
                    + "(default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = {"--serversTransport.forwardingTimeouts.responseHeaderTimeout",
        "--serverstransport.forwardingtimeouts.responseheadertimeout"}, paramLabel = "DURATION", defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Traefik's default servers transport: how long a server may take to send its response "
                    + "headers once it has the whole request; then 504, or once more on another server for a GET, "
                    + "HEAD, OPTIONS or TRACE without a body. 0: no limit, as in Traefik (default: ${DEFAULT-VALUE}).")
    Duration responseHeaderTimeout;

    @Option(names = {"--serversTransport.forwardingTimeouts.dialTimeout",
        "--serverstransport.forwardingtimeouts.dialtimeout"}, paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Traefik's default servers transport: how long a connect to a server may take; then the "
                    + "server is ejected and the request tried on another one. 0: no limit (default: "
                    + "${DEFAULT-VALUE}).")
    Duration dialTimeout;

    @Option(names = {"--serversTransport.forwardingTimeouts.idleConnTimeout",
        "--serverstransport.forwardingtimeouts.idleconntimeout"}, paramLabel = "DURATION", defaultValue = "90s",
            converter = DurationConverter.class,
            description = "Traefik's default servers transport: how long an idle keep-alive connection to a server "
                    + "is kept before the proxy closes it. 0: until the server closes it (default: ${DEFAULT-VALUE}).")
    Duration idleConnTimeout;

    @Option(names = "--proxy.passive.headerTimeout", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "For servers whose transport sets no responseHeaderTimeout: a request still without "
                    + "response headers after this long counts as a timeout of its server, and keeps waiting until "
                    + "the server is DOWN or ejected, then ends (504, or once more on another server as above). "
                    + "Long-polling services need a transport with their own responseHeaderTimeout or 0 here. "
                    + "0: off (default: ${DEFAULT-VALUE}).")
    Duration passiveHeaderTimeout;

    @Option(names = "--proxy.passive.timeouts", paramLabel = "N", defaultValue = "3",
            description = "Timeouts in a row, with no answer from the server between them, that eject it "
                    + "(default: ${DEFAULT-VALUE}).")
    int passiveTimeouts;

    @Option(names = "--shutdown.grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long SIGTERM waits for requests in flight (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Mixin
    AccessLogOptions accessLog;

    @Option(names = "--tls.provider", paramLabel = "openssl|jdk", defaultValue = TlsStack.OPENSSL,
            description = "Which TLS implementation serves the TLS entry points: openssl (BoringSSL, shipped in the "
                    + "jar for Linux x86_64 and aarch64; elsewhere the JDK's) or jdk (default: ${DEFAULT-VALUE}).")
    String tlsProvider;

    /**
     * The settings, with Traefik's entry point {@code web} on {@code :80} when the flags give none.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    ProxySettings settings(String prefix, List<String> entryPointFlags) {
        return settings(prefix, entryPointFlags, EntryPointFlags.TRAEFIK_WEB);
    }

    /**
     * The settings, with entry point {@code web} on {@code defaultWeb} when the flags give none. The entry points'
     * addresses are checked bindable before the TLS stack loads, so a taken port is reported at once.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     * @throws CannotListen             when an entry point's address cannot be bound
     */
    ProxySettings settings(String prefix, List<String> entryPointFlags, InetSocketAddress defaultWeb) {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(AccessLogOptions.withoutNames(entryPointFlags),
                defaultWeb);
        EntryPointListeners.checkBindable(entryPoints.addresses());
        return new ProxySettings(entryPoints.addresses(), prefix, requestTimeout, retries, 64 * 1024,
                64L * 1024 * 1024, shutdownGrace, entryPoints.options(), forwarding(),
                TlsStack.choose(tlsProvider), entryPoints.udp());
    }

    private ForwardingPolicy forwarding() {
        if (passiveHeaderTimeout.isNegative()) {
            throw new IllegalArgumentException("--proxy.passive.headerTimeout: "
                    + GoDuration.format(passiveHeaderTimeout) + " (expected: >= 0, 0 turns it off)");
        }
        if (passiveTimeouts < 1) {
            throw new IllegalArgumentException("--proxy.passive.timeouts: " + passiveTimeouts + " (expected: >= 1)");
        }
        return new ForwardingPolicy(ForwardingTimeouts.of(dialTimeout, responseHeaderTimeout, idleConnTimeout),
                passiveHeaderTimeout, passiveTimeouts);
    }

    /**
     * The access log the {@code --accesslog*} flags ask for, if any; {@code flags} are the arguments picocli left.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    Optional<AccessLogSettings> accessLog(List<String> flags) {
        return accessLog.settings(flags);
    }

    /** The {@code --web} listener's options, when {@code --web} was given. */
    Optional<WebOptions> web() {
        return web ? Optional.of(new WebOptions(SocketAddressFlag.parse("--web.address", webAddress), webUsers,
                Optional.ofNullable(webUsersFile))) : Optional.empty();
    }
}
