package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One complete request as the recording origin read it off the wire: its request line, its header fields exactly as
 * sent (name and value, in order, duplicates kept), its body after de-chunking, and whether its head used anything
 * but CRLF line ends or folded a header line (a proxy must forward neither).
 */
record ReceivedRequest(String requestLine, List<Header> headers, byte[] body, boolean bareLineFeeds,
        boolean foldedLines) {

    /** One header field as sent. */
    record Header(String name, String value) {
        Header {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }

        boolean named(String wanted) {
            return name.equalsIgnoreCase(wanted);
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    ReceivedRequest {
        requireNonNull(requestLine, "requestLine");
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** The request-target: {@code /api/x} in {@code GET /api/x HTTP/1.1}. */
    String target() {
        String[] parts = requestLine.split(" ", -1);
        return parts.length == 3 ? parts[1] : requestLine;
    }

    /** The values of every field named {@code name}, case-insensitively, in order. */
    List<String> values(String name) {
        return headers.stream().filter(h -> h.named(name)).map(Header::value).toList();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    String bodyText() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    /**
     * Why this request's framing is one a proxy must never forward, or empty: both Content-Length and
     * Transfer-Encoding, more than one Content-Length, a coding other than {@code chunked}, bare LFs, folded lines.
     */
    String framingDefect() {
        List<String> lengths = values("Content-Length");
        List<String> codings = values("Transfer-Encoding");
        if (!lengths.isEmpty() && !codings.isEmpty()) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (lengths.size() > 1) {
            return "Content-Length " + lengths.size() + " times";
        }
        if (codings.size() > 1 || codings.stream().anyMatch(c -> !c.trim().equalsIgnoreCase("chunked"))) {
            return "Transfer-Encoding " + codings;
        }
        if (bareLineFeeds) {
            return "bare LF line ends";
        }
        if (foldedLines) {
            return "folded header lines";
        }
        if (headers.stream().anyMatch(h -> !h.name().equals(h.name().trim()) || h.name().isEmpty())) {
            return "whitespace in a header name";
        }
        return "";
    }

    @Override
    public String toString() {
        return requestLine + " " + headers.stream().map(h -> h.name().toLowerCase(Locale.ROOT)).toList()
                + (body.length == 0 ? "" : " body " + body.length + " B");
    }
}
