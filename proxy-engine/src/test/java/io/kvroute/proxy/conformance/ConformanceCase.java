package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One row of the conformance table: the exact bytes a client writes, how it ends its side, what the origin answers,
 * and kvroute's target outcome.
 *
 * @param name          short, unique, shown in the table and the test names
 * @param request       the bytes written first, verbatim (ISO-8859-1)
 * @param continuation  bytes written after a {@code 100 Continue} (or 2 s without one), or empty
 * @param ending        whether the client half-closes or closes after writing
 * @param answer        what the origin answers a complete request with
 * @param responses     how many final responses the client reads before it stops
 * @param awaitClose    whether the client then reads on until the server closes (bounded), to see a close or a
 *                      response to smuggled bytes
 * @param incomplete    the request as sent is incomplete or malformed: no complete request may reach the origin
 * @param probes        headers the client sent that must not reach the origin as sent
 * @param target        kvroute's target outcome
 */
record ConformanceCase(String name, String request, String continuation, Ending ending, OriginAnswer answer,
        int responses, boolean awaitClose, boolean incomplete, List<HeaderProbe> probes, Target target) {

    /** What the client does with its side of the connection after writing. */
    enum Ending {
        KEEP_OPEN,
        /** {@code shutdownOutput()}: the server reads EOF but can still answer. */
        HALF_CLOSE,
        /** {@code close()} right after writing. */
        CLOSE
    }

    ConformanceCase {
        requireNonNull(name, "name");
        requireNonNull(request, "request");
        requireNonNull(continuation, "continuation");
        requireNonNull(ending, "ending");
        requireNonNull(answer, "answer");
        probes = List.copyOf(probes);
        requireNonNull(target, "target");
    }

    /** A case that writes {@code request}, keeps its side open, reads one response, with the origin answering 200. */
    static ConformanceCase of(String name, String request, Target target) {
        return new ConformanceCase(name, request, "", Ending.KEEP_OPEN, OriginAnswer.OK, 1, false, false, List.of(),
                target);
    }

    /** Half-closes after writing an unfinished request, then reads until the server closes (bounded). */
    ConformanceCase halfClose() {
        return new ConformanceCase(name, request, continuation, Ending.HALF_CLOSE, answer, responses, true, true,
                probes, target);
    }

    /** Closes right after writing an unfinished request; only the origin's side can be checked. */
    ConformanceCase clientCloses() {
        return new ConformanceCase(name, request, continuation, Ending.CLOSE, answer, 0, false, true, probes, target);
    }

    /** Sends {@code body} after the server's {@code 100 Continue} (or after 2 s without one). */
    ConformanceCase continueWith(String body) {
        return new ConformanceCase(name, request, body, ending, answer, responses, awaitClose, incomplete, probes,
                target);
    }

    /** The origin answers with {@code originAnswer} instead of 200. */
    ConformanceCase answer(OriginAnswer originAnswer) {
        return new ConformanceCase(name, request, continuation, ending, originAnswer, responses, awaitClose, incomplete,
                probes, target);
    }

    /** Reads {@code count} final responses (pipelined requests). */
    ConformanceCase responses(int count) {
        return new ConformanceCase(name, request, continuation, ending, answer, count, awaitClose, incomplete, probes,
                target);
    }

    /** Malformed or unfinished as sent: reads until the server closes, and no request may complete at the origin. */
    ConformanceCase unfinished() {
        return new ConformanceCase(name, request, continuation, ending, answer, responses, true, true, probes, target);
    }

    /** Headers the client sends that must not reach the origin as sent. */
    ConformanceCase probes(HeaderProbe... sent) {
        return new ConformanceCase(name, request, continuation, ending, answer, responses, awaitClose, incomplete,
                List.of(sent), target);
    }

    @Override
    public String toString() {
        return name;
    }
}
