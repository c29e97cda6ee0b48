package io.kvroute.proxy.middleware.compress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Traefik's choice of a content coding from a request's Accept-Encoding lines, exactly as its compress middleware
 * makes it. Each line loses its spaces and is split at commas; an item names a coding (case-sensitive) with an
 * optional {@code ;q=} weight, default 1 (an unparsable weight counts as 0; 0 means not acceptable); items naming
 * neither a configured coding, {@code identity} nor {@code *} are ignored. The heaviest item wins; at equal weight
 * {@code *} first, then the configured codings in their order, then {@code identity}. {@code *} means the default
 * encoding, else the first configured one. One empty line means identity; nothing acceptable means no coding.
 */
final class AcceptEncoding {
    private static final String IDENTITY = "identity";
    private static final String ANY = "*";
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX =
            Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(?i:inf|infinity)");
    private static final Pattern NAN = Pattern.compile("(?i:nan)");

    private final List<ContentCoding> encodings;
    private final Map<String, Integer> priorities;
    private final ContentCoding any;

    /**
     * @param encodings       the configured codings in preference order (not empty)
     * @param defaultEncoding what {@code *} stands for, if configured
     */
    AcceptEncoding(List<ContentCoding> encodings, Optional<ContentCoding> defaultEncoding) {
        this.encodings = List.copyOf(encodings);
        Map<String, Integer> ranks = new HashMap<>();
        ranks.put(ANY, -1);
        ranks.put(IDENTITY, encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            ranks.put(encodings.get(i).token(), i);
        }
        this.priorities = Map.copyOf(ranks);
        this.any = defaultEncoding.orElse(this.encodings.get(0));
    }

    private record Item(String token, double weight) {
    }

    /** The coding for these Accept-Encoding lines (present), or empty for none (identity or not acceptable). */
    Optional<ContentCoding> choose(List<String> lines) {
        if (lines.size() == 1 && lines.get(0).isEmpty()) {
            return Optional.empty();
        }
        List<Item> items = new ArrayList<>();
        for (String line : lines) {
            for (String item : line.replace(" ", "").split(",", -1)) {
                int semicolon = item.indexOf(';');
                String token = semicolon < 0 ? item : item.substring(0, semicolon);
                if (!priorities.containsKey(token)) {
                    continue;
                }
                double weight = 1.0;
                if (semicolon >= 0 && item.startsWith("q=", semicolon + 1)) {
                    weight = goFloat(item.substring(semicolon + 3));
                    if (weight == 0) {
                        continue;
                    }
                }
                items.add(new Item(token, weight));
            }
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        Item best = items.stream().min(heaviestFirst()).orElseThrow();
        if (best.token().equals(ANY)) {
            return Optional.of(any);
        }
        return ContentCoding.of(best.token()).filter(encodings::contains);
    }

    /** Heavier first (a NaN weight below every number, as Go orders them); equal weights by priority. */
    private Comparator<Item> heaviestFirst() {
        return (a, b) -> {
            if (a.weight() == b.weight()) {
                return Integer.compare(priorities.get(a.token()), priorities.get(b.token()));
            }
            return goCompare(b.weight(), a.weight());
        };
    }

    private static int goCompare(double x, double y) {
        boolean xNaN = Double.isNaN(x);
        boolean yNaN = Double.isNaN(y);
        if (xNaN || yNaN) {
            return xNaN && yNaN ? 0 : xNaN ? -1 : 1;
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** Go's {@code strconv.ParseFloat(text, 64)} with its error ignored: 0 for what Go cannot parse. */
    static double goFloat(String text) {
        if (DECIMAL.matcher(text).matches() || HEX.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        if (INFINITY.matcher(text).matches()) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (NAN.matcher(text).matches()) {
            return Double.NaN;
        }
        return 0;
    }

    /**
     * Whether the first Accept-Encoding line accepts gzip with a weight above 0, as the gzip library Traefik uses
     * (klauspost/compress gzhttp) checks again after Traefik chose gzip: items trimmed and lower-cased, the first
     * {@code gzip} item decides, its weight clamped to 0..1.
     */
    static boolean acceptsGzip(Optional<String> firstLine) {
        if (firstLine.isEmpty() || firstLine.get().isEmpty()) {
            return false;
        }
        for (String item : firstLine.get().strip().split(",", -1)) {
            String[] parts = item.split(";", -1);
            if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("gzip")) {
                continue;
            }
            double weight = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].strip();
                if (part.startsWith("q=")) {
                    weight = Math.max(0, Math.min(1, goFloat(part.substring(2))));
                }
            }
            return weight > 0;
        }
        return false;
    }
}
