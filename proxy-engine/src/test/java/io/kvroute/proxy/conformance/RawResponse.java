package io.kvroute.proxy.conformance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** One response as the raw client read it: status, header lines as sent, body after de-chunking. */
record RawResponse(int status, List<String> headerLines, byte[] body) {
    RawResponse {
        headerLines = List.copyOf(headerLines);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    String bodyText() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    /** The first value of field {@code name}, case-insensitively. */
    Optional<String> header(String name) {
        return headerLines.stream()
                .filter(line -> line.indexOf(':') > 0 && line.substring(0, line.indexOf(':')).strip().equalsIgnoreCase(name))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst();
    }
}
