package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * kvroute's target outcome for one case, and the check of an {@link Outcome} against it.
 *
 * @param statuses          acceptable statuses of the first final response; empty accepts any, none included
 * @param origin            what may reach the origin
 * @param forwardedTargets  for {@link Origin#FORWARDED}: the request-targets the origin must receive, in order
 * @param forwardedBody     for {@link Origin#FORWARDED}: the body the origin must receive, or null for any
 * @param forwardedHeaders  fields every forwarded request must carry exactly once with exactly this value
 * @param closed            the server must close the client's connection
 * @param tunnelled         the client must (true) or must not (false) be tunnelled to the origin
 * @param interimContinue   the client must get a {@code 100 Continue}
 * @param why               the rule behind the target, shown when it is missed
 * @param otherwise         another outcome that meets the target as well, or null
 */
record Target(Set<Integer> statuses, Origin origin, List<String> forwardedTargets, String forwardedBody,
        Map<String, String> forwardedHeaders, boolean closed, boolean tunnelled, boolean interimContinue, String why, Target otherwise) {

    /** What may reach the origin. */
    enum Origin {
        /** Not one byte. */
        NOTHING,
        /** Bytes may arrive (a streaming proxy forwards the head first), but never a complete request. */
        NO_COMPLETE_REQUEST,
        /** Exactly the expected complete requests. */
        FORWARDED
    }

    Target {
        statuses = Set.copyOf(statuses);
        requireNonNull(origin, "origin");
        forwardedTargets = List.copyOf(forwardedTargets);
        forwardedHeaders = Map.copyOf(forwardedHeaders);
        requireNonNull(why, "why");
    }

    /** Answered with one of {@code codes}, nothing forwarded. */
    static Target refused(String why, Integer... codes) {
        return new Target(Set.of(codes), Origin.NOTHING, List.of(), null, Map.of(), false, false, false, why, null);
    }

    /** Any answer (or none), but no complete request at the origin. */
    static Target neverCompleted(String why) {
        return new Target(Set.of(), Origin.NO_COMPLETE_REQUEST, List.of(), null, Map.of(), false, false, false, why,
                null);
    }

    /** Answered with {@code status} after the origin received exactly {@code targets}. */
    static Target forwarded(String why, int status, String... targets) {
        return new Target(Set.of(status), Origin.FORWARDED, Arrays.asList(targets), null, Map.of(), false, false, false,
                why, null);
    }

    /** The same, but answered with one of {@code codes}. */
    Target withStatus(Integer... codes) {
        return new Target(Set.of(codes), origin, forwardedTargets, forwardedBody, forwardedHeaders, closed, tunnelled,
                interimContinue, why, otherwise);
    }

    Target andClosed() {
        return new Target(statuses, origin, forwardedTargets, forwardedBody, forwardedHeaders, true, tunnelled,
                interimContinue, why, otherwise);
    }

    Target withBody(String body) {
        return new Target(statuses, origin, forwardedTargets, body, forwardedHeaders, closed, tunnelled,
                interimContinue, why, otherwise);
    }

    Target withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(forwardedHeaders);
        headers.put(name, value);
        return new Target(statuses, origin, forwardedTargets, forwardedBody, headers, closed, tunnelled,
                interimContinue, why, otherwise);
    }

    Target andTunnelled() {
        return new Target(statuses, origin, forwardedTargets, forwardedBody, forwardedHeaders, closed, true,
                interimContinue, why, otherwise);
    }

    Target withContinue() {
        return new Target(statuses, origin, forwardedTargets, forwardedBody, forwardedHeaders, closed, tunnelled, true,
                why, otherwise);
    }

    /** This target, also met by {@code alternative} (RFC 9112 lets a server choose, e.g. refuse or accept). */
    Target or(Target alternative) {
        return new Target(statuses, origin, forwardedTargets, forwardedBody, forwardedHeaders, closed, tunnelled,
                interimContinue, why + "; or: " + alternative.why(), requireNonNull(alternative, "alternative"));
    }

    /** How {@code outcome} misses this target (and its alternative); empty when it meets either. */
    List<String> missedBy(Outcome outcome) {
        if (otherwise != null && otherwise.missedBy(outcome).isEmpty()) {
            return List.of();
        }
        List<String> missed = new ArrayList<>();
        ClientResult client = outcome.client();
        OriginTraffic traffic = outcome.origin();
        if (!statuses.isEmpty() && !statuses.contains(client.status())) {
            missed.add("client got " + client.summary() + ", expected status " + shown(statuses));
        }
        if (closed && client.end() != ConnectionEnd.CLOSED && client.end() != ConnectionEnd.RESET) {
            missed.add("connection " + client.end() + ", expected closed by the server");
        }
        if (client.tunnelled() != tunnelled) {
            missed.add(tunnelled ? "not tunnelled to the origin" : "tunnelled to the origin");
        }
        if (interimContinue && !client.gotContinue()) {
            missed.add("no 100 Continue before the body");
        }
        switch (origin) {
            case NOTHING -> {
                if (!traffic.nothing()) {
                    missed.add("origin received " + traffic.summary() + ", expected nothing");
                }
            }
            case NO_COMPLETE_REQUEST -> {
                if (!traffic.completed().isEmpty()) {
                    missed.add("origin received complete " + traffic.completed() + ", expected no complete request");
                }
            }
            case FORWARDED -> missed.addAll(forwardingMissedBy(client, traffic));
        }
        return missed;
    }

    private List<String> forwardingMissedBy(ClientResult client, OriginTraffic traffic) {
        List<String> missed = new ArrayList<>();
        List<String> targets = traffic.completed().stream().map(ReceivedRequest::target).toList();
        if (!forwardedTargets.isEmpty() && !targets.equals(forwardedTargets)) {
            missed.add("origin received " + targets + ", expected " + forwardedTargets);
        }
        if (statuses.equals(Set.of(200))) {
            List<String> answers = client.responses().stream().map(RawResponse::bodyText).toList();
            List<String> expected = forwardedTargets.stream().map(target -> "origin saw " + target).toList();
            if (!answers.equals(expected)) {
                missed.add("client got bodies " + answers + ", expected the origin's answers " + expected + " in order");
            }
        }
        for (ReceivedRequest request : traffic.completed()) {
            if (forwardedBody != null && !request.bodyText().equals(forwardedBody)) {
                missed.add("origin received body \"" + RawBytes.escape(request.bodyText()) + "\", expected \""
                        + forwardedBody + "\"");
            }
            forwardedHeaders.forEach((name, value) -> {
                if (!request.values(name).equals(List.of(value))) {
                    missed.add("origin received " + name + " " + request.values(name) + ", expected [" + value + "]");
                }
            });
        }
        return missed;
    }

    private static String shown(Set<Integer> codes) {
        return new TreeSet<>(codes).stream().map(String::valueOf).collect(Collectors.joining(" or "));
    }
}
