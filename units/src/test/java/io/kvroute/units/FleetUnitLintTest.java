package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of the fleet units: valid [X-Fleet] sections, the seed's scheduling, and fleet-era systemd only. */
class FleetUnitLintTest {
    /** fleet's scheduling options, with the X-Condition names older fleet releases read. */
    private static final Set<String> FLEET_OPTIONS = Set.of("Global", "MachineID", "MachineOf", "MachineMetadata",
            "Conflicts", "Replaces", "X-ConditionMachineID", "X-ConditionMachineOf", "X-ConditionMachineMetadata",
            "X-Conflicts");
    /** [Service] directives systemd 229 (CoreOS 1185, the seed's) knows. */
    private static final Set<String> SYSTEMD_229_SERVICE = Set.of("Type", "User", "Group", "SupplementaryGroups",
            "EnvironmentFile", "ExecStart", "KillSignal", "TimeoutStopSec", "SuccessExitStatus", "Restart",
            "RestartSec", "LimitNOFILE", "AmbientCapabilities", "CapabilityBoundingSet", "NoNewPrivileges",
            "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices");

    static Stream<UnitFile> fleetUnits() {
        return Deployment.fleetUnits().stream();
    }

    private static UnitFile fleetUnit(String name) {
        return Deployment.fleetUnits().stream().filter(unit -> unit.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fleetUnits")
    void the_x_fleet_section_holds_only_fleet_options_with_valid_values(UnitFile unit) {
        assertThat(unit.sections()).containsExactly("Unit", "Service", "X-Fleet");
        List<UnitFile.Entry> options = unit.entries("X-Fleet");
        assertThat(options).isNotEmpty().allSatisfy(option -> assertThat(option.key()).isIn(FLEET_OPTIONS));
        unit.value("X-Fleet", "Global").ifPresent(global -> {
            assertThat(global).isIn("true", "false");
            if (global.equals("true")) {
                assertThat(options).as("a global unit only takes MachineMetadata besides Global")
                        .allSatisfy(option -> assertThat(option.key()).isIn("Global", "MachineMetadata"));
            }
        });
        Stream.of("MachineOf", "Conflicts", "X-ConditionMachineOf").flatMap(key -> unit.values("X-Fleet", key).stream())
                .forEach(name -> assertThat(name).matches("[A-Za-z0-9@%*_.:-]+\\.service"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fleetUnits")
    void uses_the_seeds_host_address_and_only_directives_of_fleet_era_systemd(UnitFile unit) {
        assertThat(unit.values("Service", "EnvironmentFile")).containsExactly("/etc/environment");
        assertThat(Deployment.execStart(unit).flagValue("--etcd.endpoint")).hasValue("${COREOS_PRIVATE_IPV4}:2379");
        assertThat(unit.entries("Service")).allSatisfy(entry -> assertThat(entry.key()).isIn(SYSTEMD_229_SERVICE));
        assertThat(unit.value("Service", "ProtectSystem")).hasValue("full");
    }

    @Test
    void the_agent_runs_once_on_every_machine_and_publishes_its_docker_containers() {
        UnitFile agent = fleetUnit("kvroute-agent.service");

        assertThat(agent.isTemplate()).isFalse();
        assertThat(agent.values("X-Fleet", "Global")).containsExactly("true");
        assertThat(Deployment.execStart(agent).arguments()).contains("agent", "--docker",
                "--host-ip=${COREOS_PRIVATE_IPV4}");
        assertThat(agent.items("Unit", "After")).contains("docker.service");
    }

    @Test
    void proxy_instances_never_share_a_machine() {
        UnitFile proxy = fleetUnit("kvroute-proxy@.service");

        assertThat(proxy.isTemplate()).isTrue();
        String conflicts = proxy.value("X-Fleet", "Conflicts").orElseThrow();
        assertThat(conflicts).isEqualTo("kvroute-proxy@*.service");
        assertThat(FileSystems.getDefault().getPathMatcher("glob:" + conflicts).matches(Path.of("kvroute-proxy@2.service")))
                .isTrue();
        assertThat(Deployment.execStart(proxy).arguments()).contains("proxy", "--web", "--entrypoints.web.address=:80");
    }

    @Test
    void announce_is_the_seeds_sidekick_bound_to_its_app_as_one_static_agent() {
        UnitFile announce = fleetUnit("kvroute-announce@.service");

        assertThat(announce.isTemplate()).isTrue();
        assertThat(announce.values("Unit", "BindsTo")).containsExactly("%i.service");
        assertThat(announce.items("Unit", "After")).contains("%i.service");
        assertThat(announce.values("X-Fleet", "MachineOf")).containsExactly("%i.service");
        ExecCommand exec = Deployment.execStart(announce);
        assertThat(exec.command()).hasValue("agent");
        assertThat(exec.flagValue("--services")).hasValue("/etc/kvroute/announce/%i.yaml");
        assertThat(exec.flagValue("--node-name")).as("a node of its own beside the machine's agent")
                .hasValue("announce-%i");
        assertThat(exec.flagValue("--health.address")).as("no port clash with the machine's agent")
                .hasValue("127.0.0.1:0");
        assertThat(exec.flags()).doesNotContain("--docker");
    }
}
