package io.kvroute.proxy.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A client on a plain {@link Socket}: writes a case's bytes exactly, ends its side as the case says, and reads the
 * responses with a bounded read timeout, noting whether the server closed the connection. Every wait is bounded by
 * {@link #READ_TIMEOUT} per read (2 s for a {@code 100 Continue}).
 */
final class RawClient {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONTINUE_WAIT = Duration.ofSeconds(2);
    private static final int MAX_HEAD_LINES = 200;

    private RawClient() {
    }

    /** Runs {@code testCase} against the server on 127.0.0.1:{@code port}. */
    static ClientResult exchange(int port, ConformanceCase testCase) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new Conversation(socket, testCase).run();
        } catch (IOException e) {
            throw new UncheckedIOException("case " + testCase.name() + ": cannot talk to 127.0.0.1:" + port, e);
        }
    }

    /** One connection's reads and writes. */
    private static final class Conversation {
        private final Socket socket;
        private final ConformanceCase testCase;
        private final InputStream in;
        private final OutputStream out;
        private final List<RawResponse> responses = new ArrayList<>();
        private boolean gotContinue;
        private boolean tunnelled;

        Conversation(Socket socket, ConformanceCase testCase) throws IOException {
            this.socket = socket;
            this.testCase = testCase;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        ClientResult run() throws IOException {
            out.write(testCase.request().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                Optional<Head> early = testCase.continuation().isEmpty() ? Optional.empty() : continueOrAnswer();
                switch (testCase.ending()) {
                    case KEEP_OPEN -> { }
                    case HALF_CLOSE -> socket.shutdownOutput();
                    case CLOSE -> {
                        return result(ConnectionEnd.CLIENT_CLOSED);
                    }
                }
                return readResponses(early);
            } catch (SocketTimeoutException e) {
                return result(ConnectionEnd.STILL_OPEN);
            } catch (EOFException e) {
                return result(ConnectionEnd.CLOSED);
            } catch (SocketException e) {
                return result(ConnectionEnd.RESET);
            }
        }

        /** Waits (bounded) for 100 Continue, then sends the body; a final answer instead is returned unread. */
        private Optional<Head> continueOrAnswer() throws IOException {
            socket.setSoTimeout((int) CONTINUE_WAIT.toMillis());
            Optional<Head> head;
            try {
                head = Optional.ofNullable(readHead());
            } catch (SocketTimeoutException e) {
                head = Optional.empty();
            }
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            if (head.isPresent() && head.get().status() != 100) {
                return head;
            }
            gotContinue = head.isPresent();
            out.write(testCase.continuation().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return Optional.empty();
        }

        private ClientResult readResponses(Optional<Head> early) throws IOException {
            Head pending = early.orElse(null);
            while (responses.size() < testCase.responses() || testCase.awaitClose()) {
                Head head = pending != null ? pending : readHead();
                pending = null;
                if (head == null) {
                    return result(ConnectionEnd.CLOSED);
                }
                if (head.status() == 100) {
                    gotContinue = true;
                    continue;
                }
                if (head.status() == 101) {
                    responses.add(new RawResponse(101, head.lines(), new byte[0]));
                    tunnelled = readTunnel();
                    return result(ConnectionEnd.NOT_AWAITED);
                }
                responses.add(new RawResponse(head.status(), head.lines(), readBody(head)));
            }
            return result(ConnectionEnd.NOT_AWAITED);
        }

        private ClientResult result(ConnectionEnd end) {
            return new ClientResult(responses, gotContinue, tunnelled, end);
        }

        /** The next response head, or null at EOF before its first byte. */
        private Head readHead() throws IOException {
            String statusLine = readLine(true);
            if (statusLine == null) {
                return null;
            }
            List<String> lines = new ArrayList<>();
            for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
                if (lines.size() == MAX_HEAD_LINES) {
                    throw new IOException("more than " + MAX_HEAD_LINES + " response header lines");
                }
                lines.add(line);
            }
            if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
                throw new IOException("not an HTTP/1.x status line: " + RawBytes.escape(statusLine));
            }
            return new Head(Integer.parseInt(statusLine.substring(9, 12)), lines);
        }

        private byte[] readBody(Head head) throws IOException {
            if (head.status() == 204 || head.status() == 304) {
                return new byte[0];
            }
            Optional<String> coding = head.response().header("Transfer-Encoding");
            if (coding.isPresent() && coding.get().toLowerCase(Locale.ROOT).endsWith("chunked")) {
                return readChunks();
            }
            Optional<String> length = head.response().header("Content-Length");
            if (length.isPresent()) {
                return in.readNBytes(Integer.parseInt(length.get()));
            }
            return in.readAllBytes();
        }

        private byte[] readChunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                readLine(false);
            }
            String trailer;
            do {
                trailer = readLine(false);
            } while (!trailer.isEmpty());
            return body.toByteArray();
        }

        private int chunkSize() throws IOException {
            return Integer.parseInt(readLine(false).split(";", 2)[0].strip(), 16);
        }

        /** Reads what follows a 101 until the origin's marker arrived, the server closed, or the timeout ran out. */
        private boolean readTunnel() throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    seen.write(buffer, 0, read);
                    if (seen.toString(StandardCharsets.ISO_8859_1).contains(OriginAnswer.TUNNEL_MARKER)) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
            return false;
        }

        /** A line without its CRLF (or bare LF); null at EOF before any byte when {@code eofAllowed}. */
        private String readLine(boolean eofAllowed) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    if (eofAllowed && line.size() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed inside a response");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }

    /** A response head: status and header lines. */
    private record Head(int status, List<String> lines) {
        RawResponse response() {
            return new RawResponse(status, lines, new byte[0]);
        }
    }
}
