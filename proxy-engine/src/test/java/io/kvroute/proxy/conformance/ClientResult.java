package io.kvroute.proxy.conformance;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the raw client saw during one case.
 *
 * @param responses    the final responses, in order (a 101 counts as one)
 * @param gotContinue  whether an interim {@code 100 Continue} arrived
 * @param tunnelled    whether bytes the origin wrote after a 101 reached the client
 * @param end          how the connection stood at the end
 */
record ClientResult(List<RawResponse> responses, boolean gotContinue, boolean tunnelled, ConnectionEnd end) {
    ClientResult {
        responses = List.copyOf(responses);
    }

    /** The status of the first final response, or 0 when none came. */
    int status() {
        return responses.isEmpty() ? 0 : responses.get(0).status();
    }

    /** The header lines of every response, for failure messages. */
    List<List<String>> heads() {
        return responses.stream().map(RawResponse::headerLines).toList();
    }

    /** One cell of the side-by-side table: {@code 400 closed}, {@code 200+200}, {@code none (client closed)}. */
    String summary() {
        String statuses = responses.isEmpty() ? "none"
                : responses.stream().map(r -> Integer.toString(r.status())).collect(Collectors.joining("+"));
        String extra = (gotContinue ? " 100" : "") + (tunnelled ? " tunnelled" : "");
        String shownEnd = end.shown();
        return statuses + extra + (shownEnd.isEmpty() ? "" : " " + shownEnd);
    }
}
