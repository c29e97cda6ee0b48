package io.kvroute.proxy.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A UDP server on 127.0.0.1 and an ephemeral port that answers each datagram with {@code name:payload}, until closed;
 * {@link #exchange} is the client's side of one datagram and its answer.
 */
public final class UdpEchoServer implements AutoCloseable {
    private final String name;
    private final DatagramSocket socket;
    private final Thread thread;

    private UdpEchoServer(String name, DatagramSocket socket) {
        this.name = name;
        this.socket = socket;
        this.thread = new Thread(this::serve, "udp-echo-" + name);
        this.thread.setDaemon(true);
    }

    public static UdpEchoServer start(String name) {
        try {
            UdpEchoServer echo = new UdpEchoServer(name, new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
            echo.thread.start();
            return echo;
        } catch (SocketException e) {
            throw new IllegalStateException("udp echo " + name + ": cannot bind 127.0.0.1", e);
        }
    }

    /** Sends {@code text} on the connected {@code socket} and returns the datagram that answers it. */
    public static String exchange(DatagramSocket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length));
        DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
        socket.receive(answer);
        return new String(answer.getData(), 0, answer.getLength(), UTF_8);
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = (name + ":" + new String(packet.getData(), 0, packet.getLength(), UTF_8))
                        .getBytes(UTF_8);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
