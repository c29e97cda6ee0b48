package io.kvroute.proxy.runtime;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes written to the proxy exactly as given, and everything it answered until it closed the connection (or until a
 * read waited {@link #READ_TIMEOUT_MILLIS} for more, then {@code closedByProxy} is false).
 */
record RawExchange(String received, boolean closedByProxy) {
    static final int READ_TIMEOUT_MILLIS = 5000;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    /** Sends {@code request}; with {@code endOfInput} the client then shuts its sending side (a half close). */
    static RawExchange send(InetSocketAddress proxy, String request, boolean endOfInput) {
        try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (endOfInput) {
                socket.shutdownOutput();
            }
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("raw exchange with " + proxy + " failed", e);
        }
    }

    /**
     * Sends {@code first}, waits (bounded) until {@code forwarded} holds, e.g. until the origin got the start of the
     * body, then sends {@code rest}: the proxy reads the rest while it is already streaming the request upstream.
     */
    static RawExchange sendInTwoParts(InetSocketAddress proxy, String first, BooleanSupplier forwarded, String rest) {
        try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(first.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            await("first part forwarded").atMost(Duration.ofSeconds(5)).until(forwarded::getAsBoolean);
            socket.getOutputStream().write(rest.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("raw exchange with " + proxy + " failed", e);
        }
    }

    private static RawExchange readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
            }
            return new RawExchange(answer.toString(StandardCharsets.ISO_8859_1), true);
        } catch (SocketTimeoutException e) {
            return new RawExchange(answer.toString(StandardCharsets.ISO_8859_1), false);
        } catch (IOException reset) {
            return new RawExchange(answer.toString(StandardCharsets.ISO_8859_1), true);
        }
    }

    /** The status of the first response, or 0 if nothing was answered. */
    int status() {
        Matcher matcher = STATUS_LINE.matcher(received);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** The statuses of all responses, in order. */
    List<Integer> statuses() {
        return STATUS_LINE.matcher(received).results().map(m -> Integer.parseInt(m.group(1))).toList();
    }

    /** How many status lines were answered. */
    long responses() {
        return STATUS_LINE.matcher(received).results().count();
    }
}
