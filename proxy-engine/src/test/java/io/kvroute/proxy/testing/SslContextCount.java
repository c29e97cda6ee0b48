package io.kvroute.proxy.testing;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Counts the {@code TLS} contexts made on the thread that opened it, from opening to closing: while open, a provider
 * first in the JDK's list answers {@code SSLContext.getInstance("TLS")} with the JDK's own context behind a counting
 * front, so the code under test runs as it does in production. Contexts made on other threads (tests running beside
 * this one) are not counted.
 */
public final class SslContextCount implements AutoCloseable {
    private static final String PROVIDER = "KvrouteSslContextCount";
    private static final String JDK_PROVIDER = "SunJSSE";

    private final Thread counted = Thread.currentThread();
    private final AtomicInteger made = new AtomicInteger();

    private SslContextCount() {
    }

    /** Starts counting the contexts this thread makes. */
    public static SslContextCount start() {
        SslContextCount count = new SslContextCount();
        Provider provider = new Provider(PROVIDER, "1", "counts the TLS contexts made") {
            {
                putService(new Service(this, "SSLContext", "TLS", CountingContext.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                        return count.new CountingContext();
                    }
                });
            }
        };
        if (Security.insertProviderAt(provider, 1) != 1) {
            throw new IllegalStateException("another " + PROVIDER + " is installed: one count at a time");
        }
        return count;
    }

    /** The contexts made on the counted thread so far. */
    public int made() {
        return made.get();
    }

    @Override
    public void close() {
        Security.removeProvider(PROVIDER);
    }

    /** The JDK's TLS context, counted when it is initialised on the counted thread. */
    private final class CountingContext extends SSLContextSpi {
        private final SSLContext jdk;

        CountingContext() throws NoSuchAlgorithmException {
            try {
                jdk = SSLContext.getInstance("TLS", JDK_PROVIDER);
            } catch (NoSuchProviderException e) {
                throw new NoSuchAlgorithmException(JDK_PROVIDER + " is not installed", e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            jdk.init(keys, trust, random);
            if (Thread.currentThread() == counted) {
                made.incrementAndGet();
            }
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return jdk.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return jdk.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return jdk.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return jdk.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return jdk.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return jdk.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return jdk.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return jdk.getSupportedSSLParameters();
        }
    }
}
