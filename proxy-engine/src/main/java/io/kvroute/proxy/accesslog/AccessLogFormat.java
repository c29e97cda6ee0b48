package io.kvroute.proxy.accesslog;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The line formats of Traefik's {@code --accesslog.format}: {@code common} (Traefik's common log format: CLF
 * followed by {@code <request count> "<router>" "<service URL>" <duration>ms}), {@code genericCLF} (CLF with
 * referer and user agent only) and {@code json} (one object per line, Traefik's field names).
 */
public enum AccessLogFormat {
    COMMON("common"),
    GENERIC_CLF("genericCLF"),
    JSON("json");

    private final String flag;

    AccessLogFormat(String flag) {
        this.flag = flag;
    }

    /** The value of {@code --accesslog.format} that selects this format. */
    public String flag() {
        return flag;
    }

    /**
     * The format {@code value} names, as Traefik spells it.
     *
     * @throws IllegalArgumentException naming the value and the formats there are (Traefik falls back to common;
     *     kvroute refuses a value it does not know)
     */
    public static AccessLogFormat of(String value) {
        for (AccessLogFormat format : values()) {
            if (format.flag.equals(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("--accesslog.format=" + value + ": unknown format (expected "
                + Arrays.stream(values()).map(AccessLogFormat::flag).collect(Collectors.joining(", ")) + ")");
    }
}
