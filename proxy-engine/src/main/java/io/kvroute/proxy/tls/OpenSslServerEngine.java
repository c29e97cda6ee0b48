package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.netty.util.ReferenceCounted;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One of Netty's OpenSSL (BoringSSL) server engines as Undertow's TLS connection drives it, doing what the engine does
 * with these differences, most of them costing less per connection and per response, on the wire and in CPU:
 * <ul>
 * <li>A wrap of several buffers whose bytes fit in one TLS record is one record. Netty's engine, in the JDK's
 * semantics, makes one record of each buffer, and Undertow writes each record as it comes: a response's header
 * buffer and body buffer were two records and two socket writes. Here their bytes are gathered into one record
 * (through a per-thread buffer, at most {@link #MAX_RECORD_PLAINTEXT} bytes, the wrap being synchronous).</li>
 * <li>The peer's plain end of stream once this side's {@code close_notify} is out (the exchange done and the
 * connection closed by this side, as after {@code Connection: close}) frees the engine, as the engine's own
 * {@code closeInbound} does then, without the {@link SSLException} it also throws when the peer sent no
 * {@code close_notify} of its own: nothing is left to read that a truncation could cut. Before that, an end of stream
 * is reported as the engine reports it.</li>
 * <li>Parameters set back as they were read are not applied again. Undertow's ALPN reads each connection's engine
 * parameters, adds the application protocols (which the context carries already) and sets them, which on Netty's
 * engine converts and sets the cipher suites and versions once more, natively: about 7 us of CPU per connection.
 * Here only the suites and versions that differ from those read are set; the rest of the parameters as given.</li>
 * <li>A failed handshake's alert reaches the client. Netty's engine hands out the alert with {@code NEED_WRAP} and
 * throws at the next wrap; Undertow wraps again at once, into the same buffer, and closes without writing it when
 * that wrap throws. Here a wrap that throws while the buffer holds bytes not yet written answers {@code CLOSED}
 * instead, so Undertow writes them (the {@code protocol_version}, {@code unrecognized_name} or certificate alert a
 * client reports, as Traefik's Go TLS sends it), and the failure is thrown at the next call; the connection closes
 * once they are written ({@link #whenAlertHandedOut}), as Go closes it.</li>
 * <li>The engine is freed exactly once, when its connection is done with it ({@link #closeInbound}): also after a
 * refused handshake and when the peer closed first, where Netty's engine would keep its native state and its
 * context until finalization.</li>
 * </ul>
 * Everything else (handshake, key manager and trust calls, which get the engine itself, ALPN, session) is the
 * engine's.
 */
final class OpenSslServerEngine extends SSLEngine {
    /** The most plaintext one TLS record carries (TLS 1.2 and 1.3). */
    static final int MAX_RECORD_PLAINTEXT = 16 * 1024;

    private static final ThreadLocal<ByteBuffer> GATHERED =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_RECORD_PLAINTEXT));

    private final SSLEngine engine;
    /**
     * The cipher suites and versions the engine had when its parameters were last read ({@link #getSSLParameters}),
     * until something sets them; null when unknown.
     */
    private String[] suitesRead;
    private String[] versionsRead;
    /** A wrap's failure held back while the alert before it is written; thrown by the next wrap or unwrap. */
    private SSLException failureAfterAlert;
    /** Run when a failed handshake's alert is handed out (the connection closes once it is written). */
    private volatile Runnable alertHandedOut = () -> { };
    /** Whether the engine was freed, its inbound side closed by a caller, a wrap or unwrap failed. */
    private boolean released;
    private boolean inboundClosed;
    private volatile boolean failed;

    /** @param engine a Netty OpenSSL server engine (reference counted: freed by its last release) */
    OpenSslServerEngine(SSLEngine engine) {
        super(engine.getPeerHost(), engine.getPeerPort());
        if (!(engine instanceof ReferenceCounted)) {
            throw new IllegalArgumentException("not a Netty OpenSSL engine: " + engine.getClass().getName());
        }
        this.engine = engine;
    }

    /** Has {@code action} run when a failed handshake's alert is handed out to be written. */
    void whenAlertHandedOut(Runnable action) {
        alertHandedOut = requireNonNull(action, "action");
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        throwHeldFailure();
        int gathered = gatherable(srcs, offset, length);
        if (gathered == 0) {
            try {
                return releasedWhenDone(engine.wrap(srcs, offset, length, dst));
            } catch (SSLException e) {
                return afterAlert(e, dst);
            }
        }
        ByteBuffer record = GATHERED.get().clear();
        for (int i = offset; record.position() < gathered; i++) {
            ByteBuffer src = srcs[i].duplicate();
            src.limit(src.position() + Math.min(src.remaining(), gathered - record.position()));
            record.put(src);
        }
        record.flip();
        SSLEngineResult result;
        try {
            result = engine.wrap(record, dst);
        } catch (SSLException e) {
            return afterAlert(e, dst);
        }
        int consumed = result.bytesConsumed();
        for (int i = offset; consumed > 0; i++) {
            int step = Math.min(consumed, srcs[i].remaining());
            srcs[i].position(srcs[i].position() + step);
            consumed -= step;
        }
        return result;
    }

    /**
     * How many bytes of {@code srcs} one gathered record carries: 0 (wrap as the engine does) unless the handshake is
     * done and at least two buffers have bytes within the first {@link #MAX_RECORD_PLAINTEXT}.
     */
    private int gatherable(ByteBuffer[] srcs, int offset, int length) {
        if (length < 2 || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            return 0;
        }
        int total = 0;
        int buffers = 0;
        for (int i = offset; i < offset + length && total < MAX_RECORD_PLAINTEXT; i++) {
            int remaining = requireNonNull(srcs[i], "srcs[i]").remaining();
            if (remaining > 0) {
                buffers++;
                total += Math.min(remaining, MAX_RECORD_PLAINTEXT - total);
            }
        }
        return buffers < 2 ? 0 : total;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        throwHeldFailure();
        try {
            return releasedWhenDone(engine.wrap(src, dst));
        } catch (SSLException e) {
            return afterAlert(e, dst);
        }
    }

    /**
     * {@code result}, after freeing the engine when this wrap put out the last of this side's {@code close_notify}
     * and the inbound side was closed before: the peer closed first, and Undertow closes the inbound side only once.
     */
    private SSLEngineResult releasedWhenDone(SSLEngineResult result) {
        synchronized (engine) {
            if (inboundClosed && !released && engine.isOutboundDone()) {
                release();
            }
        }
        return result;
    }

    /**
     * {@code CLOSED}, holding {@code failure} back, when {@code dst} has bytes an earlier wrap put there (the alert)
     * that the caller has not written yet; else throws it.
     */
    private SSLEngineResult afterAlert(SSLException failure, ByteBuffer dst) throws SSLException {
        failed = true;
        if (dst.position() == 0) {
            throw failure;
        }
        failureAfterAlert = failure;
        alertHandedOut.run();
        return new SSLEngineResult(SSLEngineResult.Status.CLOSED, SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING,
                0, 0);
    }

    private void throwHeldFailure() throws SSLException {
        SSLException failure = failureAfterAlert;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
        return wrap(srcs, 0, srcs.length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        throwHeldFailure();
        try {
            return engine.unwrap(src, dsts, offset, length);
        } catch (SSLException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        throwHeldFailure();
        try {
            return engine.unwrap(src, dst);
        } catch (SSLException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts) throws SSLException {
        throwHeldFailure();
        try {
            return engine.unwrap(src, dsts);
        } catch (SSLException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Closes the inbound side; frees the engine once nothing is left for it to do: this side's {@code close_notify}
     * is out, the engine failed (a refused handshake), or the inbound side was closed before (Undertow's connection
     * closes it last, once more when this side closed first). When the peer's end of stream closed it first, the wrap
     * that puts out this side's {@code close_notify} frees it ({@link #releasedWhenDone}).
     */
    @Override
    public void closeInbound() throws SSLException {
        // Under the engine's own lock (Netty's engine methods synchronize on it): Undertow may close the inbound side
        // on the IO thread while another thread closes the connection, and two releases would throw.
        synchronized (engine) {
            if (released) {
                return;
            }
            if (engine.isOutboundDone() || inboundClosed || failed) {
                release();
                return;
            }
            inboundClosed = true;
            if (!engine.isInboundDone()) {
                engine.closeInbound();
            }
        }
    }

    /** Frees the engine once (guarded by the engine's lock). */
    private void release() {
        released = true;
        ((ReferenceCounted) engine).release();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public SSLSession getSession() {
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        suitesRead = null;
        versionsRead = null;
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        suitesRead = null;
        versionsRead = null;
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        SSLParameters params = engine.getSSLParameters();
        suitesRead = params.getCipherSuites();
        versionsRead = params.getProtocols();
        return params;
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        String[] suites = params.getCipherSuites();
        String[] versions = params.getProtocols();
        boolean sameSuites = suites != null && Arrays.equals(suites, suitesRead);
        boolean sameVersions = versions != null && Arrays.equals(versions, versionsRead);
        suitesRead = null;
        versionsRead = null;
        if (sameSuites) {
            params.setCipherSuites(null);
        }
        if (sameVersions) {
            params.setProtocols(null);
        }
        try {
            engine.setSSLParameters(params);
        } finally {
            params.setCipherSuites(suites);
            params.setProtocols(versions);
        }
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "OpenSslServerEngine[" + engine + "]";
    }
}
