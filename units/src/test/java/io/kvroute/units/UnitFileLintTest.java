package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of every unit (systemd and fleet), and of the systemd units with their example env files. */
class UnitFileLintTest {

    static Stream<UnitFile> allUnits() {
        return Deployment.allUnits().stream();
    }

    static Stream<UnitFile> systemdUnits() {
        return Deployment.systemdUnits().stream();
    }

    @Test
    void the_units_are_the_two_systemd_services_and_the_three_fleet_units() {
        assertThat(Deployment.systemdUnits()).extracting(UnitFile::name)
                .containsExactly("kvroute-agent.service", "kvroute-proxy.service");
        assertThat(Deployment.fleetUnits()).extracting(UnitFile::name)
                .containsExactly("kvroute-agent.service", "kvroute-announce@.service", "kvroute-proxy@.service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allUnits")
    void runs_the_installed_launcher_with_a_kvroute_command_in_the_foreground(UnitFile unit) {
        assertThat(unit.value("Unit", "Description")).isPresent();
        assertThat(Deployment.execStart(unit).program()).isEqualTo(Deployment.LAUNCHER);
        assertThat(Deployment.commandOf(unit)).isIn("agent", "proxy");
        assertThat(unit.value("Service", "Type")).hasValue("simple");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allUnits")
    void restarts_always_and_stops_by_SIGTERM_with_time_for_drain_and_grace(UnitFile unit) {
        assertThat(unit.value("Service", "Restart")).hasValue("always");
        assertThat(unit.value("Service", "KillSignal")).hasValue("SIGTERM");
        assertThat(unit.value("Service", "SuccessExitStatus")).hasValue("143");
        Duration timeoutStop = Durations.parse(unit.value("Service", "TimeoutStopSec").orElseThrow());
        Duration budget = Deployment.stopBudget(Deployment.commandOf(unit), Deployment.effectiveArguments(unit));
        assertThat(timeoutStop).as("TimeoutStopSec against drain and grace").isGreaterThanOrEqualTo(budget.plusSeconds(10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allUnits")
    void every_service_directive_has_a_comment_directly_above_it(UnitFile unit) {
        assertThat(unit.entries("Service")).allSatisfy(entry -> assertThat(entry.comments())
                .as("comment above %s:%d %s", unit.name(), entry.line(), entry.key()).isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allUnits")
    void runs_as_the_kvroute_user_with_no_capability_but_binding_low_ports_for_the_proxy(UnitFile unit) {
        assertThat(unit.value("Service", "User")).hasValue("kvroute");
        assertThat(unit.value("Service", "Group")).hasValue("kvroute");
        assertThat(unit.value("Service", "NoNewPrivileges")).hasValue("true");
        boolean proxy = Deployment.commandOf(unit).equals("proxy");
        assertThat(unit.value("Service", "CapabilityBoundingSet")).hasValue(proxy ? "CAP_NET_BIND_SERVICE" : "");
        assertThat(unit.values("Service", "AmbientCapabilities"))
                .isEqualTo(proxy ? List.of("CAP_NET_BIND_SERVICE") : List.of());
        boolean docker = Deployment.effectiveArguments(unit).contains("--docker");
        assertThat(unit.values("Service", "SupplementaryGroups")).isEqualTo(docker ? List.of("docker") : List.of());
        assertThat(unit.values("Service", "MemoryDenyWriteExecute")).as("the JIT needs W+X pages").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allUnits")
    void starts_after_the_network_is_up(UnitFile unit) {
        assertThat(unit.items("Unit", "After")).contains("network-online.target");
        assertThat(unit.items("Unit", "Wants")).contains("network-online.target");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systemdUnits")
    void a_systemd_unit_takes_its_flags_from_its_env_file_and_starts_after_docker(UnitFile unit) {
        String command = Deployment.commandOf(unit);
        String variable = Deployment.flagsVariable(command);
        assertThat(unit.values("Service", "EnvironmentFile")).containsExactly("/etc/kvroute/" + command + ".env");
        assertThat(Deployment.execStart(unit).arguments()).containsExactly(command, "$" + variable);
        assertThat(Deployment.execStart(unit).splitVariables()).containsExactly(variable);
        assertThat(unit.items("Unit", "After")).contains("docker.service");
        assertThat(unit.values("Install", "WantedBy")).containsExactly("multi-user.target");

        EnvFile env = Deployment.exampleEnv(command);
        assertThat(env.variables()).as("the launcher's JVM defaults apply: the examples leave KVROUTE_JAVA_OPTS unset")
                .containsOnlyKeys(variable);
        assertThat(env.words(variable)).anyMatch(word -> word.startsWith("--etcd.endpoint=")
                || word.startsWith("--consul.endpoint="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systemdUnits")
    void a_systemd_unit_carries_the_full_sandbox(UnitFile unit) {
        Map<String, String> sandbox = new LinkedHashMap<>();
        sandbox.put("UMask", "0077");
        sandbox.put("ProtectSystem", "strict");
        sandbox.put("ProtectHome", "true");
        sandbox.put("PrivateTmp", "true");
        sandbox.put("PrivateDevices", "true");
        sandbox.put("ProtectProc", "invisible");
        sandbox.put("ProtectKernelTunables", "true");
        sandbox.put("ProtectKernelModules", "true");
        sandbox.put("ProtectKernelLogs", "true");
        sandbox.put("ProtectControlGroups", "true");
        sandbox.put("ProtectClock", "true");
        sandbox.put("ProtectHostname", "true");
        sandbox.put("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6");
        sandbox.put("RestrictNamespaces", "true");
        sandbox.put("RestrictRealtime", "true");
        sandbox.put("RestrictSUIDSGID", "true");
        sandbox.put("LockPersonality", "true");
        sandbox.put("SystemCallArchitectures", "native");
        sandbox.put("SystemCallFilter", "@system-service");
        sandbox.put("SystemCallErrorNumber", "EPERM");
        sandbox.forEach((key, value) -> assertThat(unit.value("Service", key)).as(key).hasValue(value));
    }
}
