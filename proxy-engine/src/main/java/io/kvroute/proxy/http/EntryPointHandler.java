package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPaths;
import io.kvroute.proxy.routing.ExchangeRequestView;
import io.kvroute.proxy.routing.RouteMatch;
import io.kvroute.proxy.routing.RewrittenPath;
import io.kvroute.proxy.tls.ConnectionOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * An entry point's routing, after {@link EntryPointRequests} cleaned the request: reads the current snapshot once,
 * finds the route on the normalized path (none: 404, as Traefik answers), applies Traefik v1 path rewrites, and hands
 * the exchange to the router's chain, which forwards the normalized path. Runs on the IO thread and never blocks.
 *
 * <p>A request over a TLS connection made with other TLS options than the snapshot's configuration gives its server
 * name ({@link ServingSnapshot#tlsConnections}) gets {@code 421 Misdirected Request} and the connection is closed
 * after it (HTTP/1.1 by not keeping it alive; HTTP/2 by a GOAWAY once the response is sent,
 * {@link Http2ConnectionEnd}: many HTTP/2 clients, the JDK's and gRPC's among them, would otherwise keep the
 * connection and get 421 on every request): the connection was made before its host's options changed, or in the
 * instant between the new options' publication and the swap to the snapshot built with them. Fail closed wins over
 * availability here: such a request is never routed under options other than those its router's configuration gives
 * it, at the cost of one 421; the client's next request opens a new connection, made with the current options.
 */
public final class EntryPointHandler implements HttpHandler {
    private static final HttpString X_FORWARDED_PREFIX = HttpString.tryFromString("X-Forwarded-Prefix");
    private static final HttpString X_REPLACED_PATH = HttpString.tryFromString("X-Replaced-Path");
    /** RFC 9110's 421, which Undertow's {@code StatusCodes} does not name. */
    private static final int MISDIRECTED_REQUEST = 421;
    private static final AttachmentKey<CheckedConnection> CHECKED = AttachmentKey.create(CheckedConnection.class);

    private final String entryPoint;
    private final Supplier<ServingSnapshot> snapshot;

    /** @param snapshot the snapshot being served now, read once per request; never null */
    public EntryPointHandler(String entryPoint, Supplier<ServingSnapshot> snapshot) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.snapshot = requireNonNull(snapshot, "snapshot");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServingSnapshot current = snapshot.get();
        SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
        if (tls != null && !madeWithItsOptions(exchange, tls.getSSLSession(), current.tlsConnections())) {
            exchange.setPersistent(false);
            Http2ConnectionEnd.afterResponse(exchange);
            exchange.setStatusCode(MISDIRECTED_REQUEST).setReasonPhrase("Misdirected Request");
            exchange.getResponseSender().send("421 Misdirected Request\n");
            return;
        }
        Optional<RouteMatch> route = current.routing().route(new ExchangeRequestView(exchange), entryPoint,
                tls != null);
        HttpHandler chain = route.map(match -> current.chain(match.routerName(), entryPoint)).orElse(null);
        if (chain == null) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.getResponseSender().send("404 page not found\n");
            return;
        }
        RouteMatch match = route.get();
        if (!match.rewrites().isEmpty()) {
            rewrite(exchange, match.rewrites().apply(exchange.getRelativePath()));
        }
        exchange.addResponseWrapper(ResponseHopByHop.INSTANCE);
        RoutedRequest.attach(exchange, match, entryPoint);
        chain.handleRequest(exchange);
    }

    /**
     * Whether the TLS connection of {@code exchange} was made with the options {@code options} give its server name;
     * asked once per connection and configuration (and again if the connection's session changes), not on each of
     * its requests: neither the options a handshake recorded nor the configuration's change in between.
     */
    private boolean madeWithItsOptions(HttpServerExchange exchange, SSLSession session, ConnectionOptions options) {
        ServerConnection connection = exchange.getConnection();
        CheckedConnection checked = connection.getAttachment(CHECKED);
        if (checked == null || checked.options() != options || checked.session() != session) {
            checked = new CheckedConnection(options, session, options.madeWith(entryPoint, session));
            connection.putAttachment(CHECKED, checked);
        }
        return checked.madeWith();
    }

    /** The last answer of {@link ConnectionOptions#madeWith} for a connection, with what it was asked about. */
    private record CheckedConnection(ConnectionOptions options, SSLSession session, boolean madeWith) {
    }

    private static void rewrite(HttpServerExchange exchange, RewrittenPath rewritten) {
        rewritten.forwardedPrefixes().forEach(prefix -> exchange.getRequestHeaders().add(X_FORWARDED_PREFIX, prefix));
        rewritten.replacedPaths().forEach(path -> exchange.getRequestHeaders().add(X_REPLACED_PATH, path));
        RequestPaths.rewrite(exchange, rewritten.path());
    }
}
