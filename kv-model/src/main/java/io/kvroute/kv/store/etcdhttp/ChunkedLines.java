package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an HTTP/1.1 response fed to it in pieces as they arrive and passes its body on one line at a time: the status
 * line and headers, then a chunked body (how etcd's gateway streams a watch, one JSON object a line), a body of a
 * {@code Content-Length}, or one that ends with the connection.
 */
final class ChunkedLines {
    /** Where the lines go. */
    interface Sink {
        /** The status line and headers are read; {@code status} is the status code. */
        void headers(int status);

        /** One line of the body, without its line end. */
        void line(String line);

        /** The body ended. */
        void ended();
    }

    private enum State { STATUS, HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, LENGTH, UNTIL_CLOSE, DONE }

    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final Sink sink;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    private State state = State.STATUS;
    private boolean chunked;
    private long remaining = -1;

    ChunkedLines(Sink sink) {
        this.sink = requireNonNull(sink, "sink");
    }

    /** True once the status line and headers were read. */
    boolean hasHeaders() {
        return state != State.STATUS && state != State.HEADERS;
    }

    /** Reads what {@code bytes} holds (position to limit). */
    void feed(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining() && state != State.DONE) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    String line = headLine(bytes);
                    if (line != null) {
                        head(line);
                    }
                }
                case CHUNK_DATA, LENGTH -> {
                    int take = (int) Math.min(remaining, bytes.remaining());
                    bodyBytes(bytes, take);
                    remaining -= take;
                    if (remaining == 0) {
                        if (state == State.CHUNK_DATA) {
                            state = State.CHUNK_END;
                        } else {
                            finish();
                        }
                    }
                }
                case UNTIL_CLOSE -> bodyBytes(bytes, bytes.remaining());
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /** The connection closed: a body that runs until then ends; any other end is early. */
    void closed() throws IOException {
        if (state == State.UNTIL_CLOSE) {
            finish();
        } else if (state != State.DONE) {
            throw new IOException("connection closed before the answer ended");
        }
    }

    private void head(String line) throws IOException {
        switch (state) {
            case STATUS -> {
                String[] parts = line.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1.1 answer: " + line);
                }
                sink.headers(Integer.parseInt(parts[1]));
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (line.isEmpty()) {
                    state = chunked ? State.CHUNK_SIZE : remaining >= 0 ? State.LENGTH : State.UNTIL_CLOSE;
                    if (state == State.LENGTH && remaining == 0) {
                        finish();
                    }
                    return;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                        chunked = true;
                    } else if (name.equals("content-length")) {
                        remaining = Long.parseLong(value);
                    }
                }
            }
            case CHUNK_SIZE -> {
                int extension = line.indexOf(';');
                remaining = Long.parseLong((extension >= 0 ? line.substring(0, extension) : line).trim(), 16);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (line.isEmpty()) {
                    finish();
                }
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    /** The next CRLF-ended line of the head, or null when it is not complete yet. */
    private String headLine(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                byte[] raw = text.toByteArray();
                text.reset();
                int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                return new String(raw, 0, length, StandardCharsets.ISO_8859_1);
            }
            text.write(b);
            if (text.size() > MAX_LINE) {
                throw new IOException("header line longer than " + MAX_LINE + " bytes");
            }
        }
        return null;
    }

    private void bodyBytes(ByteBuffer bytes, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            byte b = bytes.get();
            if (b == '\n') {
                emit();
            } else {
                body.write(b);
                if (body.size() > MAX_LINE) {
                    throw new IOException("body line longer than " + MAX_LINE + " bytes");
                }
            }
        }
    }

    private void emit() {
        byte[] raw = body.toByteArray();
        body.reset();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        if (length > 0) {
            sink.line(new String(raw, 0, length, StandardCharsets.UTF_8));
        }
    }

    private void finish() {
        if (body.size() > 0) {
            emit();
        }
        state = State.DONE;
        sink.ended();
    }
}
