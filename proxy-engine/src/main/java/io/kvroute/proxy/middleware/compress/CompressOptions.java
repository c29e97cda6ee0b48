package io.kvroute.proxy.middleware.compress;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.middleware.MiddlewareSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compress middleware's settings, checked as Traefik checks them when it builds the middleware.
 *
 * @param encodings       the codings offered, in preference order ({@code encodings}, decoded with Traefik's default
 *                        gzip, br, zstd)
 * @param defaultEncoding the coding for a request without Accept-Encoding, and what {@code *} stands for
 * @param minBytes        the smallest body compressed ({@code minResponseBodyBytes}; 0 or less means 1024)
 * @param included        when not empty, the only response types compressed ({@code includedContentTypes}, without
 *                        their parameters, as Traefik keeps them)
 * @param excluded        request and response types never compressed: {@code application/grpc} and
 *                        {@code excludedContentTypes} (without parameters)
 */
record CompressOptions(List<ContentCoding> encodings, Optional<ContentCoding> defaultEncoding, int minBytes,
        List<MediaType> included, List<MediaType> excluded) {
    static final int DEFAULT_MIN_BYTES = 1024;
    private static final MediaType GRPC = MediaType.parse("application/grpc").orElseThrow();

    CompressOptions {
        encodings = List.copyOf(encodings);
        requireNonNull(defaultEncoding, "defaultEncoding");
        included = List.copyOf(included);
        excluded = List.copyOf(excluded);
    }

    /**
     * Reads and checks the settings.
     *
     * @throws io.kvroute.proxy.middleware.MiddlewareException naming the setting that cannot work
     */
    static CompressOptions read(MiddlewareSettings settings) {
        List<String> includedTexts = settings.strings("includedContentTypes");
        List<String> excludedTexts = settings.strings("excludedContentTypes");
        if (!includedTexts.isEmpty() && !excludedTexts.isEmpty()) {
            throw settings.invalid("includedContentTypes", "not both includedContentTypes and excludedContentTypes: "
                    + "they are mutually exclusive");
        }
        List<MediaType> excluded = new ArrayList<>(List.of(GRPC));
        excluded.addAll(mediaTypes(settings, "excludedContentTypes", excludedTexts));
        List<MediaType> included = mediaTypes(settings, "includedContentTypes", includedTexts);
        int min = settings.smallInteger("minResponseBodyBytes").orElse(0);
        List<String> names = settings.strings("encodings");
        if (names.isEmpty()) {
            throw settings.invalid("encodings", "at least one of gzip, br, zstd");
        }
        List<ContentCoding> encodings = new ArrayList<>();
        for (String name : names) {
            ContentCoding coding = ContentCoding.of(name)
                    .orElseThrow(() -> settings.invalid("encodings", "only gzip, br and zstd, not \"" + name + "\""));
            Optional<String> unavailable = coding.unavailable();
            if (unavailable.isPresent()) {
                throw settings.invalid("encodings", name + " left out: " + unavailable.get());
            }
            encodings.add(coding);
        }
        String defaultName = settings.text("defaultEncoding").orElse("");
        Optional<ContentCoding> defaultEncoding = Optional.empty();
        if (!defaultName.isEmpty()) {
            defaultEncoding = ContentCoding.of(defaultName).filter(encodings::contains);
            if (defaultEncoding.isEmpty()) {
                throw settings.invalid("defaultEncoding", "one of the encodings " + names);
            }
        }
        settings.requireAllRead();
        return new CompressOptions(encodings, defaultEncoding, min > 0 ? min : DEFAULT_MIN_BYTES, included, excluded);
    }

    /** The media types of {@code texts} without their parameters, which Traefik drops too. */
    private static List<MediaType> mediaTypes(MiddlewareSettings settings, String name, List<String> texts) {
        List<MediaType> types = new ArrayList<>();
        for (String text : texts) {
            MediaType type = MediaType.parse(text).orElseThrow(() -> settings.invalid(name,
                    "media types such as text/html or text/plain; charset=utf-8, not \"" + text + "\""));
            types.add(new MediaType(type.type(), Map.of()));
        }
        return types;
    }

    /** Whether a request of this Content-Type is never compressed: its media type is an excluded one. */
    boolean excludesRequest(String contentType) {
        String type = MediaType.baseType(contentType);
        return excluded.stream().anyMatch(excludedType -> excludedType.type().equals(type));
    }

    /**
     * Whether a response of {@code contentType} (not empty) may be compressed with {@code coding}: when types are
     * included, only those; else any type not excluded. A Content-Type that does not parse is never compressed,
     * except with gzip and no included types (Traefik's gzip library lets it through, its own br and zstd handler
     * does not).
     */
    boolean allowsType(String contentType, ContentCoding coding) {
        Optional<MediaType> type = MediaType.parse(contentType);
        if (!included.isEmpty()) {
            return type.isPresent() && included.stream().anyMatch(includedType -> includedType.matches(type.get()));
        }
        if (type.isEmpty()) {
            return coding == ContentCoding.GZIP;
        }
        return excluded.stream().noneMatch(excludedType -> excludedType.matches(type.get()));
    }
}
