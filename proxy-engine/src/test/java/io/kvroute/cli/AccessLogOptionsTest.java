package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Range;
import io.kvroute.proxy.accesslog.AccessLogFields;
import io.kvroute.proxy.accesslog.AccessLogFilters;
import io.kvroute.proxy.accesslog.AccessLogFormat;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.proxy.accesslog.FieldMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * Traefik's {@code --accesslog*} flags as picocli reads them into {@link AccessLogOptions}, and their mistakes as
 * {@code kvroute} reports them: one line naming the flag, exit code 2 for a bad value, 1 for a file that cannot be
 * opened.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AccessLogOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "test")
    static final class Flags {
        @Mixin
        AccessLogOptions accessLog;

        @Unmatched
        List<String> rest = new ArrayList<>();
    }

    private static Optional<AccessLogSettings> parse(String... args) {
        Flags flags = new Flags();
        new CommandLine(flags).parseArgs(args);
        return flags.accessLog.settings(flags.rest);
    }

    @Test
    void withoutFlagsThereIsNoAccessLog() {
        assertThat(parse()).isEmpty();
    }

    @Test
    void accesslogAloneIsTraefiksDefaults() {
        assertThat(parse("--accesslog")).contains(AccessLogSettings.defaults());
        assertThat(AccessLogSettings.defaults().fields().header("User-Agent")).isEqualTo(FieldMode.DROP);
    }

    @Test
    void anySettingTurnsItOnAndFalseKeepsItOff() {
        assertThat(parse("--accesslog.filepath=/var/log/kvroute/access.log")).get()
                .extracting(AccessLogSettings::filePath).isEqualTo(Optional.of(Path.of("/var/log/kvroute/access.log")));
        assertThat(parse("--accesslog=false", "--accesslog.format=json")).isEmpty();
    }

    @Test
    void everyFlagSetsWhatTraefiksDoes() {
        Optional<AccessLogSettings> settings = parse("--accessLog.format=json", "--accesslog.bufferingsize=10",
                "--accesslog.fields.defaultmode=drop", "--accesslog.fields.names.ClientHost=keep",
                "--accesslog.fields.headers.defaultmode=keep", "--accesslog.fields.headers.names.Authorization",
                "redact", "--accesslog.filters.statuscodes=404,500-599", "--accesslog.filters.retryattempts",
                "--accesslog.filters.minduration=10ms");

        assertThat(settings).contains(new AccessLogSettings(AccessLogFormat.JSON, Optional.empty(),
                new AccessLogFields(FieldMode.DROP, Map.of("clienthost", FieldMode.KEEP), FieldMode.KEEP,
                        Map.of("authorization", FieldMode.REDACT)),
                new AccessLogFilters(List.of(Range.closed(404, 404), Range.closed(500, 599)), true,
                        Duration.ofMillis(10)), 10));
        assertThat(settings.get().fields().keeps("CLIENTHOST")).isTrue();
        assertThat(settings.get().fields().keeps("RouterName")).isFalse();
    }

    @Test
    void thePerNameFlagsAreTakenOutOfTheEntryPointFlags() {
        assertThat(AccessLogOptions.withoutNames(List.of("--entrypoints.web.address=:80",
                "--accesslog.fields.names.ClientHost", "drop", "--accesslog.fields.headers.names.X-Id=keep")))
                .containsExactly("--entrypoints.web.address=:80");
    }

    @Test
    void anUnknownFormatIsOneLineNamingTheFlagAndTheFormats() {
        KvrouteRun run = KvrouteRun.of("proxy", "--etcd.endpoint=127.0.0.1:2379", "--accesslog.format=xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute proxy: --accesslog.format=xml: unknown format (expected common, genericCLF, json)",
                "Try 'kvroute proxy --help' for the flags.");
    }

    @Test
    void redactingAFieldIsRefusedRatherThanLoggingIt() {
        KvrouteRun run = KvrouteRun.of("proxy", "--etcd.endpoint=127.0.0.1:2379",
                "--accesslog.fields.names.ClientHost=redact");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute proxy: --accesslog.fields.names.ClientHost=redact: unknown mode (expected keep or drop; "
                        + "redact applies to headers)",
                "Try 'kvroute proxy --help' for the flags.");
    }

    @Test
    void aStatusCodeListWithSomethingElseNamesTheItem() {
        KvrouteRun run = KvrouteRun.of("proxy", "--etcd.endpoint=127.0.0.1:2379",
                "--accesslog.filters.statuscodes=404,5xx");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute proxy: --accesslog.filters.statuscodes=404,5xx: \"5xx\" is not a status code or range "
                        + "(expected e.g. 404 or 500-599)",
                "Try 'kvroute proxy --help' for the flags.");
    }

    @Test
    void aFileThatCannotBeOpenedIsARuntimeFailureNamingTheFlag() throws IOException {
        Path services = dir.resolve("services.yaml");
        Files.writeString(services, """
                services:
                  - name: hello
                    rule: Host(`hello.localhost`)
                    servers:
                      - url: http://127.0.0.1:9001
                """, StandardCharsets.UTF_8);
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path log = notADirectory.resolve("access.log");

        KvrouteRun run = KvrouteRun.of("standalone", "--services", services.toString(),
                "--entrypoints.web.address=127.0.0.1:0", "--accesslog.filepath=" + log);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("kvroute standalone: --accesslog.filepath=" + log
                + ": cannot open for appending (").endsWith("; expected a file this process may create and write)");
    }
}
