package io.kvroute.proxy.conformance;

import static io.kvroute.proxy.conformance.ConformanceRoutes.AUTHORIZATION;
import static io.kvroute.proxy.conformance.ConformanceRoutes.HOST;
import static io.kvroute.proxy.conformance.Target.forwarded;
import static io.kvroute.proxy.conformance.Target.neverCompleted;
import static io.kvroute.proxy.conformance.Target.refused;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The conformance table: issue 10's edge cases (dot segments, encoded characters, incomplete bodies, framing, header
 * aliases, hop-by-hop fields, upgrades) and the classic request-smuggling set (CL.TE, TE.CL, TE.TE obfuscations,
 * duplicate Content-Length, obs-fold, bare LF, absolute-form, pipelining, 100-continue), each with kvroute's target.
 */
final class ConformanceCases {
    private static final String HOST_LINE = "Host: " + HOST;
    private static final String CHUNKED_HELLO = "5\r\nhello\r\n0\r\n\r\n";
    private static final String TRAEFIK_ENCODED = "Traefik v3 rejects encoded characters in the path by default";
    private static final String TRAEFIK_CLEAN = "Traefik v3 cleans the path (dot segments, duplicate slashes) before "
            + "routing and forwarding";
    private static final String FRAMING = "ambiguous framing is refused and the connection closed (RFC 9112 6.3)";
    private static final String CODING = "a Transfer-Encoding other than chunked is refused, as nginx does";
    private static final String INCOMPLETE = "a request the client did not finish never completes at the origin";

    private ConformanceCases() {
    }

    static List<ConformanceCase> all() {
        return Stream.of(baseline(), paths(), incompleteBodies(), framing(), smuggling(), headers(), upgrades())
                .flatMap(List::stream).toList();
    }

    private static List<ConformanceCase> baseline() {
        return List.of(
                ConformanceCase.of("baseline-get", get("/api/hello"),
                        forwarded("an open route forwards", 200, "/api/hello")),
                ConformanceCase.of("admin-without-credentials", get("/admin/secret.txt"),
                        refused("basic auth guards /admin", 401)),
                ConformanceCase.of("admin-with-credentials", get("/admin/secret.txt", AUTHORIZATION),
                        forwarded("the right password passes", 200, "/admin/secret.txt")),
                ConformanceCase.of("post-content-length", head("POST /api/upload HTTP/1.1", HOST_LINE,
                        "Content-Length: 5") + "hello", forwarded("a framed body passes", 200, "/api/upload")
                        .withBody("hello")),
                ConformanceCase.of("post-chunked", head("POST /api/upload HTTP/1.1", HOST_LINE,
                        "Transfer-Encoding: chunked") + CHUNKED_HELLO, forwarded("a chunked body passes", 200,
                        "/api/upload").withBody("hello")));
    }

    private static List<ConformanceCase> paths() {
        return List.of(
                ConformanceCase.of("dot-dot-into-admin", get("/api/../admin/secret.txt"),
                        refused(TRAEFIK_CLEAN + ": /admin needs auth", 401)),
                ConformanceCase.of("dot-segments-removed", get("/api/./x/../hello"),
                        forwarded(TRAEFIK_CLEAN, 200, "/api/hello")),
                ConformanceCase.of("double-slash-into-admin", get("//admin/secret.txt"),
                        refused(TRAEFIK_CLEAN + ": /admin needs auth", 401)),
                ConformanceCase.of("double-slash-removed", get("/api//hello"),
                        forwarded(TRAEFIK_CLEAN, 200, "/api/hello")),
                ConformanceCase.of("encoded-dot-dot", get("/api/%2e%2e/admin/secret.txt"),
                        refused("encoded dot segments never reach /admin unauthenticated", 400, 401)),
                ConformanceCase.of("encoded-slash", get("/api/..%2fadmin/secret.txt"), refused(TRAEFIK_ENCODED, 400)),
                ConformanceCase.of("encoded-backslash", get("/api/..%5cadmin/secret.txt"),
                        refused(TRAEFIK_ENCODED, 400)),
                ConformanceCase.of("encoded-semicolon", get("/api/x%3Bjsessionid=1"), refused(TRAEFIK_ENCODED, 400)),
                ConformanceCase.of("encoded-nul", get("/api/x%00.txt"), refused(TRAEFIK_ENCODED, 400)),
                ConformanceCase.of("encoded-percent", get("/api/%252e%252e/admin/secret.txt"),
                        refused(TRAEFIK_ENCODED, 400)),
                ConformanceCase.of("encoded-question-mark", get("/api/x%3F.txt"), refused(TRAEFIK_ENCODED, 400)),
                ConformanceCase.of("encoded-hash", get("/api/x%23.txt"), refused(TRAEFIK_ENCODED, 400)));
    }

