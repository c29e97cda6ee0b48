package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xnio.channels.Configurable;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

class HeldReadSuspensionTest {
    /** A socket's conduit as far as suspending and resuming go: records the calls, holds the readiness handler. */
    private static final class Socket {
        final List<String> calls = new ArrayList<>();
        boolean resumed;
        ReadReadyHandler handler;
        final StreamSourceConduit conduit = (StreamSourceConduit) Proxy.newProxyInstance(
                StreamSourceConduit.class.getClassLoader(), new Class<?>[] {StreamSourceConduit.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "suspendReads" -> {
                        calls.add("suspend");
                        resumed = false;
                        yield null;
                    }
                    case "resumeReads" -> {
                        calls.add("resume");
                        resumed = true;
                        yield null;
                    }
                    case "isReadResumed" -> resumed;
                    case "setReadReadyHandler" -> {
                        handler = (ReadReadyHandler) args[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final Socket socket = new Socket();
    private final ConduitStreamSourceChannel channel = new ConduitStreamSourceChannel(Configurable.EMPTY,
            socket.conduit);
    private final AtomicInteger listened = new AtomicInteger();

    HeldReadSuspensionTest() {
        HeldReadSuspension.install(channel);
        channel.setReadListener(c -> listened.incrementAndGet());
        channel.resumeReads();
        socket.calls.clear();
    }

    @Test
    void aSuspensionResumedBeforeAnyInputNeverReachesTheSocket() {
        channel.suspendReads();
        assertThat(channel.isReadResumed()).isFalse();
        channel.resumeReads();

        assertThat(socket.calls).isEmpty();
        assertThat(channel.isReadResumed()).isTrue();
        socket.handler.readReady();
        assertThat(listened).hasValue(1);
    }

    @Test
    void inputWhileTheSuspensionIsHeldSuspendsTheSocketAndWaitsForTheResume() {
        channel.suspendReads();
        socket.handler.readReady();

        assertThat(listened).hasValue(0);
        assertThat(socket.calls).containsExactly("suspend");
        channel.resumeReads();
        assertThat(socket.calls).containsExactly("suspend", "resume");
        socket.handler.readReady();
        assertThat(listened).hasValue(1);
    }

    @Test
    void readsTurnedOffBelowWhileHeldAreTurnedOnAgainByTheResume() {
        channel.suspendReads();
        socket.resumed = false;

        channel.resumeReads();

        assertThat(socket.calls).containsExactly("resume");
        assertThat(channel.isReadResumed()).isTrue();
    }

    @Test
    void aSuspensionOfReadsNotResumedGoesToTheSocket() {
        channel.suspendReads();
        socket.handler.readReady();
        socket.calls.clear();

        channel.suspendReads();
        assertThat(socket.calls).containsExactly("suspend");
    }
}
