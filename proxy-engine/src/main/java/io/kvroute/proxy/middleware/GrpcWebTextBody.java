package io.kvroute.proxy.middleware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Base64;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The body of a {@code application/grpc-web-text} request, base64-decoded as it is read (Go's
 * {@code base64.NewDecoder(StdEncoding)}, which skips line breaks). A body that is not base64, or ends in the middle of
 * a group of four characters, fails the read: the request is not forwarded whole.
 */
final class GrpcWebTextBody extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private static final int MAX_CHUNK = 8 * 1024;

    /** Characters read but not yet decoded: fewer than a group of four. */
    private final byte[] group = new byte[4];
    private int grouped;
    /** Decoded bytes the reader's buffer had no room for. */
    private ByteBuffer decoded = ByteBuffer.allocate(0);

    GrpcWebTextBody(StreamSourceConduit next) {
        super(next);
    }

    /**
     * Decoded bytes into {@code dst}; reads on while what came decodes to nothing yet (line breaks, part of a group),
     * so that 0 means no byte is there to read, never bytes taken and none given.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        while (!decoded.hasRemaining()) {
            int read = readAndDecode(dst.remaining());
            if (read <= 0) {
                return read;
            }
        }
        return copy(dst);
    }

    /** Reads what the conduit below has (about {@code room} bytes' worth) and decodes its whole groups. */
    private int readAndDecode(int room) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(Math.max(4, Math.min(MAX_CHUNK, room / 3 * 4)));
        int read = next.read(raw);
        if (read < 0) {
            if (grouped > 0) {
                throw new IOException("grpc-web-text request body: the base64 text ends inside a group of four "
                        + "characters (expected: whole groups, padded with =)");
            }
            return -1;
        }
        if (read == 0) {
            return 0;
        }
        raw.flip();
        byte[] text = new byte[grouped + raw.remaining()];
        System.arraycopy(group, 0, text, 0, grouped);
        int length = grouped;
        while (raw.hasRemaining()) {
            byte c = raw.get();
            if (c != '\r' && c != '\n') {
                text[length++] = c;
            }
        }
        int whole = length - length % 4;
        grouped = length - whole;
        System.arraycopy(text, whole, group, 0, grouped);
        try {
            decoded = ByteBuffer.wrap(Base64.getDecoder().decode(Arrays.copyOf(text, whole)));
        } catch (IllegalArgumentException notBase64) {
            throw new IOException("grpc-web-text request body: " + notBase64.getMessage()
                    + " (expected: standard base64)", notBase64);
        }
        return read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        for (int i = offs; i < offs + len; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    private int copy(ByteBuffer dst) {
        int count = Math.min(dst.remaining(), decoded.remaining());
        ByteBuffer slice = decoded.slice();
        slice.limit(count);
        dst.put(slice);
        decoded.position(decoded.position() + count);
        return count;
    }
}
