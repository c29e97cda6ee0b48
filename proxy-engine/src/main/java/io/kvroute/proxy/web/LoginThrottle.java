package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing on the web listener: after {@value #MAX_FAILURES} failed logins (401 to a request
 * that carried credentials) from one client within {@link #WINDOW}, that client's requests get 429 with
 * {@code Retry-After} (the seconds until its oldest failure leaves the window) without any password check, so it
 * gets at most {@value #MAX_FAILURES} guesses a minute. Each lockout is logged once, with the client. A client is
 * its IPv4 address or its IPv6 /64 network (one host holds a whole /64); the peer address is used, never a
 * forwarded header. Other clients are not affected. At most {@value #MAX_CLIENTS} clients are tracked (the least
 * recently failed are forgotten first), each for one window after its last failure.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_CLIENTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** The failed logins of one client within the window, oldest first, at most {@value #MAX_FAILURES}. */
    private record Failures(List<Instant> times) {
        Failures {
            times = List.copyOf(times);
        }

        Failures within(Instant now) {
            Instant start = now.minus(WINDOW);
            return new Failures(times.stream().filter(time -> time.isAfter(start)).toList());
        }

        Failures plus(Instant time) {
            List<Instant> more = new ArrayList<>(times);
            more.add(time);
            more.sort(null);
            return new Failures(more.subList(Math.max(0, more.size() - MAX_FAILURES), more.size()));
        }

        boolean locks() {
            return times.size() >= MAX_FAILURES;
        }
    }

    private final Clock clock;
    private final Cache<String, Failures> clients;

    LoginThrottle(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        this.clients = CacheBuilder.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterWrite(WINDOW)
                .ticker(new Ticker() {
                    @Override
                    public long read() {
                        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
                    }
                })
                .build();
    }

    /** {@code authenticated} behind this throttle. */
    HttpHandler wrap(HttpHandler authenticated) {
        requireNonNull(authenticated, "authenticated");
        return exchange -> {
            String client = clientOf(exchange);
            Optional<Duration> wait = lockedFor(client);
            if (wait.isPresent()) {
                long seconds = seconds(wait.get());
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, seconds);
                Responses.text(exchange, StatusCodes.TOO_MANY_REQUESTS,
                        "429 too many failed logins; retry in " + seconds + " s\n");
                return;
            }
            if (exchange.getRequestHeaders().contains(Headers.AUTHORIZATION)) {
                Instant at = clock.instant();
                exchange.addExchangeCompleteListener((done, next) -> {
                    try {
                        if (done.getStatusCode() == StatusCodes.UNAUTHORIZED) {
                            failed(client, at);
                        }
                    } finally {
                        next.proceed();
                    }
                });
            }
            authenticated.handleRequest(exchange);
        };
    }

    /** How long {@code client} must wait before it may try again, or empty if it may now. */
    Optional<Duration> lockedFor(String client) {
        Failures failures = clients.getIfPresent(client);
        if (failures == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Failures recent = failures.within(now);
        return recent.locks() ? Optional.of(Duration.between(now, recent.times().get(0).plus(WINDOW)))
                : Optional.empty();
    }

    /** Counts a failed login of {@code client} that arrived {@code at}; logs when this failure locks it out. */
    void failed(String client, Instant at) {
        Instant now = clock.instant();
        AtomicReference<Duration> lockout = new AtomicReference<>();
        clients.asMap().compute(client, (key, before) -> {
            Failures recent = before == null ? new Failures(List.of()) : before.within(now);
            Failures after = recent.plus(at).within(now);
            if (!recent.locks() && after.locks()) {
                lockout.set(Duration.between(now, after.times().get(0).plus(WINDOW)));
            }
            return after;
        });
        if (lockout.get() != null) {
            LOG.warn("web login: {} failed logins from {} within {} s; its requests get 429 for {} s",
                    MAX_FAILURES, client, WINDOW.toSeconds(), seconds(lockout.get()));
        }
    }

    /** The clients tracked now (bounded by {@value #MAX_CLIENTS}). */
    long trackedClients() {
        clients.cleanUp();
        return clients.size();
    }

    /** Whole seconds, rounded up, at least 1: what {@code Retry-After} says. */
    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String clientOf(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        return peer == null || peer.getAddress() == null ? "unknown" : clientOf(peer.getAddress());
    }

    /** The IPv4 address, or the IPv6 /64 network ({@code 2001:db8:0:1::/64}). */
    static String clientOf(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        }
        return address.getHostAddress();
    }
}
