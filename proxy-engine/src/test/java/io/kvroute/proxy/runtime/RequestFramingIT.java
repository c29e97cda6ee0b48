package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 request framing as strict as nginx (RFC 9112), seen from both ends with raw sockets: what the client is
 * answered, and the exact bytes the origin receives. A message whose framing is unknown or broken is refused and the
 * connection closed; a body that breaks after forwarding started reaches the origin as an incomplete message followed
 * by a close, never as a completed request.
 */
class RequestFramingIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String POST = "POST /upload HTTP/1.1\r\nHost: framing.test\r\n";

    private RawOrigin origin;
    private RunningProxy proxy;

    @BeforeEach
    void start() {
        startWith(RawOrigin.Answer.ON_COMPLETE_REQUEST);
    }

    private void startWith(RawOrigin.Answer answer) {
        startWith(answer, RunningProxy.settings());
    }

    private void startWith(RawOrigin.Answer answer, ProxySettings settings) {
        stop();
        origin = RawOrigin.start(answer, OK);
        proxy = RunningProxy.start(ETCD, settings);
        proxy.apply(new TraefikKeys().router("framing", "Host(`framing.test`)", "framing")
                .server("framing", "origin", origin.url()).build());
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
            origin.close();
        }
    }

    private RawExchange send(String request) {
        return RawExchange.send(address(), request, false);
    }

    private RawExchange sendThenEndInput(String request) {
        return RawExchange.send(address(), request, true);
    }

    private InetSocketAddress address() {
        return proxy.runtime().address(RunningProxy.ENTRY_POINT);
    }

    /** Whatever reached the origin was an incomplete message on a connection the proxy then closed. */
    private void assertOriginNeverGotACompleteRequest() {
        await("origin connections closed by the proxy").atMost(Duration.ofSeconds(5))
                .until(() -> origin.connections().stream().allMatch(RawOrigin.Connection::closedByProxy));
        assertThat(origin.connections()).allSatisfy(c -> assertThat(c.completeRequests())
                .as("complete requests in %s", c.text()).isZero());
    }

    @Test
    void aWellFramedChunkedBodyIsForwardedWhole() {
        RawExchange answer = send(POST + "Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(origin.connections()).hasSize(1);
        assertThat(origin.connections().get(0).completeRequests()).isEqualTo(1);
        assertThat(origin.allText()).containsIgnoringCase("transfer-encoding: chunked").contains("hello", " world");
    }

    @Test
    void aChunkedBodyCutShortByTheClientNeverCompletesUpstream() {
        RawExchange answer = sendThenEndInput(POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertOriginNeverGotACompleteRequest();
        assertThat(origin.allText()).contains("hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5\r\nhello\r\n0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n",
            "5\r\nhello\n0\r\n\r\n", "5 \r\nhello\r\n0\r\n\r\n", "\r\n5\r\nhello\r\n0\r\n\r\n",
            "fffffffffffffffff\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\n0\r\nbad trailer\r\n\r\n"})
    void aMalformedChunkedBodyIs400AndNeverCompletesUpstream(String body) {
        RawExchange answer = send(POST + "Transfer-Encoding: chunked\r\n\r\n" + body);

        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertOriginNeverGotACompleteRequest();
    }

    @Test
    void aBodyShorterThanItsContentLengthNeverCompletesUpstream() {
        RawExchange answer = sendThenEndInput(POST + "Content-Length: 10\r\n\r\nhello");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertOriginNeverGotACompleteRequest();
        assertThat(origin.allText()).contains("hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xchunked", "\"chunked\"", "chunked, identity", "gzip, chunked", "identity", "chunked;q=1"})
    void aTransferEncodingOtherThanChunkedIs501AndClosed(String encoding) {
        RawExchange answer = send(POST + "Transfer-Encoding: " + encoding + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        assertThat(answer.status()).as(encoding).isEqualTo(501);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    @Test
    void chunkedInAnHttp10RequestIs400AndClosed() {
        RawExchange answer = send("POST /upload HTTP/1.0\r\nHost: framing.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012", "5, 5", "5, 6", "+5", "0x5", "-5", "5 5"})
    void aContentLengthThatIsNotOnePlainDecimalIs400AndClosed(String length) {
        RawExchange answer = send(POST + "Content-Length: " + length + "\r\n\r\nhello" + "GET /next HTTP/1.1\r\n"
                + "Host: framing.test\r\n\r\n");

        assertThat(answer.status()).as(length).isEqualTo(400);
        assertThat(answer.responses()).isEqualTo(1);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    @Test
    void twoContentLengthsOrContentLengthWithChunkedAre400() {
        RawExchange twoLengths = send(POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello");
        RawExchange both = send(POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        assertThat(twoLengths.status()).isEqualTo(400);
        assertThat(both.status()).isEqualTo(400);
        assertThat(twoLengths.closedByProxy() && both.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    @Test
    void aRequestPipelinedAfterARefusedOneIsNotProcessed() {
        RawExchange answer = send(POST + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: framing.test\r\n\r\n");

        assertThat(answer.status()).isEqualTo(501);
        assertThat(answer.responses()).isEqualTo(1);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    @Test
    void aRequestPipelinedAfterABrokenChunkedBodyIsNotProcessed() {
        RawExchange answer = send(POST + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: framing.test\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.responses()).isEqualTo(1);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.allText()).doesNotContain("/smuggled");
        assertOriginNeverGotACompleteRequest();
    }

    /**
     * An obs-fold (a field line starting with SP or HTAB) is refused with 400, as nginx does (RFC 9112 section 5.2
     * allows it), although Undertow alone would join the lines: the proxy fails closed ({@code RequestHeadGuard}).
     * Nothing pipelined after it is read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"X-Folded: one\r\n two", "X-Folded: one\r\n\ttwo", "Transfer-Encoding:\r\n chunked"})
    void anObsoleteLineFoldIs400AndClosed(String fields) {
        RawExchange answer = send("POST / HTTP/1.1\r\nHost: framing.test\r\n" + fields + "\r\n\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: framing.test\r\n\r\n");

        assertThat(answer.statuses()).containsExactly(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    /** A HTAB before or after {@code chunked} is refused (nginx: 501), never trimmed away as Undertow alone would. */
    @ParameterizedTest
    @ValueSource(strings = {"\tchunked", " chunked\t", "\t chunked"})
    void aTabInTransferEncodingIsRefusedAndClosed(String value) {
        RawExchange answer = send(POST + "Transfer-Encoding:" + value + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    /** Undertow 2.3 reads only CRLF as a line end (nginx also takes a bare LF): stricter, so refused. */
    @Test
    void bareLineFeedsAre400() {
        RawExchange answer = send("GET /lf HTTP/1.1\nHost: framing.test\nConnection: close\n\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertThat(origin.connections()).isEmpty();
    }

    private boolean originGot(String text) {
        return origin.allText().contains(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5\r\nworld\r\n0\r\n\r\n", "0x5\r\nworld\r\n0\r\n\r\n",
            "5\r\nworldXX0\r\n\r\n", "5\nworld\r\n0\r\n\r\n"})
    void aChunkedBodyBreakingWhileStreamedIs400AndAbortedUpstream(String rest) {
        RawExchange answer = RawExchange.sendInTwoParts(address(),
                POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", () -> originGot("hello"), rest);

        assertThat(answer.status()).as(rest).isEqualTo(400);
        assertThat(answer.closedByProxy()).isTrue();
        assertOriginNeverGotACompleteRequest();
        assertThat(origin.connections()).hasSize(1);
        assertThat(origin.allText()).doesNotContain("XX");
    }

    @Test
    void aBodyBrokenAfterTheOriginAnsweredClosesBothSidesAndThePoolStaysClean() {
        startWith(RawOrigin.Answer.ON_HEAD);

        RawExchange broken = RawExchange.sendInTwoParts(address(),
                POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", () -> originGot("hello"),
                "-5\r\nworld\r\n0\r\n\r\n");
        RawExchange next = send("GET /next HTTP/1.1\r\nHost: framing.test\r\nConnection: close\r\n\r\n");

        assertThat(broken.status()).as("the origin's answer, or 400 if the broken chunk came first").isIn(200, 400);
        assertThat(broken.closedByProxy()).isTrue();
        assertThat(next.status()).isEqualTo(200);
        await("the broken upstream connection closed").atMost(Duration.ofSeconds(5))
                .until(() -> origin.connections().get(0).closedByProxy());
        assertThat(origin.connections()).hasSize(2);
        assertThat(origin.connections().get(0).completeRequests()).isZero();
        assertThat(origin.connections().get(0).text()).doesNotContain("/next", "world");
        assertThat(origin.connections().get(1).text()).startsWith("GET /next ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "Content-Length: 10\r\n\r\nhello"})
    void aBodyStalledUntilTheRequestTimeoutIsAbortedUpstream(String framingAndBodyStart) {
        ProxySettings defaults = RunningProxy.settings();
        startWith(RawOrigin.Answer.ON_COMPLETE_REQUEST, new ProxySettings(defaults.entryPoints(), defaults.prefix(),
                Duration.ofMillis(500), defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace()));

        RawExchange answer = send(POST + framingAndBodyStart);

        assertThat(answer.status()).isIn(0, 504);
        assertThat(origin.allText()).contains("hello");
        assertOriginNeverGotACompleteRequest();
    }

    @Test
    void keepAliveRequestsWithBodiesStillWork() {
        RawExchange answer = send(POST + "Content-Length: 5\r\n\r\nhello"
                + POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nworld\r\n0\r\n\r\n"
                + "GET /last HTTP/1.1\r\nHost: framing.test\r\nConnection: close\r\n\r\n");

        assertThat(answer.responses()).isEqualTo(3);
        assertThat(answer.received()).doesNotContain(" 400 ", " 501 ");
        assertThat(origin.connections().stream().mapToInt(RawOrigin.Connection::completeRequests).sum()).isEqualTo(3);
    }
}
