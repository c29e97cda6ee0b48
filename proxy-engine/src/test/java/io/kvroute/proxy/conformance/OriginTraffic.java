package io.kvroute.proxy.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the recording origin received during one case.
 *
 * @param connections   connections the proxy opened
 * @param stillOpen     of those, how many the proxy still held open when the case ended
 * @param completed     the complete requests, over all connections, in order
 * @param partialBytes  bytes that formed no complete request (an incomplete or unframeable tail)
 * @param tunnelBytes   bytes after a request the origin switched protocols for (tunnel data, not requests)
 * @param raw           every connection's bytes as text, for failure messages
 */
record OriginTraffic(int connections, int stillOpen, List<ReceivedRequest> completed, int partialBytes,
        int tunnelBytes, List<String> raw) {

    /** One connection's bytes, whether the origin answered it with a 101, and whether the proxy still holds it. */
    record ConnectionBytes(byte[] bytes, boolean switched, boolean open) {
        ConnectionBytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    OriginTraffic {
        completed = List.copyOf(completed);
        raw = List.copyOf(raw);
    }

    static OriginTraffic of(List<ConnectionBytes> perConnection) {
        List<ReceivedRequest> completed = new ArrayList<>();
        int partial = 0;
        int tunnel = 0;
        int open = 0;
        List<String> raw = new ArrayList<>();
        for (ConnectionBytes connection : perConnection) {
            byte[] bytes = connection.bytes();
            WireRequests parsed = WireRequests.parse(bytes, connection.switched() ? 1 : Integer.MAX_VALUE);
            completed.addAll(parsed.complete());
            if (connection.switched()) {
                tunnel += parsed.tailBytes();
            } else {
                partial += parsed.tailBytes();
            }
            open += connection.open() ? 1 : 0;
            raw.add(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return new OriginTraffic(perConnection.size(), open, completed, partial, tunnel, raw);
    }

    /** Not one byte reached the origin. */
    boolean nothing() {
        return raw.stream().allMatch(String::isEmpty);
    }

    /** Whether any completed request carries a field {@code probe} matches. */
    boolean carries(HeaderProbe probe) {
        return completed.stream().anyMatch(probe::matches);
    }

    /** One cell of the side-by-side table: {@code nothing}, {@code partial 12 B}, {@code 1 req [/api/x]}. */
    String summary() {
        if (nothing()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        if (!completed.isEmpty()) {
            parts.add(completed.size() + " req " + completed.stream().map(ReceivedRequest::target).toList());
        }
        if (partialBytes > 0) {
            parts.add("partial " + partialBytes + " B");
        }
        if (tunnelBytes > 0) {
            parts.add("tunnel " + tunnelBytes + " B");
        }
        if (stillOpen > 0) {
            parts.add(stillOpen + " open");
        }
        return String.join(", ", parts);
    }

    /** The raw bytes, escaped to one line per connection, for failure messages. */
    String dump() {
        if (raw.isEmpty()) {
            return "(no connection)";
        }
        return String.join("\n", raw.stream().map(RawBytes::escape).toList());
    }
}
