import io.undertow.Undertow;

/**
 * The floor under any Undertow-based proxy: Undertow's bare server answering every request from memory, with the
 * same IO threads and buffers kvroute's entry points get. bench/run measures it next to the proxies (it forwards
 * nothing, so it is the cost of the client-facing half alone). Run with kvroute.jar on the class path:
 * {@code java -cp kvroute.jar bench/UndertowHello.java 127.0.0.1 18092}.
 */
public final class UndertowHello {
    public static void main(String[] args) {
        Undertow.builder()
                .addHttpListener(Integer.parseInt(args[1]), args[0])
                .setHandler(exchange -> exchange.getResponseSender().send("hello floor\n"))
                .build()
                .start();
    }
}
