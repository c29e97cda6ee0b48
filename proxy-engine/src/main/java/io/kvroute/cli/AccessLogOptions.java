package io.kvroute.cli;

import io.kvroute.kv.cli.DurationConverter;
import io.kvroute.proxy.accesslog.AccessLogFields;
import io.kvroute.proxy.accesslog.AccessLogFilters;
import io.kvroute.proxy.accesslog.AccessLogFormat;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.proxy.accesslog.FieldMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Traefik's access log flags: {@code --accesslog} and its settings as options, and the per-field and per-header
 * modes, whose flag names carry the field's or header's name ({@code --accesslog.fields.names.NAME=MODE},
 * {@code --accesslog.fields.headers.names.NAME=MODE}), taken from the arguments picocli leaves over. As in Traefik,
 * any {@code --accesslog.*} flag turns the access log on; {@code --accesslog=false} keeps it off.
 */
final class AccessLogOptions {
    /** A per-name mode flag; the value follows {@code =} or comes as the next argument. */
    static final Pattern NAMED = Pattern.compile("--accesslog\\.fields\\.(headers\\.)?names\\.([^=]+)(?:=(.*))?",
            Pattern.CASE_INSENSITIVE);

    @Option(names = {"--accesslog", "--accessLog"}, arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Write an access log line per request, as Traefik's --accesslog (on standard output "
                    + "unless --accesslog.filepath).")
    Boolean enabled;

    @Option(names = {"--accesslog.filepath", "--accessLog.filePath"}, paramLabel = "FILE",
            description = "Append access log lines to FILE (created with its directories) instead of standard output.")
    Path filePath;

    @Option(names = {"--accesslog.format", "--accessLog.format"}, paramLabel = "common|genericCLF|json",
            description = "Traefik's line format: common (CLF plus request count, \"router\", \"server URL\" and "
                    + "duration in ms), genericCLF or json (Traefik's field names) (default: common).")
    String format;

    @Option(names = {"--accesslog.bufferingsize", "--accessLog.bufferingSize"}, paramLabel = "N",
            description = "Lines that may wait for the writer thread; a line finding none free is dropped and "
                    + "counted in kvroute_accesslog_dropped_total, never waited for (default and 0: "
                    + AccessLogSettings.DEFAULT_BUFFER + ").")
    Integer bufferingSize;

    @Option(names = {"--accesslog.fields.defaultmode", "--accessLog.fields.defaultMode"}, paramLabel = "keep|drop",
            description = "Whether fields are logged unless named with --accesslog.fields.names.NAME=keep|drop "
                    + "(NAME as Traefik's: ClientHost, RequestPath, RouterName, ...; default: keep).")
    String fieldsDefaultMode;

    @Option(names = {"--accesslog.fields.headers.defaultmode", "--accessLog.fields.headers.defaultMode"},
            paramLabel = "keep|drop|redact",
            description = "What happens to headers unless named with --accesslog.fields.headers.names.NAME="
                    + "keep|drop|redact (default: drop).")
    String headersDefaultMode;

    @Option(names = {"--accesslog.filters.statuscodes", "--accessLog.filters.statusCodes"}, paramLabel = "CODES",
            description = "Log only requests with these statuses, e.g. 404,500-599 (or meeting another filter).")
    String statusCodes;

    @Option(names = {"--accesslog.filters.retryattempts", "--accessLog.filters.retryAttempts"}, arity = "0..1",
            fallbackValue = "true", paramLabel = "true|false",
            description = "Log requests that were retried (or meet another filter).")
    Boolean retryAttempts;

    @Option(names = {"--accesslog.filters.minduration", "--accessLog.filters.minDuration"}, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Log requests that took longer than this (or meet another filter).")
    Duration minDuration;

    /** {@code args} without the per-name mode flags and their values. */
    static List<String> withoutNames(List<String> args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Matcher named = NAMED.matcher(args.get(i));
            if (!named.matches()) {
                rest.add(args.get(i));
            } else if (named.group(3) == null) {
                i++;
            }
        }
        return rest;
    }

    /**
     * The access log the flags ask for, if any; {@code args} are the arguments picocli left over (the per-name mode
     * flags among them).
     *
     * @throws IllegalArgumentException naming the flag whose value is wrong
     */
    Optional<AccessLogSettings> settings(List<String> args) {
        Map<String, FieldMode> names = new LinkedHashMap<>();
        Map<String, FieldMode> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            Matcher named = NAMED.matcher(args.get(i));
            if (!named.matches()) {
                continue;
            }
            boolean header = named.group(1) != null;
            String flag = "--accesslog.fields." + (header ? "headers." : "") + "names." + named.group(2);
            String value = named.group(3);
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(flag + ": missing value (expected "
                            + (header ? "keep, drop or redact" : "keep or drop") + ")");
                }
                value = args.get(++i);
            }
            (header ? headers : names).put(named.group(2), FieldMode.of(flag, value, header));
        }
        boolean anySetting = filePath != null || format != null || bufferingSize != null || fieldsDefaultMode != null
                || headersDefaultMode != null || statusCodes != null || retryAttempts != null || minDuration != null
                || !names.isEmpty() || !headers.isEmpty();
        if (Boolean.FALSE.equals(enabled) || enabled == null && !anySetting) {
            return Optional.empty();
        }
        AccessLogFields defaults = AccessLogFields.DEFAULT;
        AccessLogFields fields = new AccessLogFields(
                fieldsDefaultMode == null ? defaults.defaultMode()
                        : FieldMode.of("--accesslog.fields.defaultmode", fieldsDefaultMode, false),
                names,
                headersDefaultMode == null ? defaults.headersDefaultMode()
                        : FieldMode.of("--accesslog.fields.headers.defaultmode", headersDefaultMode, true),
                headers);
        AccessLogFilters filters = new AccessLogFilters(
                statusCodes == null ? List.of() : AccessLogFilters.statusCodes(statusCodes),
                Boolean.TRUE.equals(retryAttempts), minDuration == null ? Duration.ZERO : minDuration);
        return Optional.of(new AccessLogSettings(format == null ? AccessLogFormat.COMMON : AccessLogFormat.of(format),
                Optional.ofNullable(filePath), fields, filters, bufferingSize == null ? 0 : bufferingSize));
    }
}
