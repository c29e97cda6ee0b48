package io.kvroute.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection kept open across requests (HTTP/1.1 keep-alive): each {@link #get} sends a request without
 * {@code Connection: close} and reads exactly one answer framed by {@code Content-Length}, so the next request goes
 * over the same connection and the same TLS session.
 */
public final class KeptAliveTls implements AutoCloseable {
    /** One answer: its status code and its body. */
    public record Answer(int status, String body) {
    }

    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final SSLSocket socket;

    KeptAliveTls(SSLSocket socket) {
        this.socket = socket;
    }

    /** The leaf certificate the server presented when this connection shook hands. */
    public X509Certificate leaf() throws SSLPeerUnverifiedException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** GET {@code path} with Host {@code host} on this connection; throws if the connection broke. */
    public Answer get(String host, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length on a kept-alive connection: " + head);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("the connection closed after " + body.length + " of " + length + " body bytes");
        }
        return new Answer(Integer.parseInt(head.substring(9, 12)), new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the end of an answer's head: " + head);
            }
            if (head.size() >= MAX_HEAD_BYTES) {
                throw new IOException("an answer's head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
