package io.kvroute.proxy.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a strict HTTP/1.1 origin reads a byte stream of requests (RFC 9112): a head ends at the first empty line; a body
 * is {@code Content-Length} bytes or a chunked body up to its last chunk and the empty line after the trailers. Used
 * by the tests to tell a completed request from an incomplete one.
 */
final class Http1Framing {
    private static final int INCOMPLETE = -1;

    private Http1Framing() {
    }

    /** Requests whose head arrived (the body of the last one may still be incomplete). */
    static int heads(byte[] stream) {
        return count(stream, true);
    }

    /** Requests that arrived whole, head and body. */
    static int completeRequests(byte[] stream) {
        return count(stream, false);
    }

    private static int count(byte[] stream, boolean headsOnly) {
        int count = 0;
        int at = 0;
        while (at < stream.length) {
            int bodyStart = headEnd(stream, at);
            if (bodyStart == INCOMPLETE) {
                return count;
            }
            at = messageEnd(stream, at, bodyStart);
            if (at == INCOMPLETE) {
                return headsOnly ? count + 1 : count;
            }
            count++;
        }
        return count;
    }

    private static int headEnd(byte[] stream, int from) {
        for (int i = from; i + 3 < stream.length; i++) {
            if (stream[i] == '\r' && stream[i + 1] == '\n' && stream[i + 2] == '\r' && stream[i + 3] == '\n') {
                return i + 4;
            }
        }
        return INCOMPLETE;
    }

    private static int messageEnd(byte[] stream, int headStart, int bodyStart) {
        String head = new String(stream, headStart, bodyStart - headStart, StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        String encoding = field(head, "transfer-encoding");
        if (encoding != null) {
            return encoding.equals("chunked") ? chunkedEnd(stream, bodyStart) : INCOMPLETE;
        }
        String length = field(head, "content-length");
        if (length != null && !length.matches("[0-9]{1,9}")) {
            return INCOMPLETE;
        }
        long bodyLength = length == null ? 0 : Long.parseLong(length);
        return stream.length - bodyStart >= bodyLength ? (int) (bodyStart + bodyLength) : INCOMPLETE;
    }

    private static String field(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static int chunkedEnd(byte[] stream, int from) {
        int at = from;
        while (true) {
            int lineEnd = lineEnd(stream, at);
            if (lineEnd == INCOMPLETE) {
                return INCOMPLETE;
            }
            String sizeLine = new String(stream, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int extension = sizeLine.indexOf(';');
            String digits = extension < 0 ? sizeLine : sizeLine.substring(0, extension);
            if (!digits.matches("[0-9a-fA-F]{1,8}")) {
                return INCOMPLETE;
            }
            long size = Long.parseLong(digits, 16);
            at = lineEnd + 2;
            if (size == 0) {
                return trailersEnd(stream, at);
            }
            if (stream.length < at + size + 2 || stream[(int) (at + size)] != '\r' || stream[(int) (at + size + 1)] != '\n') {
                return INCOMPLETE;
            }
            at += (int) size + 2;
        }
    }

    private static int trailersEnd(byte[] stream, int from) {
        int at = from;
        while (true) {
            int lineEnd = lineEnd(stream, at);
            if (lineEnd == INCOMPLETE) {
                return INCOMPLETE;
            }
            if (lineEnd == at) {
                return at + 2;
            }
            at = lineEnd + 2;
        }
    }

    private static int lineEnd(byte[] stream, int from) {
        for (int i = from; i + 1 < stream.length; i++) {
            if (stream[i] == '\r' && stream[i + 1] == '\n') {
                return i;
            }
        }
        return INCOMPLETE;
    }
}