    private static List<ConformanceCase> incompleteBodies() {
        String chunkedStart = head("POST /api/upload HTTP/1.1", HOST_LINE, "Transfer-Encoding: chunked");
        String lengthStart = head("POST /api/upload HTTP/1.1", HOST_LINE, "Content-Length: 10");
        String badChunk = "a bad chunk is refused and never completes at the origin";
        return List.of(
                ConformanceCase.of("chunked-then-half-close", chunkedStart + "5\r\nhello\r\n",
                        neverCompleted(INCOMPLETE)).halfClose(),
                ConformanceCase.of("chunked-then-close", chunkedStart + "5\r\nhello\r\n",
                        neverCompleted(INCOMPLETE)).clientCloses(),
                ConformanceCase.of("short-body-then-half-close", lengthStart + "hello", neverCompleted(INCOMPLETE))
                        .halfClose(),
                ConformanceCase.of("short-body-then-close", lengthStart + "hello", neverCompleted(INCOMPLETE))
                        .clientCloses(),
                ConformanceCase.of("chunk-size-negative", chunkedStart + "-5\r\nhello\r\n0\r\n\r\n",
                        neverCompleted(badChunk).withStatus(400)).unfinished(),
                ConformanceCase.of("chunk-size-0x", chunkedStart + "0x5\r\nhello\r\n0\r\n\r\n",
                        neverCompleted(badChunk).withStatus(400)).unfinished(),
                ConformanceCase.of("chunk-data-without-crlf", chunkedStart + "5\r\nhelloXX0\r\n\r\n",
                        neverCompleted(badChunk).withStatus(400)).unfinished(),
                ConformanceCase.of("chunk-size-not-hex", chunkedStart + "zz\r\nhello\r\n0\r\n\r\n",
                        neverCompleted(badChunk).withStatus(400)).unfinished(),
                ConformanceCase.of("chunk-size-overflow", chunkedStart + "10000000000000005\r\nhello\r\n0\r\n\r\n",
                        neverCompleted(badChunk).withStatus(400)).unfinished());
    }

    private static List<ConformanceCase> framing() {
        List<ConformanceCase> cases = new ArrayList<>();
        Map<String, String> codings = new LinkedHashMap<>();
        codings.put("te-xchunked", "xchunked");
        codings.put("te-quoted-chunked", "\"chunked\"");
        codings.put("te-chunked-identity", "chunked, identity");
        codings.put("te-identity", "identity");
        codings.put("te-gzip-chunked", "gzip, chunked");
        codings.forEach((name, coding) -> cases.add(ConformanceCase.of(name,
                head("POST /api/upload HTTP/1.1", HOST_LINE, "Transfer-Encoding: " + coding) + CHUNKED_HELLO,
                refused(CODING, 400, 501).andClosed()).unfinished()));
        cases.add(withLength("cl-22-digits", "Content-Length: 1000000000000000000005"));
        cases.add(withLength("cl-plus-sign", "Content-Length: +5"));
        cases.add(withLength("cl-list", "Content-Length: 5, 6"));
        cases.add(withLength("cl-duplicate-different", "Content-Length: 5", "Content-Length: 6"));
        cases.add(withLength("cl-duplicate-same", "Content-Length: 5", "Content-Length: 5"));
        return cases;
    }

