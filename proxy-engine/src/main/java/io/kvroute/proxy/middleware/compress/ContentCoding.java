package io.kvroute.proxy.middleware.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings Traefik's compress middleware offers, with the encoder settings of Traefik's libraries: gzip at
 * the default level 6 (the JDK's deflater), brotli at quality 6 (andybalholm/brotli's default) and zstd at level 3
 * (klauspost/compress's default speed), each through a native library where the JDK has none.
 */
enum ContentCoding {
    GZIP("gzip") {
        @Override
        OutputStream encoder(OutputStream sink) throws IOException {
            return new GZIPOutputStream(sink, 8192, true);
        }

        @Override
        Optional<String> unavailable() {
            return Optional.empty();
        }
    },
    BROTLI("br") {
        @Override
        OutputStream encoder(OutputStream sink) throws IOException {
            return new BrotliOutputStream(sink, new Encoder.Parameters().setQuality(6));
        }

        @Override
        Optional<String> unavailable() {
            return Brotli4jLoader.isAvailable() ? Optional.empty()
                    : Optional.of("no brotli encoder for this platform (" + Brotli4jLoader.getUnavailabilityCause()
                            + ")");
        }
    },
    ZSTD("zstd") {
        @Override
        OutputStream encoder(OutputStream sink) throws IOException {
            return new ZstdOutputStreamNoFinalizer(sink, 3);
        }

        @Override
        Optional<String> unavailable() {
            try {
                encoder(OutputStream.nullOutputStream()).close();
                return Optional.empty();
            } catch (IOException | LinkageError e) {
                return Optional.of("no zstd encoder for this platform (" + e + ")");
            }
        }
    };

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The coding's name in Accept-Encoding and Content-Encoding. */
    String token() {
        return token;
    }

    /** The coding named {@code token} (case-sensitive, as Traefik compares). */
    static Optional<ContentCoding> of(String token) {
        return Optional.ofNullable(ByToken.CODINGS.get(token));
    }

    /** The codings by token, built once: {@link #of} runs for every compressible request. */
    private static final class ByToken {
        static final Map<String, ContentCoding> CODINGS = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(ContentCoding::token, coding -> coding));
    }

    /** A new encoder writing the coded bytes to {@code sink}; flush() emits what was written so far. */
    abstract OutputStream encoder(OutputStream sink) throws IOException;

    /** Why this process cannot encode with the coding, if it cannot. */
    abstract Optional<String> unavailable();

    /** {@link #encoder} for callers that cannot throw. */
    OutputStream newEncoder(OutputStream sink) {
        try {
            return encoder(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
