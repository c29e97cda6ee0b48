package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict chunked grammar, fed whole and in every split of two reads, as bytes arrive from a socket. */
class ChunkedFramingTest {
    private static final String VALID = "5\r\nhello\r\n1A;name=\"quoted value\" ; other\r\n" + "x".repeat(26)
            + "\r\n000\r\nX-Trailer: one\r\nOther:\r\n\r\n";
    private static final String NEXT_REQUEST = "GET /next HTTP/1.1\r\n\r\n";

    /** Where the framing stopped in {@code text} split at {@code split}, and the framing after it. */
    private record Scan(int stop, BodyFraming framing) {
        static Scan of(String text, int split) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            BodyFraming framing = BodyFraming.chunked();
            int stop = framing.scan(bytes, 0, split);
            if (stop == split) {
                stop = framing.scan(bytes, split, bytes.limit());
            }
            return new Scan(stop, framing);
        }
    }

    @Test
    void aValidBodyIsCompleteAtItsEndHoweverItIsSplit() {
        for (int split = 0; split <= VALID.length(); split++) {
            Scan scan = Scan.of(VALID + NEXT_REQUEST, split);

            assertThat(scan.framing().problem()).as("split at %d", split).isNull();
            assertThat(scan.stop()).as("split at %d", split).isEqualTo(VALID.length() + NEXT_REQUEST.length());
            assertThat(scan.framing().complete()).as("split at %d", split).isTrue();
        }
    }

    @Test
    void aBodyWithoutItsLastChunkIsNotComplete() {
        Scan scan = Scan.of("5\r\nhello\r\n", 3);

        assertThat(scan.framing().problem()).isNull();
        assertThat(scan.framing().complete()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5\r\nhello\r\n0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n", "+5\r\nhello\r\n0\r\n\r\n",
            "5\r\nhelloXX0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n", "5 \r\nhello\r\n0\r\n\r\n",
            "\r\n5\r\nhello\r\n0\r\n\r\n", "10000000000000000\r\n", "5;ext\nhello\r\n0\r\n\r\n",
            "5;a\u0001b\r\nhello\r\n0\r\n\r\n", "0\r\n folded\r\n\r\n", "0\r\nno colon\r\n\r\n", "0\r\nA: b\n\r\n",
            "0\r\n\n"})
    void aMalformedBodyStopsAtItsFirstBadOctetHoweverItIsSplit(String body) {
        int expectedStop = Scan.of(body, body.length()).stop();

        for (int split = 0; split <= body.length(); split++) {
            Scan scan = Scan.of(body, split);

            assertThat(scan.framing().problem()).as("%s split at %d", body, split).startsWith("malformed chunked body");
            assertThat(scan.stop()).as("%s split at %d", body, split).isEqualTo(expectedStop);
            assertThat(scan.framing().complete()).isFalse();
        }
        assertThat(expectedStop).isLessThan(body.length());
    }

    @Test
    void theProblemNamesWhatWasExpectedAndWhatCame() {
        assertThat(Scan.of("-5\r\n", 4).framing().problem())
                .isEqualTo("malformed chunked body: expected a chunk size, got '-'");
        assertThat(Scan.of("5\r\nhelloXX", 10).framing().problem())
                .isEqualTo("malformed chunked body: expected CRLF after chunk data, got 'X'");
        assertThat(Scan.of("5\nhello", 7).framing().problem())
                .isEqualTo("malformed chunked body: expected a hexadecimal chunk size, got 0x0A");
    }
}