    private static List<ConformanceCase> smuggling() {
        String smuggled = head("GET /api/smuggled HTTP/1.1", HOST_LINE);
        return List.of(
                ConformanceCase.of("cl-te", head("POST /api/upload HTTP/1.1", HOST_LINE, "Content-Length: 5",
                        "Transfer-Encoding: chunked") + "0\r\n\r\n" + smuggled, refused(FRAMING, 400).andClosed())
                        .unfinished(),
                ConformanceCase.of("te-cl", head("POST /api/upload HTTP/1.1", HOST_LINE, "Transfer-Encoding: chunked",
                        "Content-Length: 4") + Integer.toHexString(smuggled.length()) + "\r\n" + smuggled
                        + "\r\n0\r\n\r\n", refused(FRAMING, 400).andClosed()).unfinished(),
                teObfuscation("te-space-before-colon", "Transfer-Encoding : chunked"),
                teObfuscation("te-tab-before-value", "Transfer-Encoding:\tchunked"),
                teObfuscation("te-chunked-then-identity", "Transfer-encoding: chunked", "Transfer-Encoding: identity"),
                teObfuscation("te-obs-fold", "Transfer-Encoding:", " chunked"),
                teObfuscation("te-chunked-obs-fold", "Transfer-Encoding: chunked", " identity"),
                ConformanceCase.of("obs-fold-header", head("GET /api/folded HTTP/1.1", HOST_LINE, "X-Folded: first",
                        " second"), refused("obs-fold is rejected (RFC 9112 5.2 allows 400), failing closed", 400)),
                ConformanceCase.of("bare-lf", "GET /api/bare-lf HTTP/1.1\n" + HOST_LINE + "\n\n",
                        refused("bare LF line ends are refused", 400).or(forwarded("read as line ends (RFC 9112 2.2 "
                                + "allows it, as nginx does) and forwarded as CRLF", 200, "/api/bare-lf"))),
                ConformanceCase.of("absolute-form", head("GET http://" + HOST + "/api/abs HTTP/1.1", HOST_LINE),
                        forwarded("absolute-form is routed by its authority and forwarded in origin-form", 200,
                                "/api/abs")),
                ConformanceCase.of("absolute-form-other-host", head("GET http://other.test/x HTTP/1.1", HOST_LINE),
                        refused("an authority that disagrees with Host is refused (RFC 9112 3.2.2 lets the authority "
                                + "win; other.test has no route either way)", 400, 404)),
                ConformanceCase.of("absolute-form-routed-host", head("GET http://" + HOST + "/api/abs HTTP/1.1",
                        "Host: other.test"), refused("an authority that disagrees with Host is refused", 400)
                        .or(forwarded("the authority wins over Host (RFC 9112 3.2.2), as nginx does", 200,
                                "/api/abs"))),
                ConformanceCase.of("pipelined-two-gets", get("/api/one") + get("/api/two"),
                        forwarded("pipelined requests are answered in order", 200, "/api/one", "/api/two"))
                        .responses(2),
                ConformanceCase.of("pipelined-after-refused", head("POST /api/upload HTTP/1.1", HOST_LINE,
                        "Content-Length: 5", "Content-Length: 6") + "hello" + smuggled,
                        refused("nothing after a refused request is processed", 400).andClosed()).unfinished(),
                ConformanceCase.of("expect-100-continue", head("POST /api/upload HTTP/1.1", HOST_LINE,
                        "Content-Length: 5", "Expect: 100-continue"), forwarded("100-continue is honoured", 200,
                        "/api/upload").withBody("hello").withContinue()).continueWith("hello"));
    }

