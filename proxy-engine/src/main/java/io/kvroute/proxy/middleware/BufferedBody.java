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
 * A request or response body read whole before it is forwarded: in memory up to {@code memoryBytes}, the rest in a
 * temporary file {@code kvroute-<kind>-*.body} (deleted when closed) that is handed on memory-mapped, so a large body
 * costs page cache rather than heap. Used by one exchange's I/O thread only.
 */
public final class BufferedBody implements Closeable {
    private final long memoryBytes;
    private final String kind;
    private final List<byte[]> inMemory = new ArrayList<>();
    private long memorySize;
    private long size;
    private FileChannel file;

    /** A body kept in memory up to {@code memoryBytes}; {@code kind} ({@code request}, ...) names its file. */
    public BufferedBody(long memoryBytes, String kind) {
        this.memoryBytes = memoryBytes;
        this.kind = kind;
    }

    public void append(byte[] data) throws IOException {
        if (file == null && memorySize + data.length <= memoryBytes) {
            inMemory.add(data);
            memorySize += data.length;
        } else {
            if (file == null) {
                Path path = Files.createTempFile("kvroute-" + kind + "-", ".body");
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
        }
        size += data.length;
    }

    public long size() {
        return size;
    }

    /** The body as buffers to give back to the exchange, in order; the file part mapped read-only. */
    public PooledByteBuffer[] buffers() throws IOException {
        List<PooledByteBuffer> buffers = new ArrayList<>();
        for (byte[] chunk : inMemory) {
            buffers.add(new ImmediatePooledByteBuffer(ByteBuffer.wrap(chunk)));
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

    /** Deletes the temporary file, if any; a mapping already handed on stays readable until it is collected. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
