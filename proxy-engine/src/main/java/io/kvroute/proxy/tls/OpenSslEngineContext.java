package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A server {@link SSLContext} whose engines are Netty's OpenSSL (BoringSSL) engines of one Netty {@link SslContext}:
 * plain {@link SSLEngine}s that Undertow's TLS connection drives as it drives the JDK's, each in an
 * {@link OpenSslServerEngine} (one record per small response, no exception per connection closed by this side). Its
 * engines free their native state when closed, or once unreachable. Engines only: no sockets, and it is initialised by Netty's builder,
 * not by {@link SSLContext#init}.
 */
final class OpenSslEngineContext extends SSLContext {
    OpenSslEngineContext(SslContext netty) {
        super(new Spi(requireNonNull(netty, "netty")), null, "TLS");
    }

    private static final class Spi extends SSLContextSpi {
        private final SslContext netty;

        Spi(SslContext netty) {
            this.netty = netty;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("an OpenSSL engine context is set up by Netty's SslContextBuilder");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new OpenSslServerEngine(netty.newEngine(ByteBufAllocator.DEFAULT));
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new OpenSslServerEngine(netty.newEngine(ByteBufAllocator.DEFAULT, host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return netty.sessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw new UnsupportedOperationException("a server context has no client sessions");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw new UnsupportedOperationException("an OpenSSL engine context makes engines, not sockets");
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("an OpenSSL engine context makes engines, not sockets");
        }
    }
}
