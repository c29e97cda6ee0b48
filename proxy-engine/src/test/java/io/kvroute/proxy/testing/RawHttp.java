package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Sends one request exactly as written (no client-side path normalisation) and reads the answer: what the auth and
 * path-trick tests need.
 */
public record RawHttp(int status, String head, String body) {
    public static RawHttp send(InetSocketAddress address, String requestHead) throws IOException {
        return send(address, InetAddress.getLoopbackAddress(), requestHead);
    }

    /** {@link #send(InetSocketAddress, String)} from local address {@code from} (another loopback client). */
    public static RawHttp send(InetSocketAddress address, InetAddress from, String requestHead) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort(), from, 0)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            return new RawHttp(Integer.parseInt(head.substring(9, 12)), head, body);
        }
    }

    /** {@code GET target} with {@code Connection: close}, plus {@code extraHeaders} lines ending in CRLF. */
    public static RawHttp get(InetSocketAddress address, String target, String extraHeaders) throws IOException {
        return get(address, InetAddress.getLoopbackAddress(), target, extraHeaders);
    }

    /** {@link #get(InetSocketAddress, String, String)} from local address {@code from}. */
    public static RawHttp get(InetSocketAddress address, InetAddress from, String target, String extraHeaders)
            throws IOException {
        return send(address, from, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort()
                + "\r\nConnection: close\r\n" + extraHeaders + "\r\n");
    }

    public static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    /** The value of response header {@code name}, or null. */
    public String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
