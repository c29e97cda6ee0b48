package io.kvroute.proxy.middleware.compress;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** Decodes a gzip, br or zstd body with the libraries the proxy encodes with. */
public final class Decoding {
    private Decoding() {
    }

    public static byte[] decode(String coding, byte[] body) {
        try (InputStream in = switch (coding) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "br" -> new BrotliInputStream(new ByteArrayInputStream(body));
            case "zstd" -> new ZstdInputStream(new ByteArrayInputStream(body));
            default -> throw new IllegalArgumentException("coding " + coding + " (expected: gzip, br or zstd)");
        }) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
