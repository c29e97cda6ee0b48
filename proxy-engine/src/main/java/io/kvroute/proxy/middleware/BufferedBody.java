package io.kvroute.proxy.middleware;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A request or response body read whole before it is forwarded: in memory up to {@code memoryBytes}, gathered in
 * blocks of {@value #BLOCK_BYTES} bytes however small the reads that brought it, the rest in a temporary file
 * {@code kvroute-<kind>-*.body} (deleted when closed). Read back either as buffers ({@link #buffers()}, the file part
 * memory-mapped, for a request body given back to its exchange) or at a position ({@link #read}, the file part read
 * through its channel, so closing frees it at once). Used by one exchange's I/O thread only.
 */
public final class BufferedBody implements Closeable {
    static final int BLOCK_BYTES = 32 * 1024;

    private final long memoryBytes;
    private final String kind;
    /** The in-memory part: full blocks of {@link #BLOCK_BYTES} but the last. */
    private final List<byte[]> blocks = new ArrayList<>();
    private long memorySize;
    private long size;
    private FileChannel file;

    /** A body kept in memory up to {@code memoryBytes}; {@code kind} ({@code request}, ...) names its file. */
    public BufferedBody(long memoryBytes, String kind) {
        this.memoryBytes = memoryBytes;
        this.kind = kind;
    }

    public void append(byte[] data) throws IOException {
        append(ByteBuffer.wrap(data));
    }

    /** Appends what remains in {@code data}, which is consumed. */
    public void append(ByteBuffer data) throws IOException {
        size += data.remaining();
        while (data.hasRemaining() && file == null && memorySize < memoryBytes) {
            int fill = (int) (memorySize % BLOCK_BYTES);
            if (fill == 0 && memorySize / BLOCK_BYTES == blocks.size()) {
                blocks.add(new byte[(int) Math.min(BLOCK_BYTES, memoryBytes - memorySize)]);
            }
            byte[] block = blocks.get(blocks.size() - 1);
            int count = Math.min(data.remaining(), block.length - fill);
            data.get(block, fill, count);
            memorySize += count;
        }
        if (data.hasRemaining()) {
            if (file == null) {
                Path path = Files.createTempFile("kvroute-" + kind + "-", ".body");
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
            while (data.hasRemaining()) {
                file.write(data);
            }
        }
    }

    public long size() {
        return size;
    }

    /**
     * Reads from {@code position} of the body into {@code dst}: the bytes read, -1 at the end (or once closed, for
     * what was in the file).
     */
    public int read(long position, ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        if (position < memorySize) {
            byte[] block = blocks.get((int) (position / BLOCK_BYTES));
            int offset = (int) (position % BLOCK_BYTES);
            int count = (int) Math.min(dst.remaining(), Math.min(block.length - offset, memorySize - position));
            dst.put(block, offset, count);
            return count;
        }
        if (file == null) {
            return -1;
        }
        return file.read(dst, position - memorySize);
    }

    /** The body as buffers to give back to the exchange, in order; the file part mapped read-only. */
    public PooledByteBuffer[] buffers() throws IOException {
        List<PooledByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            int length = (int) Math.min(BLOCK_BYTES, memorySize - (long) i * BLOCK_BYTES);
            buffers.add(new ImmediatePooledByteBuffer(ByteBuffer.wrap(blocks.get(i), 0, length)));
        }
        if (file != null) {
            long length = file.size();
            for (long offset = 0; offset < length; offset += Integer.MAX_VALUE) {
                long part = Math.min(Integer.MAX_VALUE, length - offset);
                buffers.add(new ImmediatePooledByteBuffer(file.map(FileChannel.MapMode.READ_ONLY, offset, part)));
            }
        }
        return buffers.toArray(PooledByteBuffer[]::new);
    }

    /**
     * Deletes the temporary file, if any; a mapping already handed on ({@link #buffers()}) stays readable until it is
     * collected.
     */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