    private static List<ConformanceCase> headers() {
        String untrusted = "client forwarding headers are not trusted by default (Traefik forwardedHeaders)";
        String hop = "hop-by-hop fields are not forwarded (RFC 9110 7.6.1)";
        String underscore = "fields with _ in the name are dropped, like nginx's underscores_in_headers off";
        return List.of(
                ConformanceCase.of("underscore-x-forwarded-for", get("/api/h", "X_Forwarded_For: 6.6.6.6"),
                        forwarded(underscore, 200, "/api/h").withHeader("X-Forwarded-For", "127.0.0.1"))
                        .probes(new HeaderProbe("X_Forwarded_For", "6.6.6.6")),
                ConformanceCase.of("underscore-x-real-ip", get("/api/h", "X_Real_IP: 6.6.6.7"),
                        forwarded(underscore, 200, "/api/h").withHeader("X-Real-Ip", "127.0.0.1"))
                        .probes(new HeaderProbe("X_Real_IP", "6.6.6.7")),
                ConformanceCase.of("spoofed-x-forwarded-for", get("/api/h", "X-Forwarded-For: 6.6.6.6"),
                        forwarded(untrusted, 200, "/api/h").withHeader("X-Forwarded-For", "127.0.0.1"))
                        .probes(new HeaderProbe("X-Forwarded-For", "6.6.6.6")),
                ConformanceCase.of("spoofed-x-real-ip", get("/api/h", "X-Real-IP: 6.6.6.7"),
                        forwarded(untrusted, 200, "/api/h").withHeader("X-Real-Ip", "127.0.0.1"))
                        .probes(new HeaderProbe("X-Real-IP", "6.6.6.7")),
                ConformanceCase.of("connection-names-x-forwarded-for", get("/api/h", "Connection: close, "
                        + "X-Forwarded-For"), forwarded("a client cannot remove the proxy's own X-Forwarded-For", 200,
                        "/api/h").withHeader("X-Forwarded-For", "127.0.0.1")),
                ConformanceCase.of("connection-names-x-real-ip", get("/api/h", "Connection: X-Real-IP"),
                        forwarded("a client cannot remove the proxy's own X-Real-IP", 200, "/api/h")
                                .withHeader("X-Real-Ip", "127.0.0.1")),
                ConformanceCase.of("keep-alive-header", get("/api/h", "Keep-Alive: timeout=77"),
                        forwarded(hop, 200, "/api/h")).probes(new HeaderProbe("Keep-Alive", "timeout=77")),
                ConformanceCase.of("te-header", get("/api/h", "TE: deflate;q=0.7"), forwarded(hop, 200, "/api/h"))
                        .probes(new HeaderProbe("TE", "deflate")),
                ConformanceCase.of("proxy-connection", get("/api/h", "Proxy-Connection: keep-alive"),
                        forwarded(hop, 200, "/api/h")).probes(new HeaderProbe("Proxy-Connection", "keep-alive")),
                ConformanceCase.of("upgrade-without-connection", get("/api/h", "Upgrade: websocket"),
                        forwarded("Upgrade without Connection: upgrade is no upgrade and not forwarded", 200,
                                "/api/h")).probes(new HeaderProbe("Upgrade", "websocket")));
    }

    private static List<ConformanceCase> upgrades() {
        String webSocket = get("/api/ws", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        String badSwitch = "a 101 the client did not ask for is a bad gateway, answered at once, nothing tunnelled";
        return List.of(
                ConformanceCase.of("websocket-upgrade", webSocket,
                        forwarded("a WebSocket upgrade is tunnelled", 101, "/api/ws").andTunnelled())
                        .answer(OriginAnswer.SWITCH_TO_WEBSOCKET),
                ConformanceCase.of("switch-without-upgrade-request", get("/api/plain"),
                        forwarded(badSwitch, 502, "/api/plain")).answer(OriginAnswer.SWITCH_TO_WEBSOCKET),
                ConformanceCase.of("switch-without-upgrade-header", webSocket, forwarded(badSwitch, 502, "/api/ws"))
                        .answer(OriginAnswer.SWITCH_WITHOUT_UPGRADE_HEADER),
                ConformanceCase.of("switch-to-other-protocol", webSocket, forwarded(badSwitch, 502, "/api/ws")
                        .or(forwarded("Undertow's HTTP client takes a 101 naming h2c as its own switch to HTTP/2 and "
                                + "never hands it to the proxy: nothing is tunnelled, the client is answered 504 only "
                                + "at the request timeout", 504, "/api/ws").withStatus()))
                        .answer(OriginAnswer.SWITCH_TO_H2C));
    }

    private static ConformanceCase withLength(String name, String... lengthLines) {
        List<String> lines = new ArrayList<>(List.of("POST /api/upload HTTP/1.1", HOST_LINE));
        lines.addAll(List.of(lengthLines));
        return ConformanceCase.of(name, head(lines.toArray(String[]::new)) + "hello",
                refused(FRAMING, 400).andClosed()).unfinished();
    }

    private static ConformanceCase teObfuscation(String name, String... codingLines) {
        List<String> lines = new ArrayList<>(List.of("POST /api/upload HTTP/1.1", HOST_LINE));
        lines.addAll(List.of(codingLines));
        return ConformanceCase.of(name, head(lines.toArray(String[]::new)) + CHUNKED_HELLO,
                refused("an obfuscated Transfer-Encoding is refused, never guessed", 400, 501).andClosed())
                .unfinished();
    }

    /** {@code GET target} on {@link ConformanceRoutes#HOST} with {@code headers}. */
    private static String get(String target, String... headers) {
        List<String> lines = new ArrayList<>(List.of("GET " + target + " HTTP/1.1", HOST_LINE));
        lines.addAll(List.of(headers));
        return head(lines.toArray(String[]::new));
    }

    /** The lines joined by CRLF, then the empty line that ends a head. */
    private static String head(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }
}
