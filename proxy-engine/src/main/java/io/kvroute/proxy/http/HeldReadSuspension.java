package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Sits right above a client connection's socket and passes a suspension of reads on to the socket only when input
 * comes while reads are suspended. Undertow suspends a connection's reads for every request it starts and resumes
 * them when the request ends (its TLS layer does the same below it), which for a kept-alive connection would change
 * the socket's poll registration twice per request: two {@code epoll_ctl} system calls, about a quarter of the
 * proxy's system calls per request. Held here instead, the suspension costs nothing when no input comes until the
 * reads are resumed, the usual case; input that does come while it is held (a pipelined request, the client closing)
 * is not handed up: it suspends the socket's reads then, as asked, and waits until they are resumed. Readiness is
 * therefore reported up through this conduit ({@link #install}).
 */
final class HeldReadSuspension extends AbstractStreamSourceConduit<StreamSourceConduit> {
    /** Reads suspended from above, not yet passed on to the socket (which still waits for input). */
    private boolean held;

    private HeldReadSuspension(StreamSourceConduit next) {
        super(requireNonNull(next, "next"));
    }

    /**
     * Puts the conduit right above {@code channel}'s conduit (the socket's, on a connection just accepted), with the
     * channel's handler of readiness installed through it.
     */
    static void install(ConduitStreamSourceChannel channel) {
        HeldReadSuspension held = new HeldReadSuspension(channel.getConduit());
        channel.setConduit(held);
        held.setReadReadyHandler(new ReadReadyHandler.ChannelListenerHandler<>(channel));
    }

    @Override
    public void setReadReadyHandler(ReadReadyHandler handler) {
        next.setReadReadyHandler(handler == null ? null : new Ready(handler));
    }

    @Override
    public synchronized void suspendReads() {
        if (next.isReadResumed()) {
            held = true;
        } else {
            next.suspendReads();
        }
    }

    /**
     * Clears a held suspension; the socket's reads are resumed only when they are not (a held suspension left them on,
     * unless a layer below turned them off itself, as XNIO does when it terminates reads).
     */
    @Override
    public synchronized void resumeReads() {
        held = false;
        if (!next.isReadResumed()) {
            next.resumeReads();
        }
    }

    @Override
    public synchronized void wakeupReads() {
        held = false;
        next.wakeupReads();
    }

    @Override
    public synchronized boolean isReadResumed() {
        return !held && next.isReadResumed();
    }

    /** Passes a held suspension on to the socket; true if there was one (the input is then not handed up yet). */
    private synchronized boolean suspendIfHeld() {
        if (!held) {
            return false;
        }
        held = false;
        next.suspendReads();
        return true;
    }

    /** The channel's handler of readiness, not called while a suspension is held. */
    private final class Ready implements ReadReadyHandler {
        private final ReadReadyHandler handler;

        Ready(ReadReadyHandler handler) {
            this.handler = handler;
        }

        @Override
        public void readReady() {
            if (!suspendIfHeld()) {
                handler.readReady();
            }
        }

        @Override
        public void forceTermination() {
            handler.forceTermination();
        }

        @Override
        public void terminated() {
            handler.terminated();
        }
    }
}
