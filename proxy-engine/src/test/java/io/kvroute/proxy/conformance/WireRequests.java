package io.kvroute.proxy.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Splits the bytes one origin connection received into the complete requests they hold and an incomplete tail, the
 * way a strict HTTP/1.1 server frames them: {@code Transfer-Encoding} ending in {@code chunked} first, else one
 * agreed {@code Content-Length}, else no body. Anything it cannot frame (a malformed chunk, conflicting lengths, an
 * unknown coding) ends the parse: those bytes stay in the tail and count as no completed request.
 *
 * @param complete           the requests whose head and body arrived whole, in order
 * @param tailBytes          bytes after them that do not (yet) form a complete request
 * @param waitingForContinue the head of the tail, when it is complete and asks for {@code 100-continue}
 */
record WireRequests(List<ReceivedRequest> complete, int tailBytes, Optional<ReceivedRequest> waitingForContinue) {
    private static final int MAX_HEX_DIGITS = 15;

    WireRequests {
        complete = List.copyOf(complete);
    }

    static WireRequests parse(byte[] bytes) {
        return parse(bytes, Integer.MAX_VALUE);
    }

    /** Parses at most {@code maxRequests}; what follows them is tail (after a 101: the tunnel's bytes). */
    static WireRequests parse(byte[] bytes, int maxRequests) {
        List<ReceivedRequest> complete = new ArrayList<>();
        int position = 0;
        while (position < bytes.length && complete.size() < maxRequests) {
            int headEnd = endOfHead(bytes, position);
            if (headEnd < 0) {
                break;
            }
            ReceivedRequest head = parseHead(bytes, position, headEnd);
            int bodyEnd = frameBody(bytes, headEnd, head);
            if (bodyEnd < 0) {
                boolean expects = head.values("Expect").stream().anyMatch(v -> v.equalsIgnoreCase("100-continue"));
                return new WireRequests(complete, bytes.length - position,
                        expects ? Optional.of(head) : Optional.empty());
            }
            complete.add(withBody(head, body(bytes, headEnd, bodyEnd, head)));
            position = bodyEnd;
        }
        return new WireRequests(complete, bytes.length - position, Optional.empty());
    }

    /** The index just after the empty line that ends the head starting at {@code from}, or -1. */
    private static int endOfHead(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < bytes.length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private static ReceivedRequest parseHead(byte[] bytes, int from, int to) {
        String head = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\n", -1);
        boolean bareLineFeeds = false;
        boolean folded = false;
        List<ReceivedRequest.Header> headers = new ArrayList<>();
        String requestLine = null;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            } else {
                bareLineFeeds = true;
            }
            if (requestLine == null) {
                requestLine = line;
            } else if (line.isEmpty()) {
                break;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                folded = true;
                ReceivedRequest.Header last = headers.remove(headers.size() - 1);
                headers.add(new ReceivedRequest.Header(last.name(), last.value() + " " + line.strip()));
            } else {
                int colon = line.indexOf(':');
                headers.add(colon < 0 ? new ReceivedRequest.Header(line, "")
                        : new ReceivedRequest.Header(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
        }
        return new ReceivedRequest(requestLine, headers, new byte[0], bareLineFeeds, folded);
    }

    /** Where the body of {@code head} ends, or -1 when it is incomplete or cannot be framed. */
    private static int frameBody(byte[] bytes, int start, ReceivedRequest head) {
        List<String> codings = head.values("Transfer-Encoding");
        if (!codings.isEmpty()) {
            String[] tokens = String.join(",", codings).split(",");
            return tokens[tokens.length - 1].strip().equalsIgnoreCase("chunked") ? endOfChunks(bytes, start) : -1;
        }
        List<String> lengths = head.values("Content-Length");
        if (lengths.isEmpty()) {
            return start;
        }
        if (lengths.stream().distinct().count() > 1 || !lengths.get(0).matches("[0-9]{1,15}")) {
            return -1;
        }
        long end = start + Long.parseLong(lengths.get(0));
        return end <= bytes.length ? (int) end : -1;
    }

    private static int endOfChunks(byte[] bytes, int start) {
        int position = start;
        while (true) {
            int lineEnd = indexOf(bytes, (byte) '\n', position);
            if (lineEnd < 0) {
                return -1;
            }
            String sizeField = new String(bytes, position, lineEnd - position, StandardCharsets.ISO_8859_1)
                    .replaceFirst("\r$", "").split(";", 2)[0].strip();
            if (!sizeField.matches("[0-9a-fA-F]{1," + MAX_HEX_DIGITS + "}")) {
                return -1;
            }
            long size = Long.parseLong(sizeField, 16);
            position = lineEnd + 1;
            if (size == 0) {
                return endOfTrailers(bytes, position);
            }
            long dataEnd = position + size;
            if (dataEnd + 2 > bytes.length || bytes[(int) dataEnd] != '\r' || bytes[(int) dataEnd + 1] != '\n') {
                return -1;
            }
            position = (int) dataEnd + 2;
        }
    }

    private static int endOfTrailers(byte[] bytes, int from) {
        int position = from;
        while (true) {
            int lineEnd = indexOf(bytes, (byte) '\n', position);
            if (lineEnd < 0) {
                return -1;
            }
            boolean empty = lineEnd == position || (lineEnd == position + 1 && bytes[position] == '\r');
            position = lineEnd + 1;
            if (empty) {
                return position;
            }
        }
    }

    private static byte[] body(byte[] bytes, int start, int end, ReceivedRequest head) {
        if (head.values("Transfer-Encoding").isEmpty()) {
            return Arrays.copyOfRange(bytes, start, end);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int position = start;
        while (true) {
            int lineEnd = indexOf(bytes, (byte) '\n', position);
            String sizeField = new String(bytes, position, lineEnd - position, StandardCharsets.ISO_8859_1)
                    .replaceFirst("\r$", "").split(";", 2)[0].strip();
            int size = Integer.parseInt(sizeField, 16);
            if (size == 0) {
                return data.toByteArray();
            }
            data.write(bytes, lineEnd + 1, size);
            position = lineEnd + 1 + size + 2;
        }
    }

    private static ReceivedRequest withBody(ReceivedRequest head, byte[] body) {
        return new ReceivedRequest(head.requestLine(), head.headers(), body, head.bareLineFeeds(), head.foldedLines());
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
