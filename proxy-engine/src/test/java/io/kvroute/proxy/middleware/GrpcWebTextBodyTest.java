package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * A grpc-web-text body decoded as it arrives, in whatever pieces the connection gives it: line breaks skipped, groups
 * of four split across reads, a reader's buffer of a few bytes; a read gives 0 only when no byte is there.
 */
class GrpcWebTextBodyTest {
    @Test
    void decodesPiecesThatSplitGroupsAndLineBreaksIntoASmallBufferWithoutAnEmptyReadWhileBytesAreThere()
            throws IOException {
        // "hello, grpc" in base64 is aGVsbG8sIGdycGM=
        GrpcWebTextBody body = new GrpcWebTextBody(new Pieces("\r\n", "aG", "\r\nVs", "bG8", "sIGdy", "cGM="));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer small = ByteBuffer.allocate(3);
        for (int reads = 0; reads < 20; reads++) {
            small.clear();
            int read = body.read(small);
            if (read < 0) {
                break;
            }
            assertThat(read).as("a read while the pieces still had bytes").isPositive();
            out.write(small.array(), 0, read);
        }
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("hello, grpc");
    }

    @Test
    void aBodyEndingInsideAGroupFailsTheRead() {
        GrpcWebTextBody body = new GrpcWebTextBody(new Pieces("aGVsbG8"));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> {
            for (int reads = 0; reads < 5; reads++) {
                buffer.clear();
                if (body.read(buffer) < 0) {
                    break;
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("ends inside a group of four characters");
    }

    /** The connection: gives each piece (as much of it as the buffer takes), then the end of the body. */
    private static final class Pieces extends AbstractStreamSourceConduit<StreamSourceConduit> {
        private final Deque<byte[]> pieces = new ArrayDeque<>();
        private boolean ended;

        /** Below the pieces: nothing, never called (AbstractStreamSourceConduit wants a conduit below). */
        private static final StreamSourceConduit NOTHING = (StreamSourceConduit) Proxy.newProxyInstance(
                StreamSourceConduit.class.getClassLoader(), new Class<?>[] {StreamSourceConduit.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });

        Pieces(String... pieces) {
            super(NOTHING);
            for (String piece : pieces) {
                this.pieces.add(piece.getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public int read(ByteBuffer dst) {
            if (pieces.isEmpty()) {
                ended = true;
                return -1;
            }
            byte[] piece = pieces.peekFirst();
            int count = Math.min(piece.length, dst.remaining());
            dst.put(piece, 0, count);
            pieces.removeFirst();
            if (count < piece.length) {
                pieces.addFirst(Arrays.copyOfRange(piece, count, piece.length));
            }
            return count;
        }

        @Override
        public boolean isReadShutdown() {
            return ended;
        }
    }
}
