package io.kvroute.units;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The deployment files of the units module as the tests find them: the unit files under {@code systemd/} and
 * {@code fleet/}, the example env files, and what connects them (launcher path, flag variables, grace flags).
 */
final class Deployment {
    /** Where install.sh puts the launcher by default; every unit runs it. */
    static final String LAUNCHER = "/opt/kvroute/bin/kvroute";
    /** Where the systemd units read their env files from by default. */
    static final String CONF_DIR = "/etc/kvroute";

    private Deployment() {
    }

    /** The units module directory (system property {@code kvroute.units.dir}, set by the pom). */
    static Path unitsDir() {
        String dir = System.getProperty("kvroute.units.dir");
        if (dir == null) {
            throw new IllegalStateException("kvroute.units.dir is not set (expected: run through Maven)");
        }
        return Path.of(dir);
    }

    /** The systemd units, by file name. */
    static List<UnitFile> systemdUnits() {
        return unitsIn(unitsDir().resolve("systemd"));
    }

    /** The fleet units, by file name. */
    static List<UnitFile> fleetUnits() {
        return unitsIn(unitsDir().resolve("fleet"));
    }

    /** Every unit, systemd first. */
    static List<UnitFile> allUnits() {
        List<UnitFile> all = new ArrayList<>(systemdUnits());
        all.addAll(fleetUnits());
        return all;
    }

    /** The example env file of {@code command}: {@code examples/agent.env}, {@code examples/proxy.env}. */
    static EnvFile exampleEnv(String command) {
        try {
            return EnvFile.read(unitsDir().resolve("examples").resolve(command + ".env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The env variable holding the flags of {@code command}: {@code KVROUTE_AGENT_FLAGS}. */
    static String flagsVariable(String command) {
        return "KVROUTE_" + command.toUpperCase(Locale.ROOT) + "_FLAGS";
    }

    /** The command the unit runs ({@code agent}, {@code proxy}). */
    static String commandOf(UnitFile unit) {
        return execStart(unit).command().orElseThrow(
                () -> new IllegalStateException(unit.name() + ": ExecStart has no command (expected: agent or proxy)"));
    }

    /** The unit's one {@code ExecStart=}. */
    static ExecCommand execStart(UnitFile unit) {
        return ExecCommand.parse(unit.value("Service", "ExecStart").orElseThrow(
                () -> new IllegalStateException(unit.name() + ": no ExecStart (expected: one)")));
    }

    /**
     * The command-line words the unit's process gets: ExecStart's arguments with each {@code $VAR} of our own
     * env file replaced by its words in the example env file.
     */
    static List<String> effectiveArguments(UnitFile unit) {
        ExecCommand exec = execStart(unit);
        List<String> words = new ArrayList<>();
        for (String argument : exec.arguments()) {
            if (argument.equals("$" + flagsVariable(commandOf(unit)))) {
                words.addAll(exampleEnv(commandOf(unit)).words(flagsVariable(commandOf(unit))));
            } else {
                words.add(argument);
            }
        }
        return words;
    }

    /**
     * The longest a clean stop of {@code command} may take before it exits, short of the last store call: for the
     * agent {@code --ttl} (the wait for the drained state to reach the store) plus {@code --drain-grace}, for the
     * proxy {@code --shutdown.grace}; each flag from {@code words}, else its default.
     */
    static Duration stopBudget(String command, List<String> words) {
        return switch (command) {
            case "agent" -> Durations.parse(Flags.valueIn(words, "--ttl").orElse("15s"))
                    .plus(Durations.parse(Flags.valueIn(words, "--drain-grace").orElse("5s")));
            case "proxy" -> Durations.parse(Flags.valueIn(words, "--shutdown.grace").orElse("10s"));
            default -> throw new IllegalArgumentException("command: '" + command + "' (expected: agent or proxy)");
        };
    }

    /**
     * Every flag the deployment files pass or suggest, by command: ExecStart lines, the env files' flag variables,
     * and flags named in the env files' comments.
     */
    static Map<String, TreeSet<String>> flagsByCommand() {
        Map<String, TreeSet<String>> flags = new TreeMap<>();
        for (UnitFile unit : allUnits()) {
            flags.computeIfAbsent(commandOf(unit), c -> new TreeSet<>()).addAll(Flags.in(effectiveArguments(unit)));
        }
        for (String command : List.of("agent", "proxy")) {
            EnvFile env = exampleEnv(command);
            TreeSet<String> set = flags.computeIfAbsent(command, c -> new TreeSet<>());
            set.addAll(Flags.in(env.words(flagsVariable(command))));
            set.addAll(env.flagsInComments());
        }
        return flags;
    }

    private static List<UnitFile> unitsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<UnitFile> units = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".service")).sorted().toList()) {
                units.add(UnitFile.read(file));
            }
            return units;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
