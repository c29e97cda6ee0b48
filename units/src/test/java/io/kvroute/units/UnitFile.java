package io.kvroute.units;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A systemd (or fleet) unit file read the way systemd reads it: {@code [Section]} headers, {@code Key=Value}
 * entries (a key may repeat), lines continued by a trailing backslash, and {@code #} or {@code ;} comments. Each
 * entry keeps the comment lines directly above it.
 *
 * @param path    where the file was read from
 * @param entries every entry in file order
 */
record UnitFile(Path path, List<Entry> entries) {

    /**
     * One {@code Key=Value} line.
     *
     * @param section  the section it belongs to, without brackets
     * @param key      the key
     * @param value    the value, trimmed; continuation lines joined with a space
     * @param comments the comment lines directly above it (without the comment character), empty when none
     * @param line     its 1-based line number
     */
    record Entry(String section, String key, String value, List<String> comments, int line) {
        Entry {
            requireNonNull(section, "section");
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            comments = List.copyOf(comments);
        }
    }

    UnitFile {
        requireNonNull(path, "path");
        entries = List.copyOf(entries);
    }

    /** Reads and parses {@code path}. */
    static UnitFile read(Path path) throws IOException {
        return parse(path, Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the file and line of something that is not a section, an entry, a
     *                                  comment or a blank line
     */
    static UnitFile parse(Path path, String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                comments.clear();
            } else if (line.startsWith("#") || line.startsWith(";")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                comments.clear();
            } else if (line.indexOf('=') > 0) {
                if (section == null) {
                    throw new IllegalArgumentException(path + ":" + number + ": '" + line
                            + "' before any section (expected: a [Section] header first)");
                }
                StringBuilder value = new StringBuilder(line.substring(line.indexOf('=') + 1).strip());
                while (value.length() > 0 && value.charAt(value.length() - 1) == '\\' && i + 1 < lines.length) {
                    value.setLength(value.length() - 1);
                    value.append(' ').append(lines[++i].strip());
                }
                String key = line.substring(0, line.indexOf('=')).strip();
                entries.add(new Entry(section, key, value.toString().strip(), comments, number));
                comments.clear();
            } else {
                throw new IllegalArgumentException(path + ":" + number + ": '" + line
                        + "' (expected: [Section], Key=Value, a comment or a blank line)");
            }
        }
        return new UnitFile(path, entries);
    }

    /** The file name, e.g. {@code kvroute-proxy@.service}. */
    String name() {
        return path.getFileName().toString();
    }

    /** Whether the file is a template ({@code name@.service}). */
    boolean isTemplate() {
        return name().endsWith("@.service");
    }

    /** The section names in file order. */
    Set<String> sections() {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(entry -> names.add(entry.section()));
        return names;
    }

    /** The entries of {@code section}. */
    List<Entry> entries(String section) {
        return entries.stream().filter(entry -> entry.section().equals(section)).toList();
    }

    /** Every value of {@code key} in {@code section}, in file order. */
    List<String> values(String section, String key) {
        return entries(section).stream().filter(entry -> entry.key().equals(key)).map(Entry::value).toList();
    }

    /**
     * The one value of {@code key} in {@code section}.
     *
     * @throws IllegalStateException when the key is given more than once
     */
    Optional<String> value(String section, String key) {
        List<String> values = values(section, key);
        if (values.size() > 1) {
            throw new IllegalStateException(name() + ": [" + section + "] " + key + " given " + values.size()
                    + " times (expected: once)");
        }
        return values.stream().findFirst();
    }

    /** Space-separated items of every value of {@code key} in {@code section} (as After=, Wants= are read). */
    List<String> items(String section, String key) {
        return values(section, key).stream().flatMap(value -> List.of(value.split("\\s+")).stream())
                .filter(item -> !item.isEmpty()).toList();
    }
}
