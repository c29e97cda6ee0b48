package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An HTTP/1.1 answer read in the pieces the network hands over, as the gateway streams a watch. */
class ChunkedLinesTest {
    private final List<String> seen = new ArrayList<>();
    private final ChunkedLines answer = new ChunkedLines(new ChunkedLines.Sink() {
        @Override
        public void headers(int status) {
            seen.add("status " + status);
        }

        @Override
        public void line(String line) {
            seen.add(line);
        }

        @Override
        public void ended() {
            seen.add("end");
        }
    });

    @Test
    void aChunkedStreamGivesEachLineOnceCompleteWhateverThePieces() throws IOException {
        String wire = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "8\r\n{\"a\":1}\n\r\n" + "5\r\n{\"b\":\r\n" + "5\r\n2}\n{\"\r\n" + "4\r\nc\":3\r\n" + "2\r\n}\n\r\n"
                + "0\r\n\r\n";

        for (byte b : wire.getBytes(StandardCharsets.UTF_8)) {
            answer.feed(ByteBuffer.wrap(new byte[] {b}));
        }

        assertThat(seen).containsExactly("status 200", "{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "end");
    }

    @Test
    void aBodyOfAContentLengthEndsWithItsLastByteAndKeepsItsLastLine() throws IOException {
        String body = "{\"error\":\"etcdserver: user name is empty\",\"code\":3}";
        answer.feed(bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));

        assertThat(seen).containsExactly("status 400", body, "end");
        assertThat(answer.hasHeaders()).isTrue();
    }

    @Test
    void aStreamCutBeforeItsEndIsAnErrorAndHeadersNotYetReadAreSaid() throws IOException {
        answer.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-"));
        assertThat(answer.hasHeaders()).isFalse();
        answer.feed(bytes("Encoding: chunked\r\n\r\n4\r\nab\n\r\n"));

        assertThatThrownBy(answer::closed).isInstanceOf(IOException.class)
                .hasMessage("connection closed before the answer ended");
        assertThat(seen).containsExactly("status 200", "ab");
    }

    @Test
    void somethingElseThanHttpIsRefused() {
        assertThatThrownBy(() -> answer.feed(bytes("SSH-2.0-OpenSSH\r\n"))).isInstanceOf(IOException.class)
                .hasMessage("not an HTTP/1.1 answer: SSH-2.0-OpenSSH");
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
