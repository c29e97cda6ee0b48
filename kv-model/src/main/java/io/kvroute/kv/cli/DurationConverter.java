package io.kvroute.kv.cli;

import io.kvroute.kv.gotext.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads duration flags the way Traefik does: {@code 15s}, {@code 500ms}, {@code 1m30s}; a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return GoDuration.parseDuration(value.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' (expected a duration such as 15s, 500ms, 1m30s, "
                    + "or a number of seconds)");
        }
    }
}
