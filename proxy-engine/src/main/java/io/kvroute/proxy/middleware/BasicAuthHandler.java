package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.kv.model.BasicAuth;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Traefik's {@code basicAuth}: requests without valid credentials get 401 with
 * {@code WWW-Authenticate: Basic realm="<realm>"} (realm {@value #DEFAULT_REALM} unless set). The user name is
 * looked up in constant time over all users, and an unknown user still costs one hash check, so timing does not
 * tell which names exist. Hash checks run on a worker thread, never on an IO thread; a success is remembered for
 * {@link #SUCCESS_CACHE_TTL} (see {@link VerifiedCredentialCache}). On success the user name is put in
 * {@code headerField} if set and the {@code Authorization} header is removed if {@code removeHeader} is set. Every
 * 401 is counted as {@code authFailed}. Neither passwords nor hashes are logged or put into messages.
 */
final class BasicAuthHandler implements HttpHandler {
    static final String DEFAULT_REALM = "traefik";
    static final Duration SUCCESS_CACHE_TTL = Duration.ofSeconds(30);
    private static final byte[] UNAUTHORIZED_BODY = "401 Unauthorized\n".getBytes(StandardCharsets.UTF_8);

    /** One configured user; {@code algorithm} is empty when the hash has no supported format. */
    private record User(byte[] nameDigest, String hash, Optional<HashAlgorithm> algorithm) {
        boolean verify(byte[] password) {
            return algorithm.isPresent() && algorithm.get().verify(password, hash);
        }
    }

    private final List<User> users;
    private final Optional<User> decoy;
    private final String challenge;
    private final Optional<HttpString> headerField;
    private final boolean removeHeader;
    private final VerifiedCredentialCache verified;
    private final LongAdder authFailed;
    private final HttpHandler next;

    private BasicAuthHandler(List<User> users, String realm, Optional<HttpString> headerField, boolean removeHeader,
            VerifiedCredentialCache verified, LongAdder authFailed, HttpHandler next) {
        this.users = ImmutableList.copyOf(users);
        this.decoy = users.stream().filter(user -> user.algorithm().isPresent()).findFirst();
        this.challenge = "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        this.headerField = headerField;
        this.removeHeader = removeHeader;
        this.verified = verified;
        this.authFailed = authFailed;
        this.next = next;
    }

    /**
     * What wraps a next handler in {@code config}'s authentication, reading its {@code usersFile} now. Users whose
     * hash has no supported format are reported to {@code warnings} and can never log in; refusals are counted in
     * {@code authFailed}.
     *
     * @throws MiddlewareException if the users file cannot be read, an entry or setting is malformed, or there are
     *         no users
     */
    static UnaryOperator<HttpHandler> factory(BasicAuth config, Consumer<MiddlewareWarning> warnings,
            LongAdder authFailed) {
        requireNonNull(config, "config");
        requireNonNull(warnings, "warnings");
        requireNonNull(authFailed, "authFailed");
        ImmutableList.Builder<User> users = ImmutableList.builder();
        for (Map.Entry<String, String> entry : HtpasswdUsers.load(config).entrySet()) {
            Optional<HashAlgorithm> algorithm = HashAlgorithm.of(entry.getValue());
            if (algorithm.isEmpty()) {
                warnings.accept(ToleratedDeviation.BASIC_AUTH_UNCHECKABLE_HASH.warning(config.name(), config.type(),
                        "user \"" + entry.getKey() + "\": hash format not supported (expected: " + HashAlgorithm.SUPPORTED
                        + "); this user cannot log in"));
            }
            users.add(new User(DigestUtils.sha256(entry.getKey()), entry.getValue(), algorithm));
        }
        String realm = config.realm().filter(text -> !text.isEmpty()).orElse(DEFAULT_REALM);
        if (realm.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw invalid(config, "realm has a control character (expected: printable text)");
        }
        Optional<String> headerField = config.headerField().filter(text -> !text.isEmpty());
        if (headerField.isPresent()) {
            try {
                HeaderEdits.checkName(headerField.get());
            } catch (IllegalArgumentException badName) {
                throw invalid(config, "headerField: " + badName.getMessage());
            }
        }
        List<User> checked = users.build();
        Optional<HttpString> field = headerField.map(HttpString::new);
        return next -> new BasicAuthHandler(checked, realm, field, config.removeHeader(),
                new VerifiedCredentialCache(SUCCESS_CACHE_TTL, System::nanoTime), authFailed,
                requireNonNull(next, "next"));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<BasicCredentials> presented =
                BasicCredentials.parse(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (presented.isEmpty()) {
            refuse(exchange);
            return;
        }
        BasicCredentials credentials = presented.get();
        try {
            if (!verified.contains(credentials.user(), credentials.password())) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                if (!verify(credentials)) {
                    refuse(exchange);
                    return;
                }
                verified.remember(credentials.user(), credentials.password());
            }
        } finally {
            credentials.wipe();
        }
        headerField.ifPresent(header -> exchange.getRequestHeaders().put(header, credentials.user()));
        if (removeHeader) {
            exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
        }
        next.handleRequest(exchange);
    }

    private boolean verify(BasicCredentials credentials) {
        byte[] presentedDigest = DigestUtils.sha256(credentials.user());
        User match = null;
        for (User user : users) {
            if (MessageDigest.isEqual(user.nameDigest(), presentedDigest)) {
                match = user;
            }
        }
        if (match == null) {
            decoy.ifPresent(user -> user.verify(credentials.password()));
            return false;
        }
        return match.verify(credentials.password());
    }

    private void refuse(HttpServerExchange exchange) {
        authFailed.increment();
        exchange.setStatusCode(StatusCodes.UNAUTHORIZED);
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, challenge);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, UNAUTHORIZED_BODY.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(UNAUTHORIZED_BODY));
    }

    private static MiddlewareException invalid(BasicAuth config, String message) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, config.name(), config.type(),
                message);
    }
}
