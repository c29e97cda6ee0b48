package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.http.RequestHeadScanner.Phase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connection's request stream, fed to the scanner whole and in every split of two reads, as bytes arrive from a
 * socket: pipelined heads and the bodies between them, and where a head is refused.
 */
class RequestHeadScannerTest {
    private static final String GET = "GET /one HTTP/1.1\r\nHost: a.test\r\n\r\n";
    /** Bodies full of what would be obs-fold or a tabbed Transfer-Encoding in a head. */
    private static final String LENGTH_BODY = "a\r\n folded\r\n\tTransfer-Encoding:\tchunked\r\n";
    private static final String LENGTH_POST = "POST /two HTTP/1.1\r\nHost: a.test\r\ncontent-LENGTH:\t "
            + LENGTH_BODY.length() + " \r\n\r\n" + LENGTH_BODY;
    private static final String CHUNKED_POST = "POST /three HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding:  Chunked \r\n"
            + "\r\na\r\nx\r\n second\r\n0\r\nT: v\r\n\r\n";
    private static final String VALID = GET + LENGTH_POST + CHUNKED_POST + GET;

    /** Where the scan of {@code text} split at {@code split} stopped handing bytes up, and the scanner after it. */
    private record Scan(int end, RequestHeadScanner scanner) {
        static Scan of(String text, int split) {
            return of(new RequestHeadScanner(), text, split);
        }

