package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** An address flag that cannot be bound: its flag, the address as flags spell it, the reason and what to do. */
class CannotListenTest {
    @Test
    void aBusyPortNamesTheFlagAndAsksForAFreePort() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", busy.getLocalPort());
            BindException failure;
            try (ServerSocket second = new ServerSocket()) {
                second.bind(address);
                throw new AssertionError("bound a busy port");
            } catch (BindException e) {
                failure = e;
            }

            assertThat(new CannotListen("--web.address", address, new RuntimeException(failure)))
                    .hasMessage("--web.address=127.0.0.1:" + busy.getLocalPort() + ": cannot listen: address already "
                            + "in use (expected: a free port; stop what listens there or choose another port)");
        }
    }

    /** Linux's error for a port below 1024 without the capability (this test may run as root, who has it). */
    @Test
    void aPrivilegedPortSaysWhatTheProcessNeedsOrWhichPortsAnyoneMayUse() {
        CannotListen failure = new CannotListen("--entrypoints.web.address", new InetSocketAddress(80),
                new UncheckedIOException(new BindException("Permission denied")));

        assertThat(failure).hasMessage("--entrypoints.web.address=:80: cannot listen: permission denied (expected: a "
                + "port from 1024 up such as :8000, or root or CAP_NET_BIND_SERVICE for ports below 1024)");
    }

    @Test
    void anIpv6AddressIsBracketedAsTheFlagTakesIt() {
        CannotListen failure = new CannotListen("--health.address", new InetSocketAddress("::1", 8082),
                new BindException("Cannot assign requested address"));

        assertThat(failure).hasMessage("--health.address=[::1]:8082: cannot listen: not an address of this host "
                + "(expected: an address of this host, or :PORT for every address)");
    }
}
