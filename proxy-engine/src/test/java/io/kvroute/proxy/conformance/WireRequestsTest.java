package io.kvroute.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The origin's framing decides every verdict of the suite, so it is pinned here on hand-written bytes. */
class WireRequestsTest {
    private static WireRequests parse(String wire) {
        return WireRequests.parse(wire.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void framesContentLengthAndChunkedBodiesAndPipelinedRequests() {
        WireRequests parsed = parse("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n1\r\n!\r\n0\r\nT: 1\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(parsed.complete()).extracting(ReceivedRequest::target).containsExactly("/a", "/b", "/c");
        assertThat(parsed.complete()).extracting(ReceivedRequest::bodyText).containsExactly("hello", "hello!", "");
        assertThat(parsed.complete()).extracting(ReceivedRequest::framingDefect).containsOnly("");
        assertThat(parsed.tailBytes()).isZero();
    }

    @Test
    void aChunkedBodyWithoutItsLastChunkIsNoCompleteRequest() {
        String unfinished = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
        WireRequests parsed = parse(unfinished);

        assertThat(parsed.complete()).isEmpty();
        assertThat(parsed.tailBytes()).isEqualTo(unfinished.length());
    }

    @Test
    void malformedChunksAndConflictingLengthsAreNeverComplete() {
        assertThat(parse("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n").complete())
                .isEmpty();
        assertThat(parse("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n").complete())
                .isEmpty();
        assertThat(parse("POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!").complete())
                .isEmpty();
        assertThat(parse("POST /a HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n").complete()).isEmpty();
    }

    @Test
    void namesTheFramingDefectsAProxyMustNotForward() {
        assertThat(parse("POST /a HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .complete()).singleElement().extracting(ReceivedRequest::framingDefect)
                .isEqualTo("both Content-Length and Transfer-Encoding");
        assertThat(parse("GET /a HTTP/1.1\nHost: x\n\n").complete()).singleElement()
                .extracting(ReceivedRequest::framingDefect).isEqualTo("bare LF line ends");
        assertThat(parse("GET /a HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n").complete()).singleElement()
                .satisfies(request -> {
                    assertThat(request.framingDefect()).isEqualTo("folded header lines");
                    assertThat(request.values("x-a")).containsExactly("1 2");
                });
    }

    @Test
    void aCompleteHeadAskingForContinueIsReportedUntilItsBodyArrives() {
        WireRequests waiting = parse("POST /a HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        WireRequests done = parse("POST /a HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello");

        assertThat(waiting.waitingForContinue()).isPresent();
        assertThat(waiting.complete()).isEmpty();
        assertThat(done.waitingForContinue()).isEmpty();
        assertThat(done.complete()).singleElement().extracting(ReceivedRequest::bodyText).isEqualTo("hello");
    }

    @Test
    void afterASwitchOnlyTheFirstRequestCountsAndTheRestIsTunnelData() {
        WireRequests parsed = WireRequests.parse(("GET /ws HTTP/1.1\r\nHost: x\r\n\r\nPRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), 1);

        assertThat(parsed.complete()).extracting(ReceivedRequest::target).containsExactly("/ws");
        assertThat(parsed.tailBytes()).isEqualTo(24);
    }
}
