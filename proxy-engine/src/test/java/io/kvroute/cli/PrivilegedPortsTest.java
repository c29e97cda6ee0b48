package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether {@code standalone} may take Traefik's :80, from {@code /proc} as Linux shows it to each kind of process. */
class PrivilegedPortsTest {
    private static final String ROOT = "Name:\tjava\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\n"
            + "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n";
    private static final String USER = "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapInh:\t0000000000000000\n"
            + "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n";
    /** A systemd service run as a user with {@code AmbientCapabilities=CAP_NET_BIND_SERVICE}. */
    private static final String USER_WITH_BIND_CAPABILITY = "Name:\tjava\nUid:\t998\t998\t998\t998\n"
            + "CapPrm:\t0000000000000400\nCapEff:\t0000000000000400\n";
    private static final Optional<String> LINUX_DEFAULT = Optional.of("1024\n");

    @Test
    void rootMayBindPort80() {
        assertThat(PrivilegedPorts.mayBind(80, Optional.of(ROOT), LINUX_DEFAULT, "root")).isTrue();
    }

    @Test
    void aUserWithoutTheCapabilityMayNot() {
        assertThat(PrivilegedPorts.mayBind(80, Optional.of(USER), LINUX_DEFAULT, "alice")).isFalse();
    }

    @Test
    void aUserGivenCapNetBindServiceMay() {
        assertThat(PrivilegedPorts.mayBind(80, Optional.of(USER_WITH_BIND_CAPABILITY), LINUX_DEFAULT, "kvroute"))
                .isTrue();
    }

    @Test
    void everybodyMayWhereTheUnprivilegedPortsStartLower() {
        assertThat(PrivilegedPorts.mayBind(80, Optional.of(USER), Optional.of("0\n"), "alice")).isTrue();
        assertThat(PrivilegedPorts.mayBind(80, Optional.of(USER), Optional.of("81\n"), "alice")).isFalse();
    }

    @Test
    void portsFrom1024NeedNothing() {
        assertThat(PrivilegedPorts.mayBind(8000, Optional.of(USER), LINUX_DEFAULT, "alice")).isTrue();
    }

    @Test
    void withoutProcOnlyRootMay() {
        assertThat(PrivilegedPorts.mayBind(80, Optional.empty(), Optional.empty(), "root")).isTrue();
        assertThat(PrivilegedPorts.mayBind(80, Optional.empty(), Optional.empty(), "alice")).isFalse();
    }
}
