package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.net.URL;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * One resolver's conversation with its CA (acme4j): creating an account, and ordering one certificate over HTTP-01,
 * or TLS-ALPN-01 when the resolver has no {@code httpChallenge} but {@code tlsChallenge} (order, publish every
 * pending authorization's answer, trigger, poll, finalize with a fresh key of the resolver's key type, download, pick
 * the preferred chain). Blocking; called from the manager's worker thread only.
 */
final class AcmeOrderer {
    /** How long one order may take from creation to download before it counts as failed. */
    private static final Duration ORDER_TIMEOUT = Duration.ofMinutes(2);

    /** Makes one challenge's answer available to the CA (on every proxy of the store) before it is triggered. */
    interface AnswerPublisher {
        /** The key authorization to answer {@code /.well-known/acme-challenge/TOKEN} with. */
        void http01(String token, String keyAuthorization) throws InterruptedException;

        /** The certificate (RFC 8737) and its key to present to a TLS-ALPN-01 validation of {@code name}. */
        void tlsAlpn01(String name, X509Certificate certificate, KeyPair key) throws InterruptedException;
    }

    private final AcmeResolverSettings settings;
    private final Session session;
    private final Duration pollInterval;
    private final Clock clock;

    AcmeOrderer(AcmeResolverSettings settings, Optional<SSLContext> trust, Duration pollInterval, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.session = new Session(settings.caServer(), new TrustingAcmeProvider(trust));
        this.pollInterval = requireNonNull(pollInterval, "pollInterval");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Registers a new account with a fresh key (agreeing to the CA's terms, as Traefik does); returns its URL. */
    URL createAccount(KeyPair key) throws AcmeException {
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
        settings.email().ifPresent(builder::addEmail);
        Account account = builder.create(session);
        return account.getLocation();
    }

    /** The login of a stored account. */
    Login login(URL account, KeyPair key) {
        return session.login(account, key);
    }

    /**
     * Orders a certificate for {@code domains}.
     *
     * @throws AcmeException the CA refused, failed a challenge or could not be reached (the message says which)
     */
    AcmeCertificate order(Login login, CertificateDomains domains, AnswerPublisher answers)
            throws AcmeException, InterruptedException {
        Instant deadline = clock.instant().plus(ORDER_TIMEOUT);
        Order order = login.newOrder().domains(domains.names()).create();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.VALID) {
                continue;
            }
            Challenge challenge = settings.httpChallengeEntryPoint().isPresent()
                    ? http01(authorization, answers) : tlsAlpn01(authorization, answers);
            challenge.trigger();
        }
        for (Authorization authorization : order.getAuthorizations()) {
            Status status = await(authorization, deadline);
            if (status != Status.VALID) {
                throw new AcmeException("the authorization of " + authorization.getIdentifier().getDomain() + " is "
                        + status + problemOf(authorization));
            }
        }
        KeyPair key = settings.keyType().generate();
        order.execute(key);
        Status status = await(order, deadline);
        if (status != Status.VALID) {
            throw new AcmeException("the order for " + domains.id() + " is " + status
                    + order.getError().map(problem -> ": " + problem).orElse(""));
        }
        Certificate certificate = order.getCertificate();
        Certificate chosen = settings.preferredChain().flatMap(certificate::findCertificate).orElse(certificate);
        List<X509Certificate> chain = chosen.getCertificateChain();
        return new AcmeCertificate(settings.name(), domains, chain, key.getPrivate());
    }

    private static Challenge http01(Authorization authorization, AnswerPublisher answers)
            throws AcmeException, InterruptedException {
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class)
                .orElseThrow(() -> new AcmeException("the CA offers no http-01 challenge for "
                        + authorization.getIdentifier().getDomain()));
        answers.http01(challenge.getToken(), challenge.getAuthorization());
        return challenge;
    }

    /**
     * Publishes the challenge certificate of a fresh RSA key for the name: it signs nothing but itself, and acme4j
     * signs it SHA256withRSA whatever the resolver's key type.
     */
    private Challenge tlsAlpn01(Authorization authorization, AnswerPublisher answers)
            throws AcmeException, InterruptedException {
        TlsAlpn01Challenge challenge = authorization.findChallenge(TlsAlpn01Challenge.class)
                .orElseThrow(() -> new AcmeException("the CA offers no tls-alpn-01 challenge for "
                        + authorization.getIdentifier().getDomain()));
        KeyPair key = AcmeKeyType.RSA2048.generate();
        answers.tlsAlpn01(authorization.getIdentifier().getDomain().toLowerCase(Locale.ROOT),
                challenge.createCertificate(key, authorization.getIdentifier()), key);
        return challenge;
    }

    private static String problemOf(Authorization authorization) {
        return authorization.getChallenges().stream()
                .flatMap(challenge -> challenge.getError().stream())
                .map(problem -> ": " + problem)
                .findFirst().orElse("");
    }

    /** Polls {@code resource} until it is VALID or INVALID, honouring the CA's Retry-After, until {@code deadline}. */
    private Status await(PollableResource resource, Instant deadline) throws AcmeException, InterruptedException {
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            Status status = resource.getStatus();
            if (status == Status.VALID || status == Status.INVALID) {
                return status;
            }
            Instant now = clock.instant();
            if (now.isAfter(deadline)) {
                throw new AcmeException("no answer from the CA within " + ORDER_TIMEOUT.toSeconds()
                        + " s (status " + status + ")");
            }
            Instant next = retryAfter.filter(after -> after.isAfter(now)).orElse(now.plus(pollInterval));
            Thread.sleep(Math.max(1, Duration.between(now, next).toMillis()));
        }
    }
}
