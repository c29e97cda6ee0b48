package io.kvroute.proxy.upstream;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;

/**
 * A transport's checks of server certificates ({@link ServerTrust}, as {@link ServerTls} has them), deciding as they
 * do and remembering per TLS engine why they refused one: Undertow's TLS connection closes on a refused handshake
 * without passing the reason on, and the request's status, the relay's warning or the probe's error should say it.
 * Engines are held weakly; a reason is forgotten once taken. The trust manager of {@link ServerTls#context()}, and of
 * a context of its own ({@link ServerTls#contextChecking}) for a user that takes reasons apart from it.
 */
public final class CertificateRefusals extends ServerTrust {
    private final Map<SSLEngine, CertificateException> refusals = Collections.synchronizedMap(new WeakHashMap<>());

    /** The checks of {@code tls}, recorded. */
    public CertificateRefusals(ServerTls tls) {
        super(requireNonNull(tls, "tls").serverChecks());
    }

    /** Why the certificate of {@code engine}'s server was refused, if it was; forgotten once taken. */
    public Optional<CertificateException> take(SSLEngine engine) {
        return Optional.ofNullable(refusals.remove(requireNonNull(engine, "engine")));
    }

    /**
     * Why the last handshake of one of {@code own}'s engines with {@code host:port} (the name the certificate was
     * checked against) was refused, if it was, for a caller that no longer has the engine; forgotten once taken. The
     * refusals of other users of the context (a mirror's copy, the TCP relay) are never another's answer.
     */
    public Optional<CertificateException> take(String host, int port, Predicate<SSLEngine> own) {
        synchronized (refusals) {
            for (Iterator<Map.Entry<SSLEngine, CertificateException>> it = refusals.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<SSLEngine, CertificateException> refusal = it.next();
                SSLEngine engine = refusal.getKey();
                if (engine != null && own.test(engine) && host.equals(engine.getPeerHost())
                        && engine.getPeerPort() == port) {
                    it.remove();
                    return Optional.of(refusal.getValue());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            super.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException refused) {
            refusals.put(engine, refused);
            throw refused;
        }
    }
}
