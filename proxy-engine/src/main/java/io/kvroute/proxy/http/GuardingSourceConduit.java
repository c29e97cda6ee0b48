package io.kvroute.proxy.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * A source conduit that checks what it hands up: every byte goes through {@link #read(ByteBuffer)}, which the
 * subclass implements (vectored reads and transfers are served through it), unless it says the bytes now pass
 * unchecked; and once it has {@link #stopped()}, reading is never resumed again and waiting for input fails. The
 * common part of {@link RequestHeadGuard} (request heads) and {@link BodyGuard} (request bodies).
 */
abstract class GuardingSourceConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    GuardingSourceConduit(StreamSourceConduit next) {
        super(next);
    }

    /** Whether this conduit stopped for good: nothing more goes up, reading stays suspended. */
    abstract boolean stopped();

    /** Why waiting for input fails once {@link #stopped()}. */
    abstract String stopReason();

    /** Whether bytes now pass unchecked, straight from the conduit below. */
    boolean passing() {
        return false;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        if (passing()) {
            return next.read(dsts, offset, length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        if (passing()) {
            return next.transferTo(position, count, target);
        }
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        if (passing()) {
            return next.transferTo(count, throughBuffer, target);
        }
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    @Override
    public void resumeReads() {
        if (!stopped()) {
            super.resumeReads();
        }
    }

    @Override
    public void wakeupReads() {
        if (!stopped()) {
            super.wakeupReads();
        }
    }

    @Override
    public void awaitReadable() throws IOException {
        if (stopped()) {
            throw new IOException(stopReason());
        }
        super.awaitReadable();
    }

    @Override
    public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
        if (stopped()) {
            throw new IOException(stopReason());
        }
        super.awaitReadable(time, timeUnit);
    }
}