        static Scan of(RequestHeadScanner scanner, String text, int split) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            int end = scanner.scan(bytes, 0, split);
            if (end == split) {
                end = scanner.scan(bytes, split, bytes.limit());
            }
            return new Scan(end, scanner);
        }
    }

    @Test
    void pipelinedHeadsAndBodiesPassWholeHoweverTheyAreSplit() {
        for (int split = 0; split <= VALID.length(); split++) {
            Scan scan = Scan.of(VALID, split);

            assertThat(scan.end()).as("split at %d", split).isEqualTo(VALID.length());
            assertThat(scan.scanner().phase()).as("split at %d", split).isEqualTo(Phase.HEAD);
            assertThat(scan.scanner().problem()).as("split at %d", split).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Folded: first\r\n second", "X-Folded: first\r\n\tsecond", "Transfer-Encoding:\r\n chunked",
            "Transfer-Encoding: chunked\r\n identity", "Transfer-Encoding:\tchunked", "Transfer-Encoding: chunked\t",
            "Bare: lf\nX: y", "Bare: cr\rX: y", "Space : before colon", "No colon"})
    void aHeadIsRefusedAtItsFirstOffendingOctetHoweverItIsSplit(String fields) {
        String refused = "POST /api HTTP/1.1\r\nHost: a.test\r\n" + fields + "\r\n\r\n0\r\n\r\n";
        String stream = GET + LENGTH_POST + refused;
        int expectedEnd = Scan.of(stream, stream.length()).end();

        assertThat(expectedEnd).isGreaterThan(GET.length() + LENGTH_POST.length() + 34)
                .isLessThanOrEqualTo(GET.length() + LENGTH_POST.length() + refused.indexOf("\r\n\r\n") + 1);
        for (int split = 0; split <= stream.length(); split++) {
            Scan scan = Scan.of(stream, split);

            assertThat(scan.end()).as("split at %d", split).isEqualTo(expectedEnd);
            assertThat(scan.scanner().phase()).as("split at %d", split).isEqualTo(Phase.REFUSED);
            assertThat(scan.scanner().problem()).as("split at %d", split).startsWith("malformed request head: ");
        }
    }

    @Test
    void theRefusedOctetIsTheFoldingSpace() {
        String stream = GET + "GET /f HTTP/1.1\r\nX-Folded: first\r\n second\r\n\r\n";

        Scan scan = Scan.of(stream, stream.length());

        assertThat(stream.charAt(scan.end() - 1)).isEqualTo(' ');
        assertThat(stream.substring(scan.end() - 3, scan.end())).isEqualTo("\r\n ");
        assertThat(scan.scanner().problem()).isEqualTo("malformed request head: a folded field line (obs-fold)");
    }

    @Test
    void headsLongerThanOneReadOfTheScannerAreFollowedFromASocketsDirectBuffer() {
        String longHead = "GET /" + "p".repeat(5_000) + " HTTP/1.1\r\nX-Long: " + "v".repeat(9_000)
                + "\r\nContent-Length: 3\r\n\r\nabc";
        String folded = "GET /f HTTP/1.1\r\nX-Long: " + "w".repeat(7_000) + "\r\n\tfolded\r\n\r\n";
        String stream = GET + longHead + folded;
        ByteBuffer direct = ByteBuffer.allocateDirect(stream.length());
        direct.put(stream.getBytes(StandardCharsets.ISO_8859_1));
        RequestHeadScanner scanner = new RequestHeadScanner();

        int end = scanner.scan(direct, 0, direct.capacity());

        assertThat(end).isEqualTo(stream.indexOf("\tfolded") + 1);
        assertThat(scanner.phase()).isEqualTo(Phase.REFUSED);
        assertThat(scanner.problem()).isEqualTo("malformed request head: a folded field line (obs-fold)");
    }

    @Test
    void aLongRequestLineIsNoHttp2PrefaceAndItsFieldsAreStillRead() {
        String stream = "PRI * HTTP/2.0 and more\r\nTransfer-Encoding:\tchunked\r\n\r\n";

        Scan scan = Scan.of(stream, stream.length());

        assertThat(scan.scanner().phase()).isEqualTo(Phase.REFUSED);
        assertThat(scan.scanner().problem()).isEqualTo("malformed request head: a HTAB in Transfer-Encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: gzip, chunked", "Transfer-Encoding: \"chunked\"",
            "Content-Length: 5\r\nTransfer-Encoding: chunked", "Content-Length: 5\r\nContent-Length: 5",
            "Content-Length: +5", "Content-Length: 5 5", "Content-Length: 1000000000000000000005",
            "Content-Length:", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"})
    void aHeadWithRefusedFramingEndsTheScanAfterIt(String fields) {
        String head = "POST /api HTTP/1.1\r\nHost: a.test\r\n" + fields + "\r\n\r\n";
        String stream = GET + head + "5\r\nhello\r\n0\r\n\r\n" + GET;

        for (int split = 0; split <= stream.length(); split++) {
            Scan scan = Scan.of(stream, split);

            assertThat(scan.end()).as("split at %d", split).isEqualTo(GET.length() + head.length());
            assertThat(scan.scanner().phase()).as("split at %d", split).isEqualTo(Phase.ENDED);
        }
    }

    @Test
    void aBrokenChunkedBodyEndsTheScanRightAfterItsBadOctet() {
        String head = "POST /api HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        String stream = head + "5\r\nhelloXX0\r\n\r\n" + GET;

        Scan scan = Scan.of(stream, head.length() + 2);

        assertThat(scan.end()).isEqualTo(head.length() + "5\r\nhelloX".length());
        assertThat(scan.scanner().phase()).isEqualTo(Phase.ENDED);
    }

    @Test
    void anHttp2PrefaceAndWhatFollowsPassUnread() {
        String stream = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0012\u0004 folded\r\n bytes\n";

        for (int split = 0; split <= stream.length(); split++) {
            Scan scan = Scan.of(stream, split);

            assertThat(scan.end()).as("split at %d", split).isEqualTo(stream.length());
            assertThat(scan.scanner().phase()).as("split at %d", split).isEqualTo(Phase.PASSING);
        }
    }

    @Test
    void aSimilarRequestLineIsNoHttp2Preface() {
        Scan scan = Scan.of("PRI * HTTP/2.00\r\n\r\n" + GET + "X: y\r\n folded\r\n", 3);

        assertThat(scan.scanner().phase()).isEqualTo(Phase.REFUSED);
    }

    @Test
    void afterASwitchOfProtocolsEveryOctetPasses() {
        RequestHeadScanner scanner = new RequestHeadScanner();
        String upgrade = "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        assertThat(Scan.of(scanner, upgrade, upgrade.length()).end()).isEqualTo(upgrade.length());

        scanner.switchedProtocols();
        String frames = "\u0081\u0005hello\r\n folded\n";

        assertThat(Scan.of(scanner, frames, 4).end()).isEqualTo(frames.length());
        assertThat(scanner.phase()).isEqualTo(Phase.PASSING);
    }

    @Test
    void aRefusedScanHandsNothingMoreUp() {
        RequestHeadScanner scanner = new RequestHeadScanner();
        String refused = "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n";
        int end = Scan.of(scanner, refused, refused.length()).end();

        ByteBuffer more = ByteBuffer.wrap(GET.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(end).isEqualTo(refused.indexOf(" b") + 1);
        assertThat(scanner.scan(more, 0, more.limit())).isZero();
    }
}
