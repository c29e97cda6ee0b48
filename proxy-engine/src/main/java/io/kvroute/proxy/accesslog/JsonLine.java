package io.kvroute.proxy.accesslog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traefik's {@code json} lines, as its logrus JSON formatter writes them: one object per line, the kept fields under
 * Traefik's names in sorted order, times as RFC 3339 with nanoseconds ({@code StartUTC}, {@code StartLocal}),
 * durations as nanoseconds ({@code Duration}, {@code OriginDuration}, {@code Overhead}), plus logrus's
 * {@code level} ({@code info}), {@code msg} (empty) and {@code time} (when the line was written, RFC 3339 in local
 * time).
 */
final class JsonLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLine() {
    }

    static void append(StringBuilder line, Map<String, Object> data, ZonedDateTime now) {
        Map<String, Object> object = new TreeMap<>();
        data.forEach((name, value) -> object.put(name,
                value instanceof ZonedDateTime time ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time) : value));
        object.put("level", "info");
        object.put("msg", "");
        object.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.truncatedTo(ChronoUnit.SECONDS)));
        try {
            line.append(JSON.writeValueAsString(object)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an access log entry of strings and numbers did not serialise", e);
        }
    }
}
