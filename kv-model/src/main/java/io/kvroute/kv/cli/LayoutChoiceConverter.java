package io.kvroute.kv.cli;

import io.kvroute.kv.config.LayoutChoice;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --layout auto|v1|v2|v3}. */
final class LayoutChoiceConverter implements ITypeConverter<LayoutChoice> {
    @Override
    public LayoutChoice convert(String value) {
        try {
            return LayoutChoice.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' (expected: auto, v1, v2 or v3)");
        }
    }
}
