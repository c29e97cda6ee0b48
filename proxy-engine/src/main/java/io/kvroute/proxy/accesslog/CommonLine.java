package io.kvroute.proxy.accesslog;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Traefik's {@code common} and {@code genericCLF} lines ({@code logger_formatters.go}):
 * <pre>
 * ClientHost - ClientUsername [StartUTC] "RequestMethod RequestPath RequestProtocol" DownstreamStatus
 *     DownstreamContentSize "Referer" "User-Agent" RequestCount "RouterName" "ServiceURL" Durationms
 * </pre>
 * on one line, the generic CLF ending after the user agent. A field that is dropped or empty shows as {@code -}
 * ({@code "-"} where quoted); a quote inside a quoted value is escaped; the time is {@code 02/Jan/2006:15:04:05 -0700}
 * in UTC (or local time when only {@code StartLocal} is kept); the duration is in whole milliseconds.
 */
final class CommonLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final String NONE = "-";
    private static final String QUOTED_NONE = "\"-\"";

    private CommonLine() {
    }

    static void append(StringBuilder line, Map<String, Object> data, boolean generic) {
        Object start = data.containsKey(LogData.START_UTC) ? data.get(LogData.START_UTC) : data.get(LogData.START_LOCAL);
        line.append(plain(data, LogData.CLIENT_HOST)).append(" - ").append(plain(data, LogData.CLIENT_USERNAME))
                .append(" [").append(start == null ? NONE : TIME.format((ZonedDateTime) start)).append("] \"")
                .append(plain(data, LogData.REQUEST_METHOD)).append(' ').append(plain(data, LogData.REQUEST_PATH))
                .append(' ').append(plain(data, LogData.REQUEST_PROTOCOL)).append("\" ")
                .append(quoted(data, LogData.DOWNSTREAM_STATUS)).append(' ')
                .append(quoted(data, LogData.DOWNSTREAM_CONTENT_SIZE)).append(' ')
                .append(quoted(data, LogData.REFERER)).append(' ').append(quoted(data, LogData.USER_AGENT));
        if (!generic) {
            Object duration = data.get(LogData.DURATION);
            line.append(' ').append(quoted(data, LogData.REQUEST_COUNT)).append(' ')
                    .append(quoted(data, LogData.ROUTER_NAME)).append(' ').append(quoted(data, LogData.SERVICE_URL))
                    .append(' ').append(duration == null ? 0 : (Long) duration / 1_000_000).append("ms");
        }
        line.append('\n');
    }

    /** A field as is, {@code -} when absent or empty. */
    private static String plain(Map<String, Object> data, String name) {
        Object value = data.get(name);
        return value == null || value.toString().isEmpty() ? NONE : value.toString();
    }

    /** A text field in quotes (a number as is), {@code "-"} when absent or empty. */
    private static String quoted(Map<String, Object> data, String name) {
        Object value = data.get(name);
        if (value == null || value.toString().isEmpty()) {
            return QUOTED_NONE;
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return '"' + value.toString().replace("\"", "\\\"") + '"';
    }
}
